package io.github.corebanking.ledger.benchmarks;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.job.JobResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * As-of reads against current-balance reads on one account with a long history ({@code --mode as-of}
 * of {@link PostingLoad}). It books {@code --entries} entries on the account, spread evenly over the
 * {@code --days} days before today (postings of 100 debit lines each, through {@code postAll}),
 * writes the daily balance snapshots of those days with the snapshot job (PostgreSQL), then times
 * {@code --reads} reads of each kind, interleaved on one thread:
 * <ul>
 *   <li>{@code balanceAsOf} at a random instant of the history (the latest snapshot plus, on
 *       average, half a day of entries);</li>
 *   <li>{@code balanceAsOf} at the end of a random day (the snapshot alone);</li>
 *   <li>{@code balanceOn} a random value date of the history (the history is booked on its value
 *       dates, so the answer is the end-of-day one);</li>
 *   <li>{@code balance}, the current counters (no cache).</li>
 * </ul>
 * Every as-of result is checked against sums kept while booking. The last line is
 * {@code RESULT asof_p50_ms=N asof_eod_p50_ms=N current_p50_ms=N ratio_p50=N ratio_eod_p50=N
 * asof_p99_ms=N current_p99_ms=N value_p50_ms=N value_p99_ms=N ratio_value_p50=N entries=N
 * correct=true|false}.
 */
public final class AsOfLoad {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final int LINES = 100;
  private static final int POSTINGS_PER_CALL = 10;

  private AsOfLoad() {}

  /**
   * What an as-of run measured.
   *
   * @param asOfP50       median as-of read at a random instant, ms
   * @param asOfP99       99th percentile of those, ms
   * @param endOfDayP50   median as-of read at a day's end, ms
   * @param currentP50    median current-balance read, ms
   * @param currentP99    99th percentile of those, ms
   * @param valueP50      median value-dated read ({@code balanceOn}), ms
   * @param valueP99      99th percentile of those, ms
   * @param entries       entries on the account
   * @param correct       whether every as-of read matched the expected sums
   */
  public record Result(double asOfP50, double asOfP99, double endOfDayP50, double currentP50, double currentP99,
      double valueP50, double valueP99, long entries, boolean correct) {

    /** @return the machine-readable line */
    public String resultLine() {
      return String.format(Locale.ROOT, "RESULT asof_p50_ms=%.3f asof_eod_p50_ms=%.3f current_p50_ms=%.3f ratio_p50=%.2f "
              + "ratio_eod_p50=%.2f asof_p99_ms=%.3f current_p99_ms=%.3f value_p50_ms=%.3f value_p99_ms=%.3f "
              + "ratio_value_p50=%.2f entries=%d correct=%s", asOfP50, endOfDayP50,
          currentP50, asOfP50 / currentP50, endOfDayP50 / currentP50, asOfP99, currentP99, valueP50, valueP99,
          valueP50 / currentP50, entries, correct);
    }
  }

  /**
   * Builds the history, times the reads, and tears down.
   *
   * @param options the flags; {@code entries}, {@code days}, {@code reads}, {@code seed} and the store
   *                flags are used
   * @param out     where to print the report; its last line is {@link Result#resultLine()}
   * @return what was measured
   */
  public static Result run(LoadOptions options, PrintStream out) {
    int postings = (options.entries() + LINES - 1) / LINES;
    LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(options.days());
    LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    Instant start = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    // The ledger reads its clock once per posting request (and once per account opened).
    Duration step = Duration.between(start, end).dividedBy(postings + 4L);
    SteppingClock clock = new SteppingClock(start, end, step);
    try (BenchLedger bench = new BenchLedger(options, clock)) {
      out.printf(Locale.ROOT, "as-of load: %s, %d entries on one account over %d days (%s to %s), %d reads of each kind%n",
          bench.describe(), (long) postings * LINES, options.days(), firstDay, lastDay, options.reads());
      Account target = bench.ledger.openAccount(NewAccount.builder().code("1100").name("Settlement")
          .type(AccountType.ASSET).currency(USD).build());
      Account other = bench.ledger.openAccount(NewAccount.builder().code("2100").name("Counterparty")
          .type(AccountType.LIABILITY).currency(USD).build());

      SplittableRandom random = new SplittableRandom(options.seed());
      Instant[] postedAt = new Instant[postings];
      long[] cumulative = new long[postings];
      long t0 = System.nanoTime();
      long total = 0;
      int booked = 0;
      while (booked < postings) {
        List<PostingRequest> call = new ArrayList<>(POSTINGS_PER_CALL);
        List<Long> sums = new ArrayList<>(POSTINGS_PER_CALL);
        for (int p = 0; p < POSTINGS_PER_CALL && booked + p < postings; p++) {
          PostingRequest.Builder b = PostingRequest.builder().idempotencyKey("h-" + (booked + p)).description("history");
          long sum = 0;
          for (int l = 0; l < LINES; l++) {
            long amount = 1 + random.nextInt(10_000);
            sum += amount;
            b.debit(target.id(), Money.ofMinor(amount, USD));
          }
          call.add(b.credit(other.id(), Money.ofMinor(sum, USD)).build());
          sums.add(sum);
        }
        List<Transaction> done = bench.ledger.postAll(call);
        for (int i = 0; i < done.size(); i++) {
          total += sums.get(i);
          postedAt[booked] = done.get(i).postedAt();
          cumulative[booked] = total;
          booked++;
        }
        if (booked % Math.max(1, postings / 10) < POSTINGS_PER_CALL) {
          out.printf(Locale.ROOT, "  booked %d of %d postings (%.0f s)%n", booked, postings, (System.nanoTime() - t0) / 1e9);
        }
      }
      out.printf(Locale.ROOT, "history booked in %.1f s; last posting at %s%n", (System.nanoTime() - t0) / 1e9,
          postedAt[postings - 1]);
      if (bench.jobs != null) {
        long s0 = System.nanoTime();
        JobResult snapshots = bench.jobs.dailyBalanceSnapshots(firstDay, lastDay).run();
        out.printf(Locale.ROOT, "snapshots: %s in %.1f s%n", snapshots, (System.nanoTime() - s0) / 1e9);
      }

      long span = Duration.between(start, end).toNanos() / 1_000;
      int warmup = Math.min(500, options.reads());
      Latencies asOf = new Latencies();
      Latencies endOfDay = new Latencies();
      Latencies current = new Latencies();
      Latencies valueDated = new Latencies();
      boolean correct = true;
      for (int i = 0; i < warmup + options.reads(); i++) {
        boolean measured = i >= warmup;
        Instant t = start.plus(Duration.ofNanos(random.nextLong(span) * 1_000));
        long a = System.nanoTime();
        Balance then = bench.ledger.balanceAsOf(target.id(), t);
        long b = System.nanoTime();
        correct &= then.postedDebits() == expected(postedAt, cumulative, t);
        Instant dayEnd = firstDay.plusDays(random.nextInt(options.days())).plusDays(1).atStartOfDay(ZoneOffset.UTC)
            .toInstant().minusNanos(1_000);
        long c = System.nanoTime();
        Balance eod = bench.ledger.balanceAsOf(target.id(), dayEnd);
        long d = System.nanoTime();
        correct &= eod.postedDebits() == expected(postedAt, cumulative, dayEnd);
        long e = System.nanoTime();
        Balance now = bench.ledger.balance(target.id());
        long f = System.nanoTime();
        correct &= now.postedDebits() == total;
        LocalDate day = firstDay.plusDays(random.nextInt(options.days()));
        long g = System.nanoTime();
        Balance on = bench.ledger.balanceOn(target.id(), day);
        long h = System.nanoTime();
        correct &= on.postedDebits() == expected(postedAt, cumulative,
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1_000));
        if (measured) {
          asOf.record(b - a);
          endOfDay.record(d - c);
          current.record(f - e);
          valueDated.record(h - g);
        }
      }
      long[] asOfSorted = Latencies.mergeSorted(List.of(asOf));
      long[] eodSorted = Latencies.mergeSorted(List.of(endOfDay));
      long[] currentSorted = Latencies.mergeSorted(List.of(current));
      long[] valueSorted = Latencies.mergeSorted(List.of(valueDated));
      Result result = new Result(Latencies.percentileMillis(asOfSorted, 50), Latencies.percentileMillis(asOfSorted, 99),
          Latencies.percentileMillis(eodSorted, 50), Latencies.percentileMillis(currentSorted, 50),
          Latencies.percentileMillis(currentSorted, 99), Latencies.percentileMillis(valueSorted, 50),
          Latencies.percentileMillis(valueSorted, 99), (long) postings * LINES, correct);
      out.printf(Locale.ROOT, "as-of (random instant): p50=%.3f ms p99=%.3f ms mean=%.3f ms%n", result.asOfP50(),
          result.asOfP99(), mean(asOfSorted));
      out.printf(Locale.ROOT, "as-of (end of a day):   p50=%.3f ms p99=%.3f ms mean=%.3f ms%n", result.endOfDayP50(),
          Latencies.percentileMillis(eodSorted, 99), mean(eodSorted));
      out.printf(Locale.ROOT, "current balance:        p50=%.3f ms p99=%.3f ms mean=%.3f ms%n", result.currentP50(),
          result.currentP99(), mean(currentSorted));
      out.printf(Locale.ROOT, "value-dated balanceOn:  p50=%.3f ms p99=%.3f ms mean=%.3f ms%n", result.valueP50(),
          result.valueP99(), mean(valueSorted));
      out.println(result.resultLine());
      return result;
    }
  }

  /** Debits booked at or before {@code t}: postings are in time order. */
  private static long expected(Instant[] postedAt, long[] cumulative, Instant t) {
    int lo = 0;
    int hi = postedAt.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (!postedAt[mid].isAfter(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? 0 : cumulative[lo - 1];
  }

  private static double mean(long[] sorted) {
    return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
  }
}
