package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.util.Set;

/**
 * The loan book's part of a ledger's schema, module {@value PostgresLoanSchema#MODULE}: tables
 * {@code loans}, {@code loan_installments}, {@code loan_transactions}, {@code loan_allocations} and
 * the {@code loan_aging} view, over the ledger's {@code accounts}. Registered through
 * {@code META-INF/services}, so {@code PostgresLedgerSchema.migrate(dataSource, schema)} applies it
 * whenever this jar is on the classpath; {@link PostgresLoanSchema} applies it alone.
 */
public final class LoanSchemaModule implements SchemaModule {

  /** For {@link java.util.ServiceLoader}; use {@link PostgresLoanSchema#module()} otherwise. */
  public LoanSchemaModule() {}

  @Override
  public String name() {
    return PostgresLoanSchema.MODULE;
  }

  @Override
  public Set<String> requires() {
    return Set.of(PostgresLedgerSchema.MODULE);
  }

  @Override
  public String scriptLocation() {
    return PostgresLoanSchema.MIGRATION_LOCATION;
  }

  @Override
  public String toString() {
    return "SchemaModule[" + name() + "]";
  }
}
