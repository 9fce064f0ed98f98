package io.github.corebanking.ledger.cli;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes the values the commands print with {@code --json}: maps (objects, in their order),
 * records (objects of their components), collections (arrays), strings, numbers, booleans, null; durations as milliseconds; anything
 * else as its string. One document per run, on one line, so scripts can pipe it to {@code jq}.
 */
final class Json {

  private Json() {}

  static String write(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, @Nullable Object value) {
    if (value instanceof Optional<?> o) {
      value = o.orElse(null);
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Record record) {
      Map<String, @Nullable Object> fields = new LinkedHashMap<>();
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        try {
          fields.put(c.getName(), c.getAccessor().invoke(record));
        } catch (ReflectiveOperationException e) {
          fields.put(c.getName(), null);
        }
      }
      write(out, fields);
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object o : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, o);
      }
      out.append(']');
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      out.append(d);
    } else if (value instanceof Duration d) {
      out.append(d.toMillis());
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
