package io.github.corebanking.ledger.postgres.jobs;

import java.util.Map;

/** The counts of a job run as a JSON object for {@code job_runs.counts}. */
final class Json {

  private Json() {}

  static String counts(Map<String, Long> counts) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
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
      json.append("\":").append(c.getValue());
    }
    return json.append('}').toString();
  }
}
