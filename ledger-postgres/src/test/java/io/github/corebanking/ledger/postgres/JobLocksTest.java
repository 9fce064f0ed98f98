package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.PostgresJobLock;
import io.github.corebanking.ledger.postgres.jobs.PostgresJobRuns;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Job locks are PostgreSQL session advisory locks, per ledger schema and job name, on a connection of their own. */
class JobLocksTest {

  private static HikariDataSource dataSource;
  private static String schemaA;
  private static String schemaB;
  private static PostgresLedgerStore nodeOne;
  private static PostgresLedgerStore nodeTwo;
  private static PostgresLedgerStore otherLedger;

  @BeforeAll
  static void open() {
    dataSource = PgTestSupport.pool("exclusive", 6);
    schemaA = TestServices.freshSchemaName("lock");
    schemaB = TestServices.freshSchemaName("lock");
    PostgresLedgerSchema.migrate(dataSource, schemaA);
    PostgresLedgerSchema.migrate(dataSource, schemaB);
    nodeOne = PostgresLedgerStore.builder(dataSource).schema(schemaA).build();
    nodeTwo = PostgresLedgerStore.builder(dataSource).schema(schemaA).build();
    otherLedger = PostgresLedgerStore.builder(dataSource).schema(schemaB).build();
  }

  @AfterAll
  static void close() {
    nodeOne.close();
    nodeTwo.close();
    otherLedger.close();
    dataSource.close();
    PgTestSupport.drop(schemaA);
    PgTestSupport.drop(schemaB);
  }

  @Test
  void aSecondHolderOfTheSameJobIsTurnedAwayWhileOtherLedgersAndNamesRun() {
    try (PostgresJobLock held = nodeOne.jobRuns().tryLock("snapshots").orElseThrow()) {
      assertThat(held.schema()).isEqualTo(schemaA);
      assertThat(nodeTwo.jobRuns().tryLock("snapshots")).as("another node").isEmpty();
      assertThat(nodeOne.jobRuns().tryLock("snapshots")).as("the same node").isEmpty();
      assertThat(PostgresLedgerJobs.builder(nodeTwo).build().jobRuns().tryLock("snapshots"))
          .as("the jobs factory over the same schema").isEmpty();
      try (PostgresJobLock otherJob = nodeTwo.jobRuns().tryLock("partitions").orElseThrow();
          PostgresJobLock otherSchema = otherLedger.jobRuns().tryLock("snapshots").orElseThrow()) {
        assertThat(List.of(otherJob.job(), otherSchema.schema())).containsExactly("partitions", schemaB);
      }
    }
    try (PostgresJobLock after = nodeTwo.jobRuns().tryLock("snapshots").orElseThrow()) {
      assertThat(after.job()).isEqualTo("snapshots");
    }
  }

  @Test
  void theLockIsReleasedAndTheConnectionReturnedWhenTheWorkFailsInATransaction() {
    JobResult failed = JobFrame.over(nodeOne.jobRuns(), Clock.systemUTC()).job("failing", (lock, counts) ->
        "quotient " + lock.handle().inTransaction(h -> h.createQuery("SELECT 1 / 0").mapTo(Integer.class).one())).run();

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.message()).isEqualTo("ERROR: division by zero (SQLSTATE 22012)");
    assertThat(nodeTwo.jobRuns().recentRuns("failing", 5)).singleElement()
        .satisfies(r -> assertThat(List.of(r.status(), r.message())).containsExactly(JobStatus.FAILED, failed.message()));
    try (PostgresJobLock again = nodeTwo.jobRuns().tryLock("failing").orElseThrow()) {
      assertThat(again.job()).isEqualTo("failing");
    }
  }

  @Test
  void badNamesAndLimitsAreRejected() {
    assertThatThrownBy(() -> nodeOne.jobRuns().tryLock(" "))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> nodeOne.jobRuns().recentRuns("snapshots", 0))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> PostgresJobRuns.of(dataSource, "Ledger"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("schema");
  }
}
