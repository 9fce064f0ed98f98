package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Job locks are PostgreSQL advisory locks, per ledger schema and lock name. */
class RunExclusivelyTest {

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
  void aSecondHolderOfTheSameLockIsTurnedAwayWhileOtherLedgersAndNamesRun() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> nodeOne.runExclusively("snapshots", () -> {
      running.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }));
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(nodeTwo.runExclusively("snapshots", () -> "twice")).isEmpty();
    assertThat(nodeOne.runExclusively("snapshots", () -> "same node")).isEmpty();
    assertThat(nodeTwo.runExclusively("partitions", () -> "other job")).contains("other job");
    assertThat(otherLedger.runExclusively("snapshots", () -> "other ledger")).contains("other ledger");
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).contains("done");
    assertThat(nodeTwo.runExclusively("snapshots", () -> "after")).contains("after");
  }

  @Test
  void theLockIsReleasedWhenTheWorkFails() {
    assertThatThrownBy(() -> nodeOne.runExclusively("failing", () -> {
      throw new IllegalStateException("work failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(nodeTwo.runExclusively("failing", () -> "again")).contains("again");
  }

  @Test
  void aBlankLockNameIsRejected() {
    assertThatThrownBy(() -> nodeOne.runExclusively(" ", () -> "x"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lockName");
  }
}
