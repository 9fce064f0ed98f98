package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiNodeJobExampleTest {

  private static OpsSchema db;

  @BeforeAll
  static void setUp() {
    db = new OpsSchema("ex_nodes");
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void threeNodesStartingTheSnapshotJobAtOnceDoTheWorkOnce() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<JobResult> results = MultiNodeJobExample.run(db.settings(), MutableClock.at("2031-03-14T02:00:00Z"), 3,
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(JobResult::status)
        .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.SKIPPED, JobStatus.SKIPPED);
    assertThat(results).filteredOn(r -> r.status() == JobStatus.SKIPPED)
        .allSatisfy(r -> assertThat(r.message()).isEqualTo("another run holds the lock"));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("while the others skipped: pid ").contains("RowExclusiveLock on " + db.schema
        + ".balance_snapshots");
    assertThat(printed).contains("job_runs: [").containsPattern("job_runs: \\[(SUCCEEDED|SKIPPED), ");
  }
}
