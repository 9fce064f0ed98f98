package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanAgingRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loan-aging report on a day: per loan, outstanding principal, overdue amount, days past due
 * and bucket; per bucket, the number of loans and their outstanding principal and overdue amounts
 * per currency.
 *
 * <p>A loan is in the report when it was disbursed on or before the day and not closed by then.
 * Repayments count from their value date. {@link #source()} and {@link #refreshedAt()} say how
 * fresh the figures are.
 *
 * <pre>{@code
 * LoanAgingReport report = loanBook.agingReport(LocalDate.of(2025, 6, 30));
 * report.total("90+").loans();
 * report.total("90+").outstandingPrincipal(USD);
 * }</pre>
 *
 * @param asOf        the report's day
 * @param source      snapshot or live
 * @param refreshedAt when the figures were computed
 * @param buckets     the buckets used
 * @param lines       one line per loan, ordered by loan id
 * @param totals      one total per bucket, in bucket order, empty buckets included
 */
public record LoanAgingReport(LocalDate asOf, AgingSource source, Instant refreshedAt, AgingBuckets buckets,
    List<LoanAgingLine> lines, List<BucketTotal> totals) {

  /** Checks the fields and freezes the lists. */
  public LoanAgingReport {
    Checks.notNull(asOf, "asOf");
    Checks.notNull(source, "source");
    Checks.notNull(refreshedAt, "refreshedAt");
    Checks.notNull(buckets, "buckets");
    lines = List.copyOf(Checks.notNull(lines, "lines"));
    totals = List.copyOf(Checks.notNull(totals, "totals"));
  }

  /**
   * Builds the report from a store's rows: assigns buckets and adds up the totals.
   *
   * @param rows    the store's answer
   * @param buckets the buckets
   * @return the report
   */
  public static LoanAgingReport of(AgingRows rows, AgingBuckets buckets) {
    Checks.notNull(rows, "rows");
    Checks.notNull(buckets, "buckets");
    List<LoanAgingRow> sorted = new ArrayList<>(rows.rows());
    sorted.sort(Comparator.comparing(LoanAgingRow::loanId));
    Map<AgingBucket, int[]> counts = new LinkedHashMap<>();
    Map<AgingBucket, Map<CurrencyUnit, Money>> outstanding = new LinkedHashMap<>();
    Map<AgingBucket, Map<CurrencyUnit, Money>> overdue = new LinkedHashMap<>();
    for (AgingBucket b : buckets.buckets()) {
      counts.put(b, new int[1]);
      outstanding.put(b, new LinkedHashMap<>());
      overdue.put(b, new LinkedHashMap<>());
    }
    List<LoanAgingLine> lines = new ArrayList<>(sorted.size());
    for (LoanAgingRow r : sorted) {
      AgingBucket bucket = buckets.bucketFor(r.daysPastDue());
      lines.add(new LoanAgingLine(r.loanId(), r.borrowerReference(), r.outstandingPrincipal(), r.overdue(),
          r.daysPastDue(), r.oldestUnpaidDueDate(), bucket));
      counts.get(bucket)[0]++;
      outstanding.get(bucket).merge(r.outstandingPrincipal().currency(), r.outstandingPrincipal(), Money::plus);
      overdue.get(bucket).merge(r.overdue().currency(), r.overdue(), Money::plus);
    }
    List<BucketTotal> totals = new ArrayList<>();
    for (AgingBucket b : buckets.buckets()) {
      totals.add(new BucketTotal(b, counts.get(b)[0], sortByCode(outstanding.get(b)), sortByCode(overdue.get(b))));
    }
    return new LoanAgingReport(rows.asOf(), rows.source(), rows.refreshedAt(), buckets, lines, totals);
  }

  private static Map<CurrencyUnit, Money> sortByCode(Map<CurrencyUnit, Money> sums) {
    Map<CurrencyUnit, Money> sorted = new LinkedHashMap<>();
    sums.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(CurrencyUnit::code)))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /**
   * @param loanId a loan
   * @return its line, if it is in the report
   */
  public Optional<LoanAgingLine> line(LoanId loanId) {
    return lines.stream().filter(l -> l.loanId().equals(loanId)).findFirst();
  }

  /**
   * @param label a bucket's label, such as {@code "31-60"}
   * @return that bucket's total
   * @throws io.github.corebanking.ledger.InvalidRequestException when no bucket has that label
   */
  public BucketTotal total(String label) {
    return totals.stream().filter(t -> t.bucket().label().equals(label)).findFirst()
        .orElseThrow(() -> new io.github.corebanking.ledger.InvalidRequestException("bucket", label,
            "is not one of " + buckets));
  }

  /** @return how many loans the report holds */
  public int loanCount() {
    return lines.size();
  }
}
