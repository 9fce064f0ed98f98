package io.github.corebanking.ledger.postgres.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The posting round trip's statements ({@link PostingEngine}), kept as every statement of the
 * library is: one resource per statement under {@code <package path>/PostingSql/<name>.sql},
 * the schema written {@code <schema>} and replaced by the validated, quoted schema name, nothing
 * else ever spliced into SQL.
 *
 * <p>They are sent over the connection itself rather than through Jdbi because one posting
 * batch is a single {@code PreparedStatement} carrying several statements (lock, check, write,
 * {@code COMMIT}) with positional array parameters, whose results are read in order: one round
 * trip where Jdbi would take one per statement (the benchmarks' {@code RoundTrips} measures a
 * transaction of that shape at about a quarter of Jdbi's latency; see bench/README.md). Not
 * supported for use outside the library.
 */
public final class PostingSql {

  private static final ClasspathSqlLocator LOCATOR = ClasspathSqlLocator.create();

  private final String quotedSchema;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * @param quotedSchema the schema as a quoted identifier, already validated
   */
  public PostingSql(String quotedSchema) {
    this.quotedSchema = quotedSchema;
  }

  /**
   * @param name the statement's name, such as {@code "batchPrepare"}
   * @return the statement for this schema
   */
  public String get(String name) {
    return cache.computeIfAbsent(name, n -> LOCATOR.locate(PostingSql.class, n).replace("<schema>", quotedSchema));
  }
}
