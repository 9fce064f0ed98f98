package io.github.corebanking.ledger.benchmarks;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A posting load test: concurrent random transfers between funded accounts, through
 * {@code ledger.post} (batch 1) or {@code ledger.postAll} (batch &gt; 1), against a fresh PostgreSQL
 * schema or the in-memory store. It reports postings and entries per second, per-call latency
 * percentiles, retries, a conservation check, and the CPU time each side spent per posting in the
 * measured window (this JVM; the PostgreSQL server when it runs on this machine, from {@code /proc});
 * its last two lines are machine-readable:
 *
 * <pre>
 * CPU java_us_per_posting=N postgres_us_per_posting=N
 * RESULT postings_per_s=N entries_per_s=N p50_ms=N p99_ms=N retries=N conserved=true|false
 * </pre>
 *
 * <p>Flags (all optional): {@code --jdbc-url} (default {@code $LEDGER_TEST_JDBC_URL} or the local
 * server), {@code --schema} (default a fresh {@code bench_...}, dropped at the end unless
 * {@code --keep}), {@code --threads 8}, {@code --accounts 1000}, {@code --seconds 15},
 * {@code --warmup 10}, {@code --batch 1}, {@code --hot-share 0.0} (fraction of postings that touch
 * the one hot account), {@code --in-memory}, {@code --writer-threads N} (the store's group-commit
 * writers), {@code --seed 42}, {@code --redis-url URL} (the Redis balance cache in front of the
 * store, under a fresh key prefix whose keys are deleted at the end), and {@code --mode as-of} for
 * {@link AsOfLoad} (with {@code --entries}, {@code --days}, {@code --reads}).
 *
 * <p>The report names the cache ({@code cache: none}, or {@code cache: redis URL prefix P}) and,
 * with a cache, ends with its counters and health; a line with {@code WARNING} says the cache did
 * not stay UP during the run, so the numbers are not cache numbers. Comparing a run with
 * {@code --redis-url} to the same run without it gives what the cache costs a posting.
 *
 * <p>Retries count both the store's own retries after serialization failures and deadlocks and the
 * calls this program repeated (same idempotency keys) after a {@link ConcurrencyException} or
 * {@link LockTimeoutException}. Rejections (a transfer that would overdraw an account) are counted
 * apart and are not retried. Conservation: the sum of the transfer accounts' balances per currency
 * is unchanged, the trial balance balances, and the ledger's integrity check (and, on PostgreSQL,
 * the integrity job) finds nothing.
 */
public final class PostingLoad {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  /** Each customer account's opening balance, in cents. */
  private static final long FUNDING = 100_000_000L;
  /** Attempts per call before the call is counted as an error. */
  private static final int MAX_ATTEMPTS = 20;

  private PostingLoad() {}

  /**
   * Runs the benchmark from the command line; exits 0 when the books were conserved, 1 when not,
   * 2 on bad flags.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (LedgerException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    boolean ok = options.mode() == LoadOptions.Mode.AS_OF ? AsOfLoad.run(options, System.out).correct()
        : run(options, System.out).conserved();
    System.exit(ok ? 0 : 1);
  }

  /**
   * What one posting run measured.
   *
   * @param postings          postings booked in the measured window
   * @param entries           entries those postings wrote
   * @param calls             successful calls in the measured window
   * @param seconds           the measured window's length
   * @param p50Millis         median latency of a call
   * @param p99Millis         99th percentile latency of a call
   * @param retries           retries (the store's and this program's)
   * @param rejections        transfers rejected by a balance constraint
   * @param errors            calls that failed otherwise
   * @param conserved         whether the conservation check passed
   */
  public record Result(long postings, long entries, long calls, double seconds, double p50Millis, double p99Millis,
      long retries, long rejections, long errors, boolean conserved) {

    /** @return postings per second */
    public double postingsPerSecond() {
      return postings / seconds;
    }

    /** @return entries per second */
    public double entriesPerSecond() {
      return entries / seconds;
    }

    /** @return the machine-readable line */
    public String resultLine() {
      return String.format(Locale.ROOT, "RESULT postings_per_s=%.0f entries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f retries=%d conserved=%s",
          postingsPerSecond(), entriesPerSecond(), p50Millis, p99Millis, retries, conserved);
    }
  }

  /**
   * Sets up the ledger, runs the load, checks conservation and tears down.
   *
   * @param options the flags
   * @param out     where to print the report; its last line is {@link Result#resultLine()}
   * @return what was measured
   */
  public static Result run(LoadOptions options, PrintStream out) {
    try (BenchLedger bench = new BenchLedger(options, Clock.systemUTC())) {
      out.printf(Locale.ROOT, "posting load: %s, threads=%d accounts=%d batch=%d hot-share=%.2f seconds=%d warmup=%d%n",
          bench.describe(), options.threads(), options.accounts(), options.batch(), options.hotShare(),
          options.seconds(), options.warmup());
      out.println("cache: " + bench.describeCache());
      long t0 = System.nanoTime();
      Accounts accounts = openAndFund(bench, options);
      out.printf(Locale.ROOT, "setup: %d accounts opened and funded in %.1f s%n", options.accounts() + 2,
          (System.nanoTime() - t0) / 1e9);
      Map<CurrencyUnit, Long> before = totals(bench, accounts.all);

      long retriesBefore = bench.storeRetries.sum();
      PostgresLedgerStore.GroupCommitStats groupBefore = bench.groupCommitStats();
      PostgresLedgerStore.PlanningStats planningBefore = bench.planningStats();
      List<Worker> workers = new ArrayList<>();
      long start = System.nanoTime();
      long measureFrom = start + options.warmup() * 1_000_000_000L;
      long measureTo = measureFrom + options.seconds() * 1_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < options.threads(); i++) {
        Worker w = new Worker(i, bench, accounts, options, measureFrom, measureTo);
        workers.add(w);
        Thread t = new Thread(w, "posting-load-" + i);
        threads.add(t);
        t.start();
      }
      sleepUntil(measureFrom);
      CpuMeter.Sample cpuFrom = CpuMeter.sample(!options.inMemory());
      for (Thread t : threads) {
        t.join();
      }
      // Through the end of the last call counted: a call begun in the window counts whole.
      CpuMeter.Sample cpu = CpuMeter.sample(!options.inMemory()).minus(cpuFrom);
      double seconds = Math.max(1e-9, (lastEnd(workers, measureTo) - measureFrom) / 1e9);

      long postings = 0;
      long calls = 0;
      long clientRetries = 0;
      long rejections = 0;
      long errors = 0;
      List<Latencies> latencies = new ArrayList<>();
      for (Worker w : workers) {
        postings += w.postings;
        calls += w.latencies.size();
        clientRetries += w.retries;
        rejections += w.rejections;
        errors += w.errors;
        latencies.add(w.latencies);
      }
      long retries = clientRetries + bench.storeRetries.sum() - retriesBefore;
      PostgresLedgerStore.GroupCommitStats groupAfter = bench.groupCommitStats();
      PostgresLedgerStore.PlanningStats planningAfter = bench.planningStats();
      long[] sorted = Latencies.mergeSorted(latencies);

      if (options.alternate() > 0) {
        // Commits of the slices without the cache never reached it: it holds older balances of the
        // accounts they touched. Empty it, so that the check below reads what the store committed.
        bench.clearCache();
      }
      boolean conserved = check(bench, accounts, before, out);
      Result result = new Result(postings, postings * 2, calls, seconds, Latencies.percentileMillis(sorted, 50),
          Latencies.percentileMillis(sorted, 99), retries, rejections, errors, conserved);
      out.printf(Locale.ROOT, "measured %.1f s: %d calls, %d postings, %d entries; %d retries (store %d, client %d), "
              + "%d rejections, %d errors%n", seconds, calls, postings, postings * 2, retries, retries - clientRetries,
          clientRetries, rejections, errors);
      long batches = groupAfter.batches() - groupBefore.batches();
      if (batches > 0) {
        out.printf(Locale.ROOT, "group commit: %d database transactions for %d postings (%.1f per transaction), "
                + "%d taken by standby writers%n",
            batches, groupAfter.postings() - groupBefore.postings(),
            (double) (groupAfter.postings() - groupBefore.postings()) / batches,
            groupAfter.standby() - groupBefore.standby());
      }
      long fromStates = planningAfter.fromStates() - planningBefore.fromStates();
      long fromRows = planningAfter.fromRows() - planningBefore.fromRows();
      if (fromStates + fromRows > 0) {
        out.printf(Locale.ROOT, "planning: %d batches from remembered account states (%d of them stale), %d from "
            + "locked rows%n", fromStates, planningAfter.stale() - planningBefore.stale(), fromRows);
      }
      for (Worker w : workers) {
        if (w.firstError.get() != null) {
          out.println("first error: " + w.firstError.get());
          break;
        }
      }
      bench.cacheReport().forEach(out::println);
      if (options.alternate() > 0) {
        compareSlices(workers, options, measureFrom, measureTo, out);
      }
      out.printf(Locale.ROOT, "postings/s=%.0f entries/s=%.0f p50=%.3f ms p99=%.3f ms%n", result.postingsPerSecond(),
          result.entriesPerSecond(), result.p50Millis(), result.p99Millis());
      // CPU over the measured window, per posting booked in it; the server's only when it runs here.
      out.println(cpu.line(postings));
      out.println(result.resultLine());
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }

  /**
   * Prints postings/s and latency of the slices with and without the cache, and the cache's cost.
   * Throughput is counted over whole slices ({@code --seconds} cut in {@code --alternate} pieces);
   * a call belongs to the slice it began in.
   */
  private static void compareSlices(List<Worker> workers, LoadOptions options, long measureFrom, long measureTo,
      PrintStream out) {
    long onPostings = 0;
    long offPostings = 0;
    List<Latencies> on = new ArrayList<>();
    List<Latencies> off = new ArrayList<>();
    for (Worker w : workers) {
      offPostings += w.uncachedPostings;
      onPostings += w.postings - w.uncachedPostings;
      off.add(w.uncachedLatencies);
      on.add(w.cachedLatencies);
    }
    long onNanos = cachedNanos(measureFrom, measureTo, options.alternate());
    long offNanos = (measureTo - measureFrom) - onNanos;
    double onRate = onPostings / (onNanos / 1e9);
    double offRate = offPostings / (offNanos / 1e9);
    long[] offSorted = Latencies.mergeSorted(off);
    long[] onSorted = Latencies.mergeSorted(on);
    out.printf(Locale.ROOT, "alternating %d s slices: with cache %.0f postings/s p50=%.3f ms p99=%.3f ms "
            + "(%.1f s) | without %.0f postings/s p50=%.3f ms p99=%.3f ms (%.1f s) | cache cost %.1f%%%n",
        options.alternate(), onRate, Latencies.percentileMillis(onSorted, 50), Latencies.percentileMillis(onSorted, 99),
        onNanos / 1e9, offRate, Latencies.percentileMillis(offSorted, 50), Latencies.percentileMillis(offSorted, 99),
        offNanos / 1e9, offRate > 0 ? 100.0 * (offRate - onRate) / offRate : 0.0);
    long[] perSlice = new long[workers.get(0).slicePostings.length];
    for (Worker w : workers) {
      for (int i = 0; i < perSlice.length; i++) {
        perSlice[i] += w.slicePostings[i];
      }
    }
    out.println("alternating: postings per slice, the first with the cache: "
        + Arrays.stream(perSlice).mapToObj(Long::toString).collect(Collectors.joining(" ")));
    double[] costs = sliceCosts(perSlice);
    if (costs.length >= 2) {
      double[] ci = meanAndHalfWidth(costs);
      out.printf(Locale.ROOT, "alternating: cache cost per slice without it against the slices on either side: "
          + "%.1f%% +/- %.1f%% (95%%, %d slices)%n", ci[0], ci[1], costs.length);
    }
  }

  /**
   * The cache's cost, in percent, measured at every slice without the cache that has a slice with it
   * on both sides: one minus the mean of those two neighbours over the slice. Comparing with both
   * neighbours cancels a steady drift of the machine's speed during the run.
   *
   * @param postings postings per whole slice, the first one with the cache
   * @return one cost per slice without the cache between two with it
   */
  static double[] sliceCosts(long[] postings) {
    int n = Math.max(0, (postings.length - 1) / 2);
    double[] costs = new double[n];
    for (int k = 0; k < n; k++) {
      long off = postings[2 * k + 1];
      double on = (postings[2 * k] + postings[2 * k + 2]) / 2.0;
      costs[k] = off > 0 ? 100.0 * (off - on) / off : 0.0;
    }
    return costs;
  }

  /** @return the mean of the values and the half-width of its 95% confidence interval (Student's t) */
  static double[] meanAndHalfWidth(double[] values) {
    int n = values.length;
    if (n < 2) {
      throw new IllegalArgumentException("values: need at least 2, got " + n);
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new double[] {mean, studentT975(n - 1) * sd / Math.sqrt(n)};
  }

  /** Two-sided 95% quantile of Student's t for the given degrees of freedom. */
  private static double studentT975(int df) {
    double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042};
    return df <= table.length ? table[df - 1] : df <= 60 ? 2.000 : 1.960;
  }

  /**
   * @return whether a call begun at {@code nanos} goes through the cache: always without
   *         {@code --alternate}, else in the even slices counted from the start of measuring (the
   *         warm-up alternates too, so that both paths are compiled)
   */
  static boolean cachedSlice(long nanos, long measureFrom, int alternateSeconds) {
    if (alternateSeconds == 0) {
      return true;
    }
    return Math.floorMod(Math.floorDiv(nanos - measureFrom, alternateSeconds * 1_000_000_000L), 2L) == 0;
  }

  /** @return nanoseconds of {@code [from, to)} that lie in slices with the cache */
  static long cachedNanos(long from, long to, int alternateSeconds) {
    long slice = alternateSeconds * 1_000_000_000L;
    long total = 0;
    for (long s = from; s < to; s += slice) {
      if (cachedSlice(s, from, alternateSeconds)) {
        total += Math.min(slice, to - s);
      }
    }
    return total;
  }

  private static long lastEnd(List<Worker> workers, long measureTo) {
    long end = measureTo;
    for (Worker w : workers) {
      end = Math.max(end, w.lastMeasuredEnd);
    }
    return end;
  }

  /** The accounts transfers move money between. */
  record Accounts(AccountId[] customers, AccountId hot, List<AccountId> all) {}

  private static Accounts openAndFund(BenchLedger bench, LoadOptions options) {
    Account funding = bench.ledger.openAccount(NewAccount.builder().code("1000").name("Funding").type(AccountType.ASSET)
        .currency(USD).build());
    Account hot = bench.ledger.openAccount(NewAccount.builder().code("2999").name("Settlement (hot)")
        .type(AccountType.LIABILITY).currency(USD).debitsMustNotExceedCredits(true).build());
    AccountId[] customers = new AccountId[options.accounts()];
    for (int i = 0; i < customers.length; i++) {
      customers[i] = bench.ledger.openAccount(NewAccount.builder().code(String.format(Locale.ROOT, "2%07d", i))
          .name("Customer " + i).type(AccountType.LIABILITY).currency(USD).debitsMustNotExceedCredits(true).build())
          .id();
    }
    List<AccountId> all = new ArrayList<>(List.of(customers));
    all.add(hot.id());
    List<PostingRequest> batch = new ArrayList<>();
    for (AccountId id : all) {
      batch.add(PostingRequest.builder().idempotencyKey("fund-" + id).description("opening balance")
          .debit(funding.id(), Money.ofMinor(FUNDING, USD)).credit(id, Money.ofMinor(FUNDING, USD)).build());
      if (batch.size() == 100) {
        bench.ledger.postAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      bench.ledger.postAll(batch);
    }
    return new Accounts(customers, hot.id(), List.copyOf(all));
  }

  private static Map<CurrencyUnit, Long> totals(BenchLedger bench, List<AccountId> accounts) {
    Map<CurrencyUnit, Long> totals = new TreeMap<>((a, b) -> a.code().compareTo(b.code()));
    for (Balance b : bench.ledger.balances(accounts).values()) {
      totals.merge(b.currency(), b.posted().minorUnits(), Math::addExact);
    }
    return totals;
  }

  private static boolean check(BenchLedger bench, Accounts accounts, Map<CurrencyUnit, Long> before, PrintStream out) {
    Map<CurrencyUnit, Long> after = totals(bench, accounts.all());
    TrialBalance trial = bench.ledger.trialBalance();
    IntegrityReport integrity = bench.ledger.checkIntegrity();
    boolean jobOk = true;
    if (bench.jobs != null) {
      JobResult job = bench.jobs.integrityCheck().run();
      jobOk = job.status() == JobStatus.SUCCEEDED && job.count("problems") == 0;
      out.println("integrity job: " + job.status() + ", " + job.message());
    }
    StringBuilder sums = new StringBuilder();
    before.forEach((c, v) -> sums.append(c.code()).append(' ').append(Money.ofMinor(v, c).toPlainString())
        .append(" -> ").append(Money.ofMinor(after.getOrDefault(c, 0L), c).toPlainString()).append(' '));
    boolean conserved = before.equals(after) && trial.balanced() && integrity.ok() && jobOk;
    out.println("conservation: " + sums + "| trial balance balanced=" + trial.balanced() + " | integrity ok="
        + integrity.ok() + " (" + integrity.entriesChecked() + " entries) | conserved=" + conserved);
    return conserved;
  }

  /** One posting thread. */
  private static final class Worker implements Runnable {
    private final int id;
    private final BenchLedger bench;
    private final Accounts accounts;
    private final LoadOptions options;
    private final long measureFrom;
    private final long measureTo;
    private final SplittableRandom random;
    final Latencies latencies = new Latencies();
    /** With {@code --alternate}: latencies of calls begun in slices with the cache, and without it. */
    final Latencies cachedLatencies = new Latencies();
    final Latencies uncachedLatencies = new Latencies();
    long uncachedPostings;
    /** With {@code --alternate}: postings of calls begun in each whole slice of the measured time. */
    final long[] slicePostings;
    final AtomicReference<@Nullable String> firstError = new AtomicReference<>();
    long postings;
    long retries;
    long rejections;
    long errors;
    long lastMeasuredEnd;
    private long sequence;

    Worker(int id, BenchLedger bench, Accounts accounts, LoadOptions options, long measureFrom, long measureTo) {
      this.id = id;
      this.bench = bench;
      this.accounts = accounts;
      this.options = options;
      this.measureFrom = measureFrom;
      this.measureTo = measureTo;
      this.random = new SplittableRandom(options.seed() * 1_000_003L + id);
      this.slicePostings = new long[options.alternate() > 0 ? options.seconds() / options.alternate() : 0];
    }

    @Override
    public void run() {
      while (true) {
        long begin = System.nanoTime();
        if (begin >= measureTo) {
          return;
        }
        List<PostingRequest> requests = nextRequests();
        boolean measured = begin >= measureFrom;
        boolean cached = cachedSlice(begin, measureFrom, options.alternate());
        if (call(cached ? bench.ledger : bench.uncached, requests, measured)) {
          long end = System.nanoTime();
          if (measured) {
            latencies.record(end - begin);
            postings += requests.size();
            lastMeasuredEnd = end;
            if (options.alternate() > 0) {
              recordSlice(cached, begin, end - begin, requests.size());
            }
          }
        }
      }
    }

    /** With {@code --alternate}: books a measured call under the kind of slice it began in. */
    private void recordSlice(boolean cached, long begin, long nanos, int calledPostings) {
      long slice = (begin - measureFrom) / (options.alternate() * 1_000_000_000L);
      if (slice < slicePostings.length) {
        slicePostings[(int) slice] += calledPostings;
      }
      if (cached) {
        cachedLatencies.record(nanos);
      } else {
        uncachedLatencies.record(nanos);
        uncachedPostings += calledPostings;
      }
    }

    private boolean call(Ledger ledger, List<PostingRequest> requests, boolean measured) {
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          if (requests.size() == 1) {
            ledger.post(requests.get(0));
          } else {
            ledger.postAll(requests);
          }
          return true;
        } catch (ConcurrencyException e) {
          if (measured) {
            retries++;
          }
        } catch (BalanceConstraintException e) {
          if (measured) {
            rejections++;
          }
          return false;
        } catch (LedgerException e) {
          if (measured) {
            errors++;
          }
          firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
          return false;
        }
      }
      if (measured) {
        errors++;
      }
      firstError.compareAndSet(null, "gave up after " + MAX_ATTEMPTS + " attempts");
      return false;
    }

    private List<PostingRequest> nextRequests() {
      List<PostingRequest> requests = new ArrayList<>(options.batch());
      for (int i = 0; i < options.batch(); i++) {
        requests.add(nextTransfer());
      }
      return requests;
    }

    private PostingRequest nextTransfer() {
      AccountId[] customers = accounts.customers();
      AccountId from;
      AccountId to;
      if (random.nextDouble() < options.hotShare()) {
        AccountId customer = customers[random.nextInt(customers.length)];
        boolean toHot = random.nextBoolean();
        from = toHot ? customer : accounts.hot();
        to = toHot ? accounts.hot() : customer;
      } else {
        int a = random.nextInt(customers.length);
        int b = random.nextInt(customers.length - 1);
        from = customers[a];
        to = customers[b >= a ? b + 1 : b];
      }
      Money amount = Money.ofMinor(1 + random.nextInt(10_000), USD);
      // A liability decreases on the debit side: the payer is debited, the payee credited.
      return PostingRequest.builder().idempotencyKey("load-" + id + "-" + (sequence++)).description("transfer")
          .debit(from, amount).credit(to, amount).build();
    }
  }
}
