package io.github.corebanking.ledger.postgres.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata maps to and from the flat JSON objects stored in {@code jsonb} columns. Only the shape
 * the ledger writes is read back: one object of string values. Not supported for use outside the
 * library.
 */
public final class JsonMaps {

  private JsonMaps() {}

  /**
   * @param map string pairs
   * @return a JSON object
   */
  public static String write(Map<String, String> map) {
    if (map.isEmpty()) {
      return "{}";
    }
    StringBuilder s = new StringBuilder(32 * map.size()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) {
        s.append(',');
      }
      first = false;
      quote(s, e.getKey());
      s.append(':');
      quote(s, e.getValue());
    }
    return s.append('}').toString();
  }

  private static void quote(StringBuilder s, String text) {
    s.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    s.append('"');
  }

  /**
   * @param json a JSON object of string values, as PostgreSQL prints {@code jsonb}
   * @return the pairs, unmodifiable
   * @throws IllegalArgumentException when the text is not such an object
   */
  public static Map<String, String> read(String json) {
    Parser p = new Parser(json);
    Map<String, String> map = new LinkedHashMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
      return Map.of();
    }
    while (true) {
      p.skipSpace();
      String key = p.string();
      p.skipSpace();
      p.expect(':');
      p.skipSpace();
      map.put(key, p.string());
      p.skipSpace();
      char c = p.next();
      if (c == '}') {
        return Collections.unmodifiableMap(map);
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or } at " + (p.pos - 1) + " in metadata " + json);
      }
    }
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    char peek() {
      if (pos >= text.length()) {
        throw new IllegalArgumentException("metadata ends early: " + text);
      }
      return text.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("expected " + c + " at " + (pos - 1) + " in metadata " + text);
      }
    }

    void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    String string() {
      expect('"');
      StringBuilder s = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return s.toString();
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> s.append(e);
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw new IllegalArgumentException("bad escape in metadata " + text);
            }
            s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e + " in metadata " + text);
        }
      }
    }
  }
}
