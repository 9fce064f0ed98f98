package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.diagnostics.BlockingLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The same job started on three nodes at the same moment, as when every node's scheduler fires at
 * 02:00: one node snapshots, the other two return SKIPPED at once, and all three runs are in
 * {@code job_runs}.
 *
 * <p>A snapshot of a small ledger takes milliseconds, too short to watch the overlap. So that the
 * winner is still working when the others start, a maintenance session (standing for a long
 * report) holds a SHARE lock on {@code balance_snapshots}; the winner waits on it inside its run
 * (the example prints the wait from {@code PostgresDiagnostics.blockingLocks()}), the others find
 * the job's advisory lock taken and skip. Then the maintenance session ends and the winner
 * finishes.
 *
 * <pre>
 * LEDGER_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=root' \
 *   java ... io.github.corebanking.ledger.examples.ops.MultiNodeJobExample
 * </pre>
 */
public final class MultiNodeJobExample {

  private MultiNodeJobExample() {}

  /**
   * Runs the example.
   *
   * @param args none
   * @throws Exception when the database fails
   */
  public static void main(String[] args) throws Exception {
    run(Settings.fromEnvironment(System.getenv()), Clock.systemUTC(), 3, System.out);
  }

  /**
   * The example's body.
   *
   * @param settings where the ledger is
   * @param clock    the nodes' clock
   * @param nodes    how many nodes, 2 to 8
   * @param out      where to print
   * @return every node's result, in node order
   * @throws Exception when the database fails
   */
  static List<JobResult> run(Settings settings, Clock clock, int nodes, PrintStream out) throws Exception {
    if (nodes < 2 || nodes > 8) {
      throw new IllegalArgumentException("nodes " + nodes + " must be 2 to 8");
    }
    List<LedgerNode> started = new ArrayList<>();
    ExecutorService schedulers = Executors.newFixedThreadPool(nodes);
    try {
      LedgerMetrics metrics = LedgerMetrics.of(new SimpleMeterRegistry());
      for (int i = 1; i <= nodes; i++) {
        started.add(i == 1 ? settings.startNode("node-1", clock, metrics)
            : LedgerNode.start("node-" + i, settings.jdbcUrl(), settings.schema(), clock, settings.zone(), metrics));
      }
      List<Future<JobResult>> runs = new ArrayList<>();
      try (Connection maintenance = DriverManager.getConnection(settings.jdbcUrl())) {
        maintenance.setAutoCommit(false);
        try (Statement s = maintenance.createStatement()) {
          s.execute("LOCK TABLE " + PostgresLedgerSchema.quotedSchema(settings.schema())
              + ".balance_snapshots IN SHARE MODE");
        }
        for (LedgerNode node : started) {
          LedgerJob job = metrics.instrument(node.jobs.previousDayBalanceSnapshot());
          runs.add(schedulers.submit(job::run));
        }
        awaitLosers(runs, nodes - 1);
        List<BlockingLock> waits = started.get(0).diagnostics.blockingLocks();
        for (BlockingLock wait : waits) {
          out.println("while the others skipped: " + wait);
        }
        maintenance.rollback();
      }
      List<JobResult> results = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        JobResult result = runs.get(i).get(2, TimeUnit.MINUTES);
        results.add(result);
        out.println(started.get(i).name + ": " + result);
      }
      out.println("job_runs: " + started.get(0).diagnostics.jobRuns("daily-balance-snapshot", nodes).stream()
          .map(r -> r.status().toString()).toList());
      return results;
    } finally {
      schedulers.shutdownNow();
      for (LedgerNode node : started) {
        node.close();
      }
    }
  }

  /** Waits until all but one run have returned: those are the nodes that found the lock taken. */
  private static void awaitLosers(List<Future<JobResult>> runs, int losers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (runs.stream().filter(Future::isDone).count() < losers) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the nodes did not return within a minute");
      }
      Thread.sleep(20);
    }
  }
}
