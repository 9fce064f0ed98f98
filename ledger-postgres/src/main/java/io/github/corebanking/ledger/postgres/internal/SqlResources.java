package io.github.corebanking.ledger.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's SQL, kept in {@code .sql} resources next to this class. A statement names the
 * ledger's schema with the token {@code {schema}}, replaced by the validated, quoted schema name;
 * nothing else is ever spliced into SQL. Not supported for use outside the library.
 */
public final class SqlResources {

  private static final String DIR = "/io/github/corebanking/ledger/postgres/sql/";

  private final String quotedSchema;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * @param quotedSchema the schema as a quoted identifier, already validated
   */
  public SqlResources(String quotedSchema) {
    this.quotedSchema = quotedSchema;
  }

  /**
   * @param name the resource's name without {@code .sql}, such as {@code "lock_accounts"}
   * @return the statement for this schema
   */
  public String get(String name) {
    return cache.computeIfAbsent(name, n -> read(n).replace("{schema}", quotedSchema));
  }

  /**
   * Reads a resource as UTF-8 text.
   *
   * @param name the resource's name without {@code .sql}
   * @return its text
   */
  static String read(String name) {
    return text(DIR + name + ".sql");
  }

  /**
   * Reads a classpath resource as UTF-8 text.
   *
   * @param path an absolute resource path
   * @return its text
   */
  public static String text(String path) {
    try (InputStream in = SqlResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
