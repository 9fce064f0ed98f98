/**
 * Loan benchmarks: {@link io.github.corebanking.ledger.benchmarks.loan.LoanAgingBenchmark}
 * measures the refresh of the {@code loan_aging} view and aging-report reads on a large book.
 */
@NullMarked
package io.github.corebanking.ledger.benchmarks.loan;

import org.jspecify.annotations.NullMarked;
