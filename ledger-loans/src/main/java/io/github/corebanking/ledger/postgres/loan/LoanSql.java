package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.postgres.internal.SqlResources;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loan book's SQL, kept in {@code .sql} resources beside the migrations. A statement names the
 * schema with the token {@code {schema}}, replaced by the validated, quoted schema name; nothing
 * else is ever spliced into SQL.
 */
final class LoanSql {

  private static final String DIR = "/io/github/corebanking/ledger/postgres/loan/sql/";

  private final String quotedSchema;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * @param quotedSchema the schema as a quoted identifier, already validated
   */
  LoanSql(String quotedSchema) {
    this.quotedSchema = quotedSchema;
  }

  /**
   * @param name the resource's name without {@code .sql}
   * @return the statement for this schema
   */
  String get(String name) {
    return cache.computeIfAbsent(name, n -> SqlResources.text(DIR + n + ".sql").strip().replace("{schema}", quotedSchema));
  }
}
