package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.jobs.DailyBalanceSnapshotJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code run <job>}: runs one maintenance job now, as {@link PostgresLedgerJobs} builds it (and
 * ledger-loans' {@link RefreshLoanAgingJob}), in the one job frame: its lock (SKIPPED, exit 4,
 * while another run holds it) and its {@code job_runs} record.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs a maintenance job now. Exit 0 SUCCEEDED, 1 FAILED or integrity problems found, 4 SKIPPED.",
    subcommands = {RunCommand.EnsurePartitions.class, RunCommand.DailyBalanceSnapshot.class,
        RunCommand.IntegrityCheck.class, RunCommand.VerifyHashChains.class, RunCommand.RecalculateBalances.class, RunCommand.ExpireHolds.class,
        RunCommand.SnapshotRetention.class, RunCommand.JobRunsRetention.class, RunCommand.Analyze.class,
        RunCommand.RefreshLoanAging.class, RunCommand.Scheduled.class})
final class RunCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec == null ? null : spec.commandLine(), "name the job to run");
  }

  /** Runs one job, showing the phase while it works, and prints its result. */
  static int once(Console console, LedgerJob job) {
    console.note(job.name() + ": running");
    JobResult result = job.run();
    console.result(JobOutcome.document(result), () -> JobOutcome.print(console, result));
    return JobOutcome.exitCode(result);
  }

  @Command(name = "ensure-partitions", mixinStandardHelpOptions = true,
      description = "Creates the entries partitions of this month and the next months (EnsurePartitionsJob).")
  static final class EnsurePartitions extends LedgerCommand {
    @Option(names = "--months-ahead", paramLabel = "N", defaultValue = "" + PostgresLedgerJobs.DEFAULT_MONTHS_AHEAD,
        description = "months after this one (default ${DEFAULT-VALUE})")
    int monthsAhead;

    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().ensurePartitions(monthsAhead));
    }
  }

  @Command(name = "daily-balance-snapshot", mixinStandardHelpOptions = true,
      description = "Writes the balance snapshots of a day (default yesterday in the bank's zone), or of each day "
          + "from --from to --to, oldest first, one run per day with progress.")
  static final class DailyBalanceSnapshot extends LedgerCommand {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day (default yesterday)")
    @Nullable LocalDate date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "the first day of a range")
    @Nullable LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "the last day of a range (default yesterday)")
    @Nullable LocalDate to;

    @Override
    int run(Session session, Console console) {
      LocalDate yesterday = LocalDate.ofInstant(session.clock().instant(), session.zone()).minusDays(1);
      if (date != null && (from != null || to != null)) {
        throw new InvalidRequestException("--date", date, "cannot be combined with --from/--to");
      }
      if (from == null) {
        if (to != null) {
          throw new InvalidRequestException("--to", to, "needs --from");
        }
        return once(console, session.jobs().dailyBalanceSnapshot(date == null ? yesterday : date));
      }
      LocalDate last = to == null ? yesterday : to;
      if (last.isBefore(from)) {
        throw new InvalidRequestException("--to", last, "must not be before --from " + from);
      }
      if (from.plusYears(30).isBefore(last)) {
        throw new InvalidRequestException("--to", last, "must be at most 30 years after --from " + from);
      }
      List<LocalDate> days = from.datesUntil(last.plusDays(1)).toList();
      Progress progress = console.progress(DailyBalanceSnapshotJob.NAME, days.size(), "days");
      Map<String, Long> totals = new LinkedHashMap<>();
      List<Object> runs = new ArrayList<>();
      int code = ExitCodes.OK;
      int done = 0;
      Instant started = session.clock().instant();
      for (LocalDate day : days) {
        JobResult r = session.jobs().dailyBalanceSnapshot(day).run();
        runs.add(JobOutcome.document(r));
        r.counts().forEach((k, v) -> totals.merge(k, v, Long::sum));
        done++;
        progress.update(done, day + " " + r.status() + " snapshots=" + r.count("snapshots"));
        code = JobOutcome.worse(code, JobOutcome.exitCode(r));
        if (r.status() != JobStatus.SUCCEEDED) {
          progress.finish();
          console.note(r.job() + " " + r.status() + " for " + day + ": " + r.message() + "; later days not run");
          break;
        }
      }
      progress.finish();
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("job", DailyBalanceSnapshotJob.NAME);
      doc.put("from", from);
      doc.put("to", last);
      doc.put("daysRun", done);
      doc.put("counts", totals);
      doc.put("durationMs", Duration.between(started, session.clock().instant()));
      doc.put("runs", runs);
      int days0 = done;
      console.result(doc, () -> console.println(DailyBalanceSnapshotJob.NAME + " " + from + " to " + last + ": "
          + days0 + " of " + days.size() + " days run; " + JobOutcome.counts(totals)));
      return code;
    }
  }

  @Command(name = "integrity-check", mixinStandardHelpOptions = true,
      description = "Checks the books against the entries: trial balance per currency, balanced transactions, "
          + "orphans, counters and snapshots (IntegrityCheckJob). Exit 1 when it finds problems.")
  static final class IntegrityCheck extends LedgerCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + PostgresLedgerJobs.DEFAULT_FINDINGS_LIMIT,
        description = "most ids listed per kind of problem (default ${DEFAULT-VALUE}); totals are exact")
    int limit;

    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().integrityCheck(limit));
    }
  }

  @Command(name = "verify-hash-chains", mixinStandardHelpOptions = true,
      description = "Walks every account's hash chain and names each entry edited, inserted or deleted behind the "
          + "ledger's back, and each transaction whose digest no longer matches (VerifyHashChainsJob). From each "
          + "account's checkpoint unless --full. Exit 1 when it finds any.")
  static final class VerifyHashChains extends LedgerCommand {
    @Option(names = "--full", description = "walk every chain from its first entry, ignoring checkpoints")
    boolean full;

    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().verifyHashChains(full));
    }
  }

  @Command(name = "recalculate-balances", mixinStandardHelpOptions = true,
      description = "Rebuilds accounts' counters from their entries (RecalculateBalancesJob): the accounts named, "
          + "or every account in batches with progress, one run per batch.")
  static final class RecalculateBalances extends LedgerCommand {
    static final int BATCH = 500;

    @Option(names = "--account", paramLabel = "CODE|ID", description = "an account's code or id; repeatable")
    List<String> accounts = new ArrayList<>();

    @Override
    int run(Session session, Console console) {
      TreeSet<AccountId> ids = new TreeSet<>();
      if (accounts.isEmpty()) {
        session.ledger().accounts().forEach(a -> ids.add(a.id()));
      } else {
        for (String ref : accounts) {
          Account a = AccountRef.resolve(session.ledger(), "--account", ref);
          ids.add(a.id());
        }
      }
      if (ids.isEmpty()) {
        console.result(Map.of("job", "recalculate-balances", "counts", Map.of("checked", 0L)),
            () -> console.println("no accounts to recalculate"));
        return ExitCodes.OK;
      }
      List<AccountId> all = new ArrayList<>(ids);
      Progress progress = console.progress("recalculate-balances", all.size(), "accounts");
      Map<String, Long> totals = new LinkedHashMap<>();
      List<String> messages = new ArrayList<>();
      int code = ExitCodes.OK;
      int done = 0;
      JobStatus status = JobStatus.SUCCEEDED;
      Instant started = session.clock().instant();
      for (int i = 0; i < all.size(); i += BATCH) {
        List<AccountId> batch = all.subList(i, Math.min(all.size(), i + BATCH));
        JobResult r = session.jobs().recalculateBalances(batch).run();
        r.counts().forEach((k, v) -> totals.merge(k, v, Long::sum));
        done += batch.size();
        progress.update(done, "wrong=" + totals.getOrDefault("wrong", 0L));
        code = JobOutcome.worse(code, JobOutcome.exitCode(r));
        if (r.status() != JobStatus.SUCCEEDED || r.count("wrong") > 0) {
          messages.add(r.message());
        }
        if (r.status() != JobStatus.SUCCEEDED) {
          status = r.status();
          progress.finish();
          console.note("recalculate-balances " + r.status() + ": " + r.message() + "; later accounts not run");
          break;
        }
      }
      progress.finish();
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("job", "recalculate-balances");
      doc.put("status", status);
      doc.put("accounts", all.size());
      doc.put("counts", totals);
      doc.put("durationMs", Duration.between(started, session.clock().instant()));
      doc.put("messages", messages);
      JobStatus finalStatus = status;
      console.result(doc, () -> {
        console.println("recalculate-balances " + finalStatus + ": " + JobOutcome.counts(totals));
        messages.forEach(m -> console.println("  " + m));
      });
      return code;
    }
  }

  @Command(name = "expire-holds", mixinStandardHelpOptions = true,
      description = "Voids the holds whose expiry passed (ExpireHoldsJob).")
  static final class ExpireHolds extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().expireHolds());
    }
  }

  @Command(name = "snapshot-retention", mixinStandardHelpOptions = true,
      description = "Deletes balance snapshots older than the retention, keeping month ends (SnapshotRetentionJob).")
  static final class SnapshotRetention extends LedgerCommand {
    @Option(names = "--retention", paramLabel = "PERIOD", defaultValue = "P13M",
        description = "how long snapshots are kept in full, ISO-8601 (default ${DEFAULT-VALUE})")
    Period retention = Period.ofMonths(13);

    @Option(names = "--drop-month-ends", description = "do not keep each account's last snapshot of every month")
    boolean dropMonthEnds;

    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().snapshotRetention(retention, !dropMonthEnds));
    }
  }

  @Command(name = "job-runs-retention", mixinStandardHelpOptions = true,
      description = "Keeps job_runs to 90 days and SKIPPED runs to one day (JobRunsRetentionJob).")
  static final class JobRunsRetention extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().jobRunsRetention());
    }
  }

  @Command(name = "analyze", mixinStandardHelpOptions = true,
      description = "Runs ANALYZE on the schema's tables (AnalyzeJob); needs the tables' owner.")
  static final class Analyze extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      return once(console, session.jobs().analyze());
    }
  }

  @Command(name = "refresh-loan-aging", mixinStandardHelpOptions = true,
      description = "Refreshes the loan-aging view for today, or --date (ledger-loans' RefreshLoanAgingJob).")
  static final class RefreshLoanAging extends LedgerCommand {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day to age loans at (default today)")
    @Nullable LocalDate date;

    @Override
    int run(Session session, Console console) {
      if (!session.hasLoanTables()) {
        console.note("schema " + session.schema() + " has no loan tables (ledger-loans): run ledger-cli migrate");
        return ExitCodes.PROBLEM;
      }
      RefreshLoanAgingJob job = session.loanAging();
      if (date == null) {
        return once(console, job);
      }
      LocalDate day = date;
      return once(console, new LedgerJob() {
        @Override
        public String name() {
          return job.name();
        }

        @Override
        public JobResult run() {
          return job.refresh(day);
        }
      });
    }
  }

  @Command(name = "scheduled", mixinStandardHelpOptions = true,
      description = "Runs every scheduled job once, now: partitions, yesterday's snapshots, integrity check, "
          + "job_runs retention, expired holds, and the loan-aging refresh when the schema has loan tables.")
  static final class Scheduled extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      List<LedgerJob> jobs = new ArrayList<>(session.jobs().scheduledJobs());
      if (session.hasLoanTables()) {
        jobs.add(session.loanAging());
      }
      Progress progress = console.progress("scheduled", jobs.size(), "jobs");
      List<Object> doc = new ArrayList<>();
      Table table = Table.of("job", "status", "took", "counts", "message");
      int code = ExitCodes.OK;
      int done = 0;
      for (LedgerJob job : jobs) {
        JobResult r = job.run();
        doc.add(JobOutcome.document(r));
        table.row(r.job(), r.status(), r.duration().toMillis() + " ms", JobOutcome.counts(r.counts()), r.message());
        code = JobOutcome.worse(code, JobOutcome.exitCode(r));
        progress.update(++done, r.job() + " " + r.status());
      }
      progress.finish();
      console.result(doc, () -> console.print(table));
      return code;
    }
  }
}
