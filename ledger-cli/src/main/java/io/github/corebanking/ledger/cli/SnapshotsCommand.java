package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.postgres.diagnostics.JobRun;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.SnapshotStatus;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snapshots}: whether yesterday's balance snapshots are there
 * ({@link PostgresDiagnostics#snapshots()}), what the last snapshot run wrote, and with a range the
 * days that had postings but no snapshots ({@link PostgresDiagnostics#snapshotGaps}).
 */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
    description = "Shows whether yesterday is snapshotted, the last snapshot run's counts and, with --gaps-from, "
        + "the days with postings but no snapshots. Exit 1 when yesterday or a day of the range is missing.")
final class SnapshotsCommand extends LedgerCommand {

  @Option(names = "--gaps-from", paramLabel = "YYYY-MM-DD", description = "list the gaps from this day")
  @Nullable LocalDate gapsFrom;

  @Option(names = "--gaps-to", paramLabel = "YYYY-MM-DD", description = "... to this day (default yesterday)")
  @Nullable LocalDate gapsTo;

  @Override
  int run(Session session, Console console) {
    PostgresDiagnostics d = session.diagnostics();
    SnapshotStatus status = d.snapshots();
    Optional<JobRun> last = d.jobRuns(PostgresDiagnostics.SNAPSHOT_JOB, 20).stream()
        .filter(r -> r.status() != io.github.corebanking.ledger.job.JobStatus.SKIPPED).findFirst();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("yesterday", status.yesterday());
    doc.put("yesterdayCovered", status.yesterdayCovered());
    doc.put("postedYesterday", status.postedYesterday());
    doc.put("latestSnapshotDate", status.latest().map(Object::toString).orElse(null));
    doc.put("lagDays", status.lagDays());
    doc.put("lastSuccess", status.lastSuccess().map(Object::toString).orElse(null));
    doc.put("lastRun", last.orElse(null));
    List<LocalDate> gaps = List.of();
    if (gapsFrom != null) {
      gaps = d.snapshotGaps(gapsFrom, gapsTo == null ? status.yesterday() : gapsTo);
      doc.put("gaps", gaps);
    }
    List<LocalDate> gapsFinal = gaps;
    console.result(doc, () -> {
      Table t = Table.of("what", "value");
      t.row("yesterday", status.yesterday() + (status.yesterdayCovered() ? " covered" : " MISSING"));
      t.row("posted yesterday", status.postedYesterday() ? "yes" : "no");
      t.row("latest snapshot day", status.latest().map(Object::toString).orElse("none"));
      t.row("days behind", status.lagDays());
      t.row("last success", status.lastSuccess().map(Object::toString).orElse("never"));
      last.ifPresent(r -> t.row("last run", r.status() + " at " + r.startedAt() + ": snapshots=" + r.count("snapshots")
          + " checkpoints=" + r.count("checkpoints") + " days=" + r.count("days")));
      if (gapsFrom != null) {
        t.row("gaps", gapsFinal.isEmpty() ? "none" : gapsFinal.toString());
      }
      console.print(t);
      if (!gapsFinal.isEmpty()) {
        console.note("fill them: ledger-cli run daily-balance-snapshot --from " + gapsFinal.get(0) + " --to "
            + status.latest().map(Object::toString).orElse(status.yesterday().toString()));
      }
    });
    return status.yesterdayCovered() && gaps.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEM;
  }
}
