/**
 * The loan book on PostgreSQL: {@link io.github.corebanking.ledger.postgres.loan.LoanSchemaModule}
 * is the loan tables' part of a ledger's schema, applied by {@code PostgresLedgerSchema.migrate}
 * together with the ledger's (or alone by
 * {@link io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema}), {@link io.github.corebanking.ledger.postgres.loan.PostgresLoanStore}
 * stores loans, installments and allocations and answers the aging query, and
 * {@link io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob} refreshes the
 * {@code loan_aging} materialized view.
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");   // the ledger's tables and the loan book's
 * LoanBook loans = LoanBook.builder()
 *     .ledger(ledger)
 *     .store(PostgresLoanStore.builder(dataSource).schema("ledger").build())
 *     .build();
 * LedgerJob agingRefresh = RefreshLoanAgingJob.builder(dataSource).schema("ledger").build();
 * scheduler.scheduleAtFixedRate(agingRefresh::run, 0, 1, TimeUnit.HOURS);
 * }</pre>
 */
@NullMarked
package io.github.corebanking.ledger.postgres.loan;

import org.jspecify.annotations.NullMarked;
