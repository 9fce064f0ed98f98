package io.github.corebanking.ledger.benchmarks.loan;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.loan.AgingSource;
import io.github.corebanking.ledger.loan.BucketTotal;
import io.github.corebanking.ledger.loan.LoanAgingReport;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanStore;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * How long the {@code loan_aging} materialized view takes to refresh on a large loan book, and how
 * long an aging report takes to read from it and to compute live.
 *
 * <p>By default it builds 100,000 loans with 12 monthly installments each and a year of
 * repayments (about a million repayments and their allocations) in a fresh PostgreSQL schema, then
 * measures:
 * <ul>
 *   <li>{@code refresh_first}: the first {@link RefreshLoanAgingJob} run, which fills the empty view;</li>
 *   <li>{@code refresh_same_day}: a second run on the same day, nothing changed;</li>
 *   <li>{@code refresh_next_day}: a run for the next day, when every row's days past due change;</li>
 *   <li>{@code read_snapshot}: {@code LoanBook.agingReport(today)}, read from the view, every line
 *       and the bucket totals (median of {@code --reads} rounds, after two unmeasured rounds; the
 *       three kinds of read take turns within a round);</li>
 *   <li>{@code read_live}: {@code LoanBook.liveAgingReport(today)}, computed from the tables;</li>
 *   <li>{@code read_past}: a report for 90 days ago, computed live, setting aside later repayments.</li>
 * </ul>
 *
 * <p>The book is loaded with set-based SQL ({@link LoanBookLoadSql}: {@code INSERT ... SELECT}
 * over {@code generate_series}) straight into the loan tables, and the receivable accounts straight
 * into the ledger's {@code accounts}; no ledger postings are made, because the aging view reads
 * only the loan tables and a million postings would take far longer than the thing measured. When
 * the role is a superuser the load runs with {@code session_replication_role = replica}, so the
 * foreign-key triggers do not check each generated row; then {@code VACUUM (ANALYZE)} leaves the
 * tables as autovacuum would in production. The time of each load step is printed too.
 *
 * <p>Run it with the shaded jar of this module, or from the reactor:
 * <pre>
 * mvn -q -pl ledger-benchmarks -am package -DskipTests
 * java -cp ledger-benchmarks/target/ledger-benchmarks-0.1.0-SNAPSHOT.jar \
 *     io.github.corebanking.ledger.benchmarks.loan.LoanAgingBenchmark --loans 100000
 * </pre>
 *
 * <p>Flags (all optional): {@code --jdbc-url} (default {@code $LEDGER_TEST_JDBC_URL}, else
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}), {@code --schema} (default a fresh
 * {@code bench_loans_...}, dropped at the end unless {@code --keep}), {@code --loans 100000},
 * {@code --installments 12}, {@code --reads 5}, and {@code --reuse} to measure again a schema that a
 * run with {@code --keep} loaded. The last line is machine-readable:
 * <pre>
 * RESULT loans=N refresh_first_ms=N refresh_same_day_ms=N refresh_next_day_ms=N read_snapshot_ms=N read_live_ms=N read_past_ms=N
 * </pre>
 */
public final class LoanAgingBenchmark {

  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";

  private LoanAgingBenchmark() {}

  /**
   * The benchmark's flags.
   *
   * @param jdbcUrl      the server
   * @param schema       the schema to create and fill
   * @param keep         leave the schema in place at the end
   * @param reuse        measure a schema a run with {@code --keep} loaded, without loading it again
   * @param loans        how many loans
   * @param installments monthly installments per loan
   * @param reads        measured reads of each kind
   */
  record Options(String jdbcUrl, String schema, boolean keep, boolean reuse, int loans, int installments, int reads) {

    Options {
      PostgresLedgerSchema.validateSchemaName(schema);
      range("--loans", loans, 1, 10_000_000);
      range("--installments", installments, 1, 12);
      range("--reads", reads, 1, 1000);
    }

    private static void range(String flag, int value, int min, int max) {
      if (value < min || value > max) {
        throw new InvalidRequestException(flag, value, "must be between " + min + " and " + max);
      }
    }

    static Options parse(String[] args) {
      String env = System.getenv("LEDGER_TEST_JDBC_URL");
      String url = env == null || env.isBlank() ? DEFAULT_URL : env;
      String schema = "bench_loans_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
      boolean keep = false;
      boolean reuse = false;
      int loans = 100_000;
      int installments = 12;
      int reads = 5;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--keep")) {
          keep = true;
          continue;
        }
        if (flag.equals("--reuse")) {
          reuse = true;
          keep = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new InvalidRequestException(flag, null, "needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--jdbc-url" -> url = value;
          case "--schema" -> schema = value;
          case "--loans" -> loans = integer(flag, value);
          case "--installments" -> installments = integer(flag, value);
          case "--reads" -> reads = integer(flag, value);
          default -> throw new InvalidRequestException("flag", flag,
              "is not one of --jdbc-url --schema --keep --reuse --loans --installments --reads");
        }
      }
      return new Options(url, schema, keep, reuse, loans, installments, reads);
    }

    private static int integer(String flag, String value) {
      try {
        return Integer.parseInt(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(flag, value, "is not a whole number");
      }
    }
  }

  /**
   * Runs the benchmark; exits 0 when it completed, 1 when a refresh did not succeed, 2 on bad flags.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (LedgerException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out) ? 0 : 1);
  }

  static boolean run(Options o, PrintStream out) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(o.jdbcUrl());
    config.setPoolName("loan-aging-bench");
    config.setMaximumPoolSize(4);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try {
        return measure(o, dataSource, out);
      } finally {
        if (!o.keep()) {
          dropSchema(dataSource, o.schema());
        }
      }
    }
  }

  private static boolean measure(Options o, HikariDataSource dataSource, PrintStream out) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    out.printf(Locale.ROOT, "schema %s: %,d loans x %d installments, a year of repayments up to %s%n",
        o.schema(), o.loans(), o.installments(), today);
    out.printf(Locale.ROOT, "client: %d processors, system load average %.1f%n",
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (o.reuse()) {
      out.println("reusing the book loaded earlier in " + o.schema());
    } else {
      load(o, dataSource, today, out);
    }

    RefreshLoanAgingJob job = RefreshLoanAgingJob.builder(dataSource).schema(o.schema())
        .clock(Clock.systemUTC()).build();
    JobResult first = job.run();
    JobResult sameDay = job.run();
    JobResult nextDay = job.refresh(today.plusDays(1));
    JobResult back = job.run();
    for (JobResult r : List.of(first, sameDay, nextDay, back)) {
      out.println("refresh: " + r);
    }
    boolean refreshed = List.of(first, sameDay, nextDay, back).stream().allMatch(r -> r.status() == JobStatus.SUCCEEDED);

    PostgresLedgerStore ledgerStore = PostgresLedgerStore.builder(dataSource).schema(o.schema()).build();
    try (Ledger ledger = Ledger.builder().store(ledgerStore).build()) {
      LoanBook book = LoanBook.builder().ledger(ledger)
          .store(PostgresLoanStore.builder(dataSource).schema(o.schema()).statementTimeout(Duration.ofMinutes(5)).build())
          .build();
      List<Supplier<LoanAgingReport>> kinds = List.of(() -> book.agingReport(today),
          () -> book.liveAgingReport(today), () -> book.agingReport(today.minusDays(90)));
      List<Timed> timings = timed(o.reads(), kinds);
      Timed snapshot = timings.get(0);
      Timed live = timings.get(1);
      Timed past = timings.get(2);
      refreshed &= snapshot.report().source() == AgingSource.SNAPSHOT;
      refreshed &= snapshot.report().lines().equals(live.report().lines());
      out.printf(Locale.ROOT, "read snapshot %s, live %s, 90 days ago (live) %s%n", snapshot, live, past);
      print(out, snapshot.report());
      out.printf(Locale.ROOT,
          "RESULT loans=%d refresh_first_ms=%d refresh_same_day_ms=%d refresh_next_day_ms=%d read_snapshot_ms=%d "
              + "read_live_ms=%d read_past_ms=%d%n",
          snapshot.report().loanCount(), first.duration().toMillis(), sameDay.duration().toMillis(),
          nextDay.duration().toMillis(), snapshot.medianMillis(), live.medianMillis(), past.medianMillis());
    } finally {
      ledgerStore.close();
    }
    return refreshed;
  }

  private static void load(Options o, HikariDataSource dataSource, LocalDate today, PrintStream out) {
    PostgresLedgerSchema.migrate(dataSource, o.schema());   // the loan tables too: ledger-loans is on the classpath

    long t0 = System.nanoTime();
    Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin())
        .define("schema", PostgresLedgerSchema.quotedSchema(o.schema()));
    try (Handle h = jdbi.open()) {
      LoanBookLoadSql load = h.attach(LoanBookLoadSql.class);
      boolean bulk = skipTriggers(load, out);
      step(out, "accounts", () -> load.insertAccounts(o.loans()));
      step(out, "loans", () -> load.insertLoans(o.loans(), today));
      int installments = step(out, "installments", () -> load.insertInstallments(o.installments()));
      step(out, "repayment plan", () -> {
        load.planRepayments(today);
        return 0;
      });
      int repayments = step(out, "repayments", load::insertRepayments);
      int allocations = step(out, "allocations", load::insertAllocations);
      step(out, "installments paid", load::markInstallmentsPaid);
      step(out, "loans paid", load::markLoansPaid);
      load.dropPlan();
      if (bulk) {
        load.restoreTriggers();
      }
      step(out, "vacuum analyze", () -> {
        load.vacuumAnalyze();
        return 0;
      });
      out.printf(Locale.ROOT, "loaded %,d installments, %,d repayments, %,d allocations in %,d ms (set-based SQL)%n",
          installments, repayments, allocations, millis(t0));
    }
  }

  /** Read times of one kind of report (wall clock, and this thread's CPU) and the last report read. */
  private record Timed(List<Long> millis, List<Long> cpuMillis, LoanAgingReport report) {
    long medianMillis() {
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return sorted.get(sorted.size() / 2);
    }

    @Override
    public String toString() {
      List<Long> cpu = new ArrayList<>(cpuMillis);
      Collections.sort(cpu);
      return String.format(Locale.ROOT, "median %d ms (min %d, max %d; client CPU median %d ms; %s, %,d lines)",
          medianMillis(), Collections.min(millis), Collections.max(millis), cpu.get(cpu.size() / 2), report.source(),
          report.loanCount());
    }
  }

  /** Reads each kind in turn, round after round, after two unmeasured rounds that warm up the JIT. */
  private static List<Timed> timed(int reads, List<Supplier<LoanAgingReport>> kinds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<List<Long>> times = new ArrayList<>();
    List<List<Long>> cpu = new ArrayList<>();
    List<LoanAgingReport> last = new ArrayList<>();
    for (Supplier<LoanAgingReport> kind : kinds) {
      times.add(new ArrayList<>());
      cpu.add(new ArrayList<>());
      last.add(kind.get());
    }
    for (int round = -1; round < reads; round++) {
      for (int k = 0; k < kinds.size(); k++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        last.set(k, kinds.get(k).get());
        if (round >= 0) {
          times.get(k).add(millis(t0));
          cpu.get(k).add((threads.getCurrentThreadCpuTime() - c0) / 1_000_000);
        }
      }
    }
    List<Timed> result = new ArrayList<>();
    for (int k = 0; k < kinds.size(); k++) {
      result.add(new Timed(times.get(k), cpu.get(k), last.get(k)));
    }
    return result;
  }

  private static void print(PrintStream out, LoanAgingReport report) {
    out.printf(Locale.ROOT, "aging as of %s (%s, refreshed at %s):%n", report.asOf(), report.source(),
        report.refreshedAt());
    for (BucketTotal t : report.totals()) {
      out.printf(Locale.ROOT, "  %-8s %,9d loans  outstanding %18s  overdue %18s%n", t.bucket().label(), t.loans(),
          t.outstandingPrincipal(CurrencyUnit.USD), t.overdue(CurrencyUnit.USD));
    }
  }

  /** The generated rows are consistent by construction; checking each foreign key only slows the load. */
  private static boolean skipTriggers(LoanBookLoadSql load, PrintStream out) {
    try {
      load.skipTriggers();
      out.println("  load with session_replication_role = replica (foreign-key checks off)");
      return true;
    } catch (RuntimeException e) {
      out.println("  load with foreign-key checks (not a superuser: " + e.getMessage().lines().findFirst().orElse("") + ")");
      return false;
    }
  }

  private static int step(PrintStream out, String what, Supplier<Integer> work) {
    long t0 = System.nanoTime();
    int rows = work.get();
    out.printf(Locale.ROOT, "  load %-18s %,10d rows %,8d ms%n", what, rows, millis(t0));
    return rows;
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void dropSchema(HikariDataSource dataSource, String schema) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PostgresLedgerSchema.quotedSchema(schema) + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }
}
