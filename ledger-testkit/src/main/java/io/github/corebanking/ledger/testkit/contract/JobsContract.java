package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LedgerStore#runExclusively}: the lock jobs run under. */
abstract class JobsContract extends ContractSupport {

  JobsContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  @Timeout(60)
  void aSecondConcurrentHolderOfALockIsTurnedAway() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<String>> first = pool.submit(() -> store.runExclusively("contract-lock", () -> {
        entered.countDown();
        await(release);
        return "first";
      }));
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("first holder started").isTrue();

      Optional<String> second = store.runExclusively("contract-lock", () -> "second");

      assertThat(second).isEmpty();
      release.countDown();
      assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).contains("first");
      assertThat(store.runExclusively("contract-lock", () -> "after")).as("released after the work").contains("after");
    } finally {
      release.countDown();
      shutdown(pool);
    }
  }

  @Test
  @Timeout(60)
  void differentLockNamesDoNotBlockEachOther() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<String>> first = pool.submit(() -> store.runExclusively("contract-lock-a", () -> {
        entered.countDown();
        await(release);
        return "a";
      }));
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      assertThat(store.runExclusively("contract-lock-b", () -> "b")).contains("b");

      release.countDown();
      assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).contains("a");
    } finally {
      release.countDown();
      shutdown(pool);
    }
  }

  @Test
  void aLockIsReleasedWhenItsWorkFails() {
    IllegalStateException failure = new IllegalStateException("work failed");
    Throwable thrown = catchThrowable(() -> store.runExclusively("contract-lock", () -> {
      throw failure;
    }));

    assertThat(thrown).isSameAs(failure);
    assertThat(store.runExclusively("contract-lock", () -> "again")).contains("again");
  }

  @Test
  @Timeout(60)
  void theExpiryJobIsSkippedWhileAnotherRunHoldsItsLock() throws Exception {
    Book book = openBook();
    Transaction held = hold("auth", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(1)));
    clock.set(START.plus(Duration.ofHours(1)));
    ExpireHoldsJob job = new ExpireHoldsJob(ledger, store, clock, 100);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<String>> other = pool.submit(() -> store.runExclusively("ledger-job:" + job.name(), () -> {
        entered.countDown();
        await(release);
        return "other run";
      }));
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      JobResult skipped = job.run();

      assertThat(skipped.status()).as("%s", skipped).isEqualTo(JobStatus.SKIPPED);
      assertThat(status(held)).isEqualTo(TransactionStatus.PENDING);
      release.countDown();
      assertThat(other.get(WAIT_SECONDS, TimeUnit.SECONDS)).isPresent();
    } finally {
      release.countDown();
      shutdown(pool);
    }
    JobResult ran = job.run();
    assertThat(ran.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(ran.count("voided")).isEqualTo(1);
    assertThat(status(held)).isEqualTo(TransactionStatus.VOIDED);
  }
}
