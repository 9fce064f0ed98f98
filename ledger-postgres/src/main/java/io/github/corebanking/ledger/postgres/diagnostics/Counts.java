package io.github.corebanking.ledger.postgres.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads and writes the flat {@code {"name": number}} objects of {@code job_runs.counts}. */
final class Counts {

  private static final Pattern PAIR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*(-?\\d+)");

  private Counts() {}

  /**
   * @param json the text of a jsonb object of numbers, such as {@code {"created": 1}}
   * @return its pairs in order (values that are not whole numbers are left out)
   */
  static Map<String, Long> parse(@Nullable String json) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (json == null) {
      return counts;
    }
    Matcher m = PAIR.matcher(json);
    while (m.find()) {
      counts.put(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"), Long.parseLong(m.group(2)));
    }
    return counts;
  }

  /**
   * @param counts names (the job's own constants) and values
   * @return the JSON object
   */
  static String json(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"').append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\": ").append(e.getValue());
    }
    return b.append('}').toString();
  }
}
