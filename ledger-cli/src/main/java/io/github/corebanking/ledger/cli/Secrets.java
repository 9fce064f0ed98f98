package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.internal.Redaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The secrets of one run (the database password, passwords inside the JDBC or Redis URL) and the
 * one place that removes them from text: every line the command line prints, to standard output
 * or standard error, goes through {@link #mask}. Passwords inside URLs are found and hidden by core's
 * {@link Redaction}; this class adds the secrets given on their own.
 */
final class Secrets {

  static final String MASK = Redaction.MASK;

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
      values.addAll(Redaction.secretsIn(value));
    } else {
      values.add(value);
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
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
    return Redaction.urls(text);
  }
}
