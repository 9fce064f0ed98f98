package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.diagnostics.JobRun;
import io.github.corebanking.ledger.postgres.diagnostics.JobSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jobs}: each job's last run from {@code job_runs} ({@code PostgresDiagnostics.jobs()}), or one job's history. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "Lists each job's last run (SUCCEEDED or FAILED), or with --job one job's recent runs. "
        + "Exit 1 when a listed run FAILED.")
final class JobsCommand extends LedgerCommand {

  @Option(names = "--failed", description = "only jobs whose last run FAILED (with --job: only FAILED runs)")
  boolean failed;

  @Option(names = "--job", paramLabel = "NAME", description = "one job's recent runs, SKIPPED ones included")
  @Nullable String job;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "most runs with --job (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  int run(Session session, Console console) {
    List<JobRun> runs = new ArrayList<>();
    Map<String, @Nullable Object> lastSuccess = new LinkedHashMap<>();
    if (job != null) {
      runs.addAll(session.diagnostics().jobRuns(job, limit));
    } else {
      for (JobSummary s : session.diagnostics().jobs()) {
        runs.add(s.lastRun());
        lastSuccess.put(s.job(), s.lastSucceededAt().map(Object::toString).orElse(null));
      }
    }
    if (failed) {
      runs.removeIf(r -> r.status() != JobStatus.FAILED);
    }
    List<Object> doc = new ArrayList<>();
    Table table = job == null ? Table.of("job", "last run", "status", "took", "last success", "counts", "message")
        : Table.of("job", "started", "status", "took", "counts", "message");
    for (JobRun r : runs) {
      Map<String, Object> row = JobOutcome.document(r.job(), r.status(), r.startedAt(), r.duration(), r.counts(),
          r.message());
      if (job == null) {
        row.put("lastSuccess", lastSuccess.get(r.job()));
        table.row(r.job(), r.startedAt(), r.status(), r.duration().toMillis() + " ms", lastSuccess.get(r.job()),
            JobOutcome.counts(r.counts()), r.message());
      } else {
        table.row(r.job(), r.startedAt(), r.status(), r.duration().toMillis() + " ms", JobOutcome.counts(r.counts()),
            r.message());
      }
      doc.add(row);
    }
    console.result(doc, () -> {
      if (runs.isEmpty()) {
        console.println(failed ? "no failed jobs" : "no job runs recorded");
      } else {
        console.print(table);
      }
    });
    return runs.stream().anyMatch(r -> r.status() == JobStatus.FAILED) ? ExitCodes.PROBLEM : ExitCodes.OK;
  }
}
