package io.github.corebanking.ledger.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of one run (the database password, passwords inside the JDBC or Redis URL) and the
 * one place that removes them from text: every line the command line prints, to standard output
 * or standard error, goes through {@link #mask}.
 */
final class Secrets {

  static final String MASK = "****";

  private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)([^&;\\s]*)");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:?#\\s]*:)([^/@?#\\s]*)(@)");

  private final List<String> values = new ArrayList<>();

  /**
   * Adds a secret value, and the passwords inside it when it is a URL.
   *
   * @param value a password or a URL that may hold one
   */
  void add(String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (value.contains("://")) {
      addMatches(URL_PASSWORD_PARAM.matcher(value));
      addMatches(URL_USER_INFO.matcher(value));
    } else {
      values.add(value);
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
  }

  private void addMatches(Matcher m) {
    while (m.find()) {
      if (!m.group(2).isEmpty()) {
        values.add(m.group(2));
      }
    }
  }

  /**
   * @param text any text about to be printed
   * @return the text with every known secret, and every password in a URL, replaced by {@value #MASK}
   */
  String mask(String text) {
    String masked = redactUrls(text);
    for (String secret : values) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  /**
   * @param text text that may hold URLs
   * @return the text with the passwords of its URLs replaced by {@value #MASK}
   */
  static String redactUrls(String text) {
    String out = URL_PASSWORD_PARAM.matcher(text).replaceAll("$1" + MASK);
    return URL_USER_INFO.matcher(out).replaceAll("$1" + MASK + "$3");
  }
}
