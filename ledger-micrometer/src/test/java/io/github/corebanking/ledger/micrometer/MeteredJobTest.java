package io.github.corebanking.ledger.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobLock;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeteredJobTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
  private final InMemoryLedgerStore store = new InMemoryLedgerStore();
  private final Ledger ledger = Ledger.builder().store(store).clock(clock).build();
  private final LedgerMetrics metrics = LedgerMetrics.of(registry, Tags.of("ledger", "main"));

  @AfterEach
  void close() {
    ledger.close();
  }

  private Timer runs(String status) {
    return registry.find(MeteredJob.RUNS).tag("job", "expire-holds").tag("status", status).timer();
  }

  private double gauge(String name) {
    return registry.get(name).tag("job", "expire-holds").gauge().value();
  }

  private void holdExpiringIn(BankChart bank, String key, Duration in) {
    ledger.post(PostingRequest.builder().idempotencyKey(key).description("card hold")
        .debit(bank.customerDeposits().id(), bank.money("5.00")).credit(bank.cash().id(), bank.money("5.00"))
        .pending(clock.instant().plus(in)).build());
  }

  @Test
  void aSuccessfulRunRecordsItsDurationTimeAndCounts() {
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.depositCash(bank.money("100.00"), "deposit-1");
    holdExpiringIn(bank, "hold-1", Duration.ofMinutes(5));
    holdExpiringIn(bank, "hold-2", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(10));
    LedgerJob job = metrics.instrument(new ExpireHoldsJob(ledger, store, clock, 100));

    JobResult result = job.run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.name()).isEqualTo("expire-holds");
    assertThat(runs("succeeded").count()).isEqualTo(1);
    assertThat(runs("succeeded").totalTime(TimeUnit.NANOSECONDS)).isEqualTo(result.duration().toNanos());
    assertThat(gauge(MeteredJob.LAST_SUCCESS)).isEqualTo(Instant.parse("2026-03-02T10:10:00Z").getEpochSecond());
    assertThat(gauge(MeteredJob.LAST_FAILED)).isZero();
    assertThat(registry.get(MeteredJob.LAST_COUNT).tag("job", "expire-holds").tag("count", "voided").gauge().value())
        .isEqualTo(2);
    assertThat(registry.get(MeteredJob.RUNS).timer().getId().getTag("ledger")).isEqualTo("main");
  }

  @Test
  void beforeAnySuccessTheLastSuccessIsUnknown() {
    metrics.instrument(new ExpireHoldsJob(ledger, store, clock, 100));

    assertThat(gauge(MeteredJob.LAST_SUCCESS)).isNaN();
  }

  @Test
  void aRunThatFindsTheLockHeldIsRecordedAsSkipped() throws Exception {
    LedgerJob job = metrics.instrument(new ExpireHoldsJob(ledger, store, clock, 100));

    // Another node holds the job's lock.
    JobResult result;
    try (JobLock other = store.jobRuns().tryLock(ExpireHoldsJob.NAME).orElseThrow()) {
      result = job.run();
    }

    assertThat(result.status()).isEqualTo(JobStatus.SKIPPED);
    assertThat(runs("skipped").count()).isEqualTo(1);
    assertThat(gauge(MeteredJob.LAST_SUCCESS)).isNaN();
  }

  @Test
  void aFailedRunRaisesTheFailedGaugeUntilTheNextSuccess() {
    boolean[] fail = {true};
    LedgerJob flaky = metrics.instrument(JobFrame.over(store.jobRuns(), clock).job("expire-holds", (lock, counts) -> {
      if (fail[0]) {
        throw new IllegalStateException("database went away");
      }
      counts.put("voided", 0L);
      return "nothing to void";
    }));

    assertThat(flaky.run().status()).isEqualTo(JobStatus.FAILED);
    assertThat(gauge(MeteredJob.LAST_FAILED)).isEqualTo(1);
    assertThat(runs("failed").count()).isEqualTo(1);

    fail[0] = false;
    assertThat(flaky.run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(gauge(MeteredJob.LAST_FAILED)).isZero();
  }

  @Test
  void aJobThatThrowsIsRecordedAsFailedAndTheExceptionGoesOn() {
    LedgerJob broken = new LedgerJob() {
      @Override
      public String name() {
        return "expire-holds";
      }

      @Override
      public JobResult run() {
        throw new IllegalStateException("broke its contract");
      }
    };

    assertThatThrownBy(metrics.instrument(broken)::run).hasMessage("broke its contract");
    assertThat(runs("failed").count()).isEqualTo(1);
    assertThat(gauge(MeteredJob.LAST_FAILED)).isEqualTo(1);
  }

  @Test
  void jobsOfTheSameNameShareTheirGauges() {
    InMemoryLedgerStore otherNode = new InMemoryLedgerStore();
    LedgerJob first = metrics.instrument(new ExpireHoldsJob(ledger, store, clock, 100));
    LedgerJob second = metrics.instrument(new ExpireHoldsJob(ledger, otherNode, clock, 100));

    first.run();
    clock.advance(Duration.ofHours(1));
    second.run();

    assertThat(gauge(MeteredJob.LAST_SUCCESS)).isEqualTo(Instant.parse("2026-03-02T11:00:00Z").getEpochSecond());
    assertThat(runs("succeeded").count()).isEqualTo(2);
  }
}
