package io.github.corebanking.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for keeping credentials out of messages and log lines: every text the library shows
 * that may hold a connection URL (a JDBC URL, a Redis URI) goes through {@link #urls}.
 *
 * <p>In a URL, everything between {@code ://} and the <em>last</em> {@code @} of the URL is user
 * information and is hidden whole: a password holding {@code /} or {@code @} (unencoded, as users
 * type them) is hidden with the rest, at the price of also hiding a host when a query holds an
 * {@code @}. The values of {@code password=} and {@code sslpassword=} parameters (JDBC style, after
 * {@code ?}, {@code &} or {@code ;}) are hidden too. A URL ends at white space.
 */
public final class Redaction {

  /** What replaces a hidden credential. */
  public static final String MASK = "***";

  private static final Pattern URL = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)(\\S*)");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;](?:ssl)?password=)([^&;\\s]*)");

  private Redaction() {
  }

  /**
   * @param text any text that may hold URLs, or null
   * @return the text with the user information and password parameters of its URLs replaced by
   *     {@value #MASK}
   */
  public static String urls(String text) {
    if (text == null) {
      return "null";
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String rest = m.group(2);
      int at = rest.lastIndexOf('@');
      String shown = at < 0 ? rest : MASK + rest.substring(at);
      shown = PASSWORD_PARAM.matcher(shown).replaceAll("$1" + Matcher.quoteReplacement(MASK));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + shown));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The credentials inside a URL, for a caller that must also hide them where they appear on their
   * own (in a driver's message, say).
   *
   * @param url a URL
   * @return its user information's password (or the whole user information when it has no
   *     {@code :}) and the values of its password parameters; empty when it holds none
   */
  public static List<String> secretsIn(String url) {
    List<String> found = new ArrayList<>();
    if (url == null) {
      return found;
    }
    Matcher m = URL.matcher(url);
    while (m.find()) {
      String rest = m.group(2);
      int at = rest.lastIndexOf('@');
      if (at > 0) {
        String userInfo = rest.substring(0, at);
        int colon = userInfo.indexOf(':');
        String secret = colon < 0 ? userInfo : userInfo.substring(colon + 1);
        if (!secret.isEmpty()) {
          found.add(secret);
        }
      }
      Matcher p = PASSWORD_PARAM.matcher(rest);
      while (p.find()) {
        if (!p.group(2).isEmpty()) {
          found.add(p.group(2));
        }
      }
    }
    return found;
  }
}
