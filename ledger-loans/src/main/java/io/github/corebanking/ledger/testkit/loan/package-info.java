/**
 * Loans in tests: the in-memory {@link io.github.corebanking.ledger.testkit.loan.InMemoryLoanStore}
 * and {@link io.github.corebanking.ledger.testkit.loan.LoanBookContract}, the suite every
 * {@link io.github.corebanking.ledger.loan.spi.LoanStore} must pass unchanged.
 */
@NullMarked
package io.github.corebanking.ledger.testkit.loan;

import org.jspecify.annotations.NullMarked;
