package io.github.corebanking.ledger.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.spi.AgingCalculator;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanAgingRow;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoanAgingTest {

  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  private static final AtomicLong IDS = new AtomicLong(1);

  private static Money usd(String amount) {
    return Money.of(amount, CurrencyUnit.USD);
  }

  private static TransactionId tx() {
    return new TransactionId(new UUID(0x0190000000007000L, IDS.getAndIncrement()));
  }

  /** 100.00 + 10.00 due on the first of Feb, Mar and Apr 2025, disbursed Jan 1. */
  private static Loan loan(String id) {
    RepaymentSchedule s = RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), usd("100.00"), usd("10.00"))
        .installment(LocalDate.of(2025, 3, 1), usd("100.00"), usd("10.00"))
        .installment(LocalDate.of(2025, 4, 1), usd("100.00"), usd("10.00"))
        .build();
    NewLoan request = NewLoan.builder().id(id).borrowerReference("b-" + id)
        .receivableAccount(new AccountId(UUID.randomUUID())).principal(usd("300.00"))
        .disbursementDate(LocalDate.of(2025, 1, 1)).schedule(s).build();
    return LoanPlanner.disburse(LoanPlanner.register(request, AllocationOrder.INTEREST_FIRST, NOW), tx());
  }

  private static Loan pay(Loan loan, String reference, String amount, LocalDate on) {
    return LoanPlanner.repay(loan, new RepaymentReceipt(reference, tx(), on, usd(amount), NOW)).loan();
  }

  @Test
  void defaultBucketsAreCurrentThenThirtyDayBandsThenNinetyPlus() {
    AgingBuckets b = AgingBuckets.defaults();

    assertThat(b.buckets()).extracting(AgingBucket::label).containsExactly("CURRENT", "1-30", "31-60", "61-90", "90+");
    assertThat(b.bucketFor(0).label()).isEqualTo("CURRENT");
    assertThat(b.bucketFor(1).label()).isEqualTo("1-30");
    assertThat(b.bucketFor(30).label()).isEqualTo("1-30");
    assertThat(b.bucketFor(31).label()).isEqualTo("31-60");
    assertThat(b.bucketFor(90).label()).isEqualTo("61-90");
    assertThat(b.bucketFor(91).label()).isEqualTo("90+");
    assertThat(b.bucketFor(5000).label()).isEqualTo("90+");
  }

  @Test
  void bucketsFromUpperBoundsAndInFull() {
    assertThat(AgingBuckets.upperBounds(0, 30, 60, 90, 180).buckets()).extracting(AgingBucket::label)
        .containsExactly("CURRENT", "1-30", "31-60", "61-90", "91-180", "180+");
    assertThat(AgingBuckets.upperBounds(7).buckets()).extracting(AgingBucket::label).containsExactly("0-7", "7+");

    AgingBuckets custom = AgingBuckets.of(List.of(new AgingBucket("performing", 0, 30),
        new AgingBucket("watch", 31, 89), new AgingBucket("non-performing", 90, Integer.MAX_VALUE)));
    assertThat(custom.bucketFor(89).label()).isEqualTo("watch");
    assertThat(custom.bucketFor(90).label()).isEqualTo("non-performing");
  }

  @Test
  void bucketsWithAGapOrNoOpenEndAreRejected() {
    assertThatThrownBy(() -> AgingBuckets.of(List.of(new AgingBucket("a", 0, 30),
        new AgingBucket("b", 32, Integer.MAX_VALUE))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("buckets[1].minDays '32'");
    assertThatThrownBy(() -> AgingBuckets.of(List.of(new AgingBucket("a", 0, 30))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("buckets[0].maxDays '30'");
    assertThatThrownBy(() -> AgingBuckets.upperBounds(30, 10))
        .hasMessageContaining("bounds[1] '10'");
  }

  @Test
  void unpaidInstallmentMakesTheLoanPastDueFromTheDayAfterItsDueDate() {
    Loan loan = loan("L-1");

    assertThat(AgingCalculator.row(loan, LocalDate.of(2025, 2, 1)).orElseThrow().daysPastDue()).isZero();
    LoanAgingRow row = AgingCalculator.row(loan, LocalDate.of(2025, 2, 2)).orElseThrow();
    assertThat(row.daysPastDue()).isEqualTo(1);
    assertThat(row.oldestUnpaidDueDate()).isEqualTo(LocalDate.of(2025, 2, 1));
    assertThat(row.overdue()).isEqualTo(usd("110.00"));
    assertThat(row.outstandingPrincipal()).isEqualTo(usd("300.00"));
  }

  @Test
  void partialPaymentKeepsTheOldestInstallmentPastDue() {
    // 105.00 pays installment 1's interest and 95.00 of its principal: 5.00 stays unpaid
    Loan loan = pay(loan("L-1"), "p1", "105.00", LocalDate.of(2025, 2, 1));

    LoanAgingRow row = AgingCalculator.row(loan, LocalDate.of(2025, 3, 15)).orElseThrow();

    assertThat(row.daysPastDue()).isEqualTo(42);   // Feb 1 to Mar 15
    assertThat(row.overdue()).isEqualTo(usd("115.00"));   // 5.00 of installment 1, all 110.00 of installment 2
    assertThat(row.outstandingPrincipal()).isEqualTo(usd("205.00"));
  }

  @Test
  void repaymentsValueDatedAfterTheDayDoNotCount() {
    Loan loan = pay(loan("L-1"), "p1", "110.00", LocalDate.of(2025, 2, 20));

    LoanAgingRow before = AgingCalculator.row(loan, LocalDate.of(2025, 2, 19)).orElseThrow();
    LoanAgingRow after = AgingCalculator.row(loan, LocalDate.of(2025, 2, 20)).orElseThrow();

    assertThat(before.daysPastDue()).isEqualTo(18);
    assertThat(before.outstandingPrincipal()).isEqualTo(usd("300.00"));
    assertThat(after.daysPastDue()).isZero();
    assertThat(after.oldestUnpaidDueDate()).isNull();
    assertThat(after.outstandingPrincipal()).isEqualTo(usd("200.00"));
  }

  @Test
  void loansOutsideTheirLifeAreNotInTheReport() {
    Loan loan = loan("L-1");
    assertThat(AgingCalculator.row(loan, LocalDate.of(2024, 12, 31))).isEmpty();
    assertThat(AgingCalculator.row(loan, LocalDate.of(2025, 1, 1))).isPresent();

    Loan closed = LoanPlanner.close(pay(loan, "all", "330.00", LocalDate.of(2025, 1, 20)), LocalDate.of(2025, 1, 25));
    assertThat(AgingCalculator.row(closed, LocalDate.of(2025, 1, 24))).isPresent();
    assertThat(AgingCalculator.row(closed, LocalDate.of(2025, 1, 25))).isEmpty();

    Loan registered = LoanPlanner.register(NewLoan.builder().id("L-2").borrowerReference("b")
        .receivableAccount(new AccountId(UUID.randomUUID())).principal(usd("300.00"))
        .disbursementDate(LocalDate.of(2025, 1, 1)).schedule(loan.schedule()).build(), AllocationOrder.INTEREST_FIRST, NOW);
    assertThat(AgingCalculator.row(registered, LocalDate.of(2025, 5, 1))).isEmpty();
  }

  @Test
  void reportAssignsBucketsAndTotalsPerCurrency() {
    Loan current = pay(loan("A"), "p", "110.00", LocalDate.of(2025, 2, 1));   // paid installment 1
    Loan late = loan("B");                                                    // nothing paid
    LocalDate asOf = LocalDate.of(2025, 3, 1);
    LoanAgingRow eur = new LoanAgingRow(LoanId.of("C"), "c", Money.of("50.00", CurrencyUnit.EUR),
        Money.of("5.00", CurrencyUnit.EUR), 10, LocalDate.of(2025, 2, 19));
    List<LoanAgingRow> rows = new java.util.ArrayList<>(AgingCalculator.rows(List.of(late, current), asOf));
    rows.add(eur);

    LoanAgingReport report = LoanAgingReport.of(new AgingRows(asOf, AgingSource.LIVE, NOW, rows),
        AgingBuckets.defaults());

    assertThat(report.lines()).extracting(l -> l.loanId().value()).containsExactly("A", "B", "C");
    assertThat(report.line(LoanId.of("A")).orElseThrow().bucket().label()).isEqualTo("CURRENT");
    assertThat(report.line(LoanId.of("B")).orElseThrow().daysPastDue()).isEqualTo(28);
    BucketTotal oneToThirty = report.total("1-30");
    assertThat(oneToThirty.loans()).isEqualTo(2);
    assertThat(oneToThirty.outstandingPrincipal(CurrencyUnit.USD)).isEqualTo(usd("300.00"));
    assertThat(oneToThirty.outstandingPrincipal(CurrencyUnit.EUR)).isEqualTo(Money.of("50.00", CurrencyUnit.EUR));
    assertThat(oneToThirty.overdue(CurrencyUnit.USD)).isEqualTo(usd("110.00"));
    assertThat(report.total("CURRENT").outstandingPrincipal(CurrencyUnit.USD)).isEqualTo(usd("200.00"));
    assertThat(report.total("90+").loans()).isZero();
    assertThat(report.totals()).hasSize(5);
    assertThatThrownBy(() -> report.total("120+")).hasMessageContaining("bucket '120+'");
  }
}
