package io.github.corebanking.ledger.postgres.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The flat {@code {"name": number}} objects of {@code job_runs.counts}, written by the job runs
 * and read back by them and the diagnostics. Not supported for use outside the library.
 */
public final class JobCounts {

  private static final Pattern PAIR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*(-?\\d+)");
  private static final Pattern ESCAPE = Pattern.compile("\\\\(u[0-9a-fA-F]{4}|.)");

  private JobCounts() {}

  /**
   * @param json the text of a jsonb object of numbers, such as {@code {"created": 1}}
   * @return its pairs in order (values that are not whole numbers are left out)
   */
  public static Map<String, Long> parse(@Nullable String json) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (json == null) {
      return counts;
    }
    Matcher m = PAIR.matcher(json);
    while (m.find()) {
      counts.put(unescape(m.group(1)), Long.parseLong(m.group(2)));
    }
    return counts;
  }

  /**
   * @param counts names and values
   * @return the JSON object, every name escaped
   */
  public static String json(Map<String, Long> counts) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append('"');
      for (char ch : c.getKey().toCharArray()) {
        if (ch == '"' || ch == '\\') {
          json.append('\\').append(ch);
        } else if (ch < 0x20) {
          json.append(String.format("\\u%04x", (int) ch));
        } else {
          json.append(ch);
        }
      }
      json.append("\": ").append(c.getValue());
    }
    return json.append('}').toString();
  }

  private static String unescape(String text) {
    Matcher m = ESCAPE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String e = m.group(1);
      String ch = switch (e.charAt(0)) {
        case 'u' -> String.valueOf((char) Integer.parseInt(e.substring(1), 16));
        case 'n' -> "\n";
        case 't' -> "\t";
        case 'r' -> "\r";
        case 'b' -> "\b";
        case 'f' -> "\f";
        default -> e;
      };
      m.appendReplacement(out, Matcher.quoteReplacement(ch));
    }
    m.appendTail(out);
    return out.toString();
  }
}
