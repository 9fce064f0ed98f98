package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.MigrationChecksumException;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SchemaHistory;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.util.List;
import javax.sql.DataSource;

/**
 * The loan book's tables in a ledger's schema. {@link PostgresLedgerSchema#migrate} applies them
 * together with the ledger's whenever {@code ledger-loans} is on the classpath, recording them in
 * the schema's one history table ({@code schema_history}, module {@value #MODULE}); this class is
 * the entry point for the loan module alone and for its versions.
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");   // the ledger and the loan tables
 * PostgresLoanSchema.migrate(dataSource, "ledger");     // the loan tables only, on a migrated ledger
 * }</pre>
 *
 * <p>The scripts live under {@value #MIGRATION_LOCATION}, named the Flyway way in the loans' own
 * range of versions ({@code V1001__loans.sql}, {@code V1002__loan_aging.sql}) with unqualified
 * names: they run in the schema first on the {@code search_path}, after the ledger's own scripts
 * (loans reference the ledger's {@code accounts}). To run them from your own Flyway, add
 * {@code classpath:io/github/corebanking/ledger/postgres/loan/migration} to the ledger's Flyway
 * {@code locations} (with {@code outOfOrder(true)}); for Liquibase, include
 * {@value #LIQUIBASE_CHANGELOG} after the ledger's change log. The store and {@link #migrate}
 * recognise loan tables built either way.
 */
public final class PostgresLoanSchema {

  /** The loan book's module name in {@code schema_history}. */
  public static final String MODULE = "loans";
  /** The loan book's Liquibase change log on the classpath: one change set per script. */
  public static final String LIQUIBASE_CHANGELOG = "io/github/corebanking/ledger/postgres/loan/migration/changelog.xml";
  /** Where the migration scripts live on the classpath. */
  public static final String MIGRATION_LOCATION = "/io/github/corebanking/ledger/postgres/loan/migration/";

  private static final SchemaModule LOANS = new LoanSchemaModule();

  private PostgresLoanSchema() {}

  /** @return the loan book's schema module */
  public static SchemaModule module() {
    return LOANS;
  }

  /** @return the migration scripts' resource names, in the order they apply */
  public static List<String> migrationScripts() {
    return List.copyOf(MigrationRunner.scripts(LOANS).values());
  }

  /** @return the loan schema version this library expects: the highest of its scripts */
  public static int latestVersion() {
    return MigrationRunner.latestVersion(LOANS);
  }

  /**
   * Applies every loan migration the schema lacks, in one transaction, under the schema's
   * migration lock, so concurrent calls apply each script once. The ledger's own module must have
   * been applied, by {@link PostgresLedgerSchema#migrate} (which does both at once) or by your own
   * Flyway or Liquibase; loan scripts such a tool applied are recorded, not run again.
   *
   * @param dataSource where the ledger lives; needs a role that may create tables
   * @param schema     the ledger's schema, already migrated by {@link PostgresLedgerSchema#migrate}
   * @return how many migrations were applied (0 when up to date)
   * @throws InvalidRequestException    naming {@code schema} when the name is not acceptable or the
   *                                    schema holds no ledger
   * @throws MigrationChecksumException naming the script when an applied script was changed
   * @throws StoreUnavailableException  when the database cannot be reached or the schema is newer
   *                                    than this library
   */
  public static int migrate(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    PostgresLedgerSchema.validateSchemaName(schema);
    return MigrationRunner.migrate(dataSource, schema, List.of(LOANS), List.of(PostgresLedgerSchema.ledgerModule(), LOANS));
  }

  /**
   * The loan migration version a schema is at: from its history table, and for scripts another
   * tool applied, from the objects they created.
   *
   * @param dataSource the database
   * @param schema     the ledger's schema
   * @return the highest applied loan version, or 0 when the loan tables were never applied
   * @throws InvalidRequestException naming {@code schema} when the name is not acceptable
   */
  public static int currentVersion(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    return SchemaHistory.version(dataSource, PostgresLedgerSchema.validateSchemaName(schema), LOANS);
  }
}
