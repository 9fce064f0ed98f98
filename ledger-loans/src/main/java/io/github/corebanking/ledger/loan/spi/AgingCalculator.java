package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.InstallmentBalance;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanStatus;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Computes aging rows from loans, for stores that compute the report on demand. A store that
 * computes it another way (in SQL) must give the same rows; the contract suite compares them.
 *
 * <p>On a day {@code d}: a loan is in the report when it was disbursed on or before {@code d}
 * and not closed on or before {@code d}; repayments value-dated after {@code d} do not count; an
 * installment is past due when its due date is before {@code d} and it is not fully paid; days
 * past due are {@code d} less the oldest past-due installment's due date.
 */
public final class AgingCalculator {

  private AgingCalculator() {}

  /**
   * @param loan a loan
   * @param asOf the day
   * @return its aging row, or empty when it is not in the report that day
   */
  public static Optional<LoanAgingRow> row(Loan loan, LocalDate asOf) {
    Checks.notNull(loan, "loan");
    Checks.notNull(asOf, "asOf");
    if (!loan.isDisbursed() || loan.disbursementDate().isAfter(asOf)
        || (loan.status() == LoanStatus.CLOSED && !loan.closedOn().isAfter(asOf))) {
      return Optional.empty();
    }
    Money outstanding = Money.zero(loan.currency());
    Money overdue = Money.zero(loan.currency());
    LocalDate oldest = null;
    for (InstallmentBalance b : loan.installmentsAsOf(asOf)) {
      outstanding = outstanding.plus(b.principalOutstanding());
      if (b.isPastDue(asOf)) {
        overdue = overdue.plus(b.outstanding());
        if (oldest == null) {
          oldest = b.dueDate();
        }
      }
    }
    int days = oldest == null ? 0 : Math.toIntExact(ChronoUnit.DAYS.between(oldest, asOf));
    return Optional.of(new LoanAgingRow(loan.id(), loan.borrowerReference(), outstanding, overdue, days, oldest));
  }

  /**
   * @param loans loans
   * @param asOf  the day
   * @return the rows of those in the report that day, ordered by loan id
   */
  public static List<LoanAgingRow> rows(Collection<Loan> loans, LocalDate asOf) {
    List<LoanAgingRow> rows = new ArrayList<>();
    for (Loan loan : loans) {
      row(loan, asOf).ifPresent(rows::add);
    }
    rows.sort(Comparator.comparing(LoanAgingRow::loanId));
    return rows;
  }
}
