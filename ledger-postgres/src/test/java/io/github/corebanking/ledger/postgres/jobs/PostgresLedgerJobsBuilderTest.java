package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.job.LedgerJob;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Bad input is rejected at once, naming the field and value; no database is touched. */
class PostgresLedgerJobsBuilderTest {

  private final PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(new PGSimpleDataSource()).schema("ledger_x").build();

  private static void rejects(Runnable call, String field, String value) {
    assertThatThrownBy(call::run).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> {
          assertThat(((LedgerException) e).field()).isEqualTo(field);
          assertThat(((LedgerException) e).value()).isEqualTo(value);
        })
        .hasMessageContaining(field);
  }

  @Test
  void anInvalidSchemaNameIsRejected() {
    rejects(() -> PostgresLedgerJobs.builder(new PGSimpleDataSource()).schema("Robert'); DROP"), "schema",
        "Robert'); DROP");
    rejects(() -> PostgresLedgerJobs.builder(new PGSimpleDataSource()).schema("pg_catalog"), "schema", "pg_catalog");
  }

  @Test
  void settingsAreSetOnceAndNeverNull() {
    PostgresLedgerJobs.Builder b = PostgresLedgerJobs.builder(new PGSimpleDataSource()).zone(ZoneOffset.UTC);
    rejects(() -> b.zone(ZoneOffset.ofHours(2)), "zone", "+02:00");
    rejects(() -> b.clock(null), "clock", null);
    assertThatThrownBy(() -> PostgresLedgerJobs.builder((javax.sql.DataSource) null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("dataSource");
  }

  @Test
  void theSchemaDefaultsToTheStoresDefault() {
    assertThat(PostgresLedgerJobs.builder(new PGSimpleDataSource()).build().schema()).isEqualTo("ledger");
    assertThat(jobs.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void outOfRangeJobSettingsAreRejected() {
    rejects(() -> jobs.ensurePartitions(-1), "monthsAhead", "-1");
    rejects(() -> jobs.ensurePartitions(121), "monthsAhead", "121");
    rejects(() -> jobs.dailyBalanceSnapshot(null), "date", null);
    rejects(() -> jobs.dailyBalanceSnapshots(LocalDate.parse("2031-02-02"), LocalDate.parse("2031-02-01")), "to",
        "2031-02-01");
    rejects(() -> jobs.dailyBalanceSnapshots(LocalDate.parse("2000-01-01"), LocalDate.parse("2040-01-01")), "to",
        "2040-01-01");
    rejects(() -> jobs.integrityCheck(0), "limit", "0");
    rejects(() -> PostgresLedgerJobs.builder(new PGSimpleDataSource()).checkpointEvery(-1), "checkpointEvery", "-1");
    rejects(() -> PostgresLedgerJobs.builder(new PGSimpleDataSource()).checkpointEvery(1_000_001), "checkpointEvery",
        "1000001");
    assertThat(jobs.previousDayBalanceSnapshot().checkpointEvery()).isEqualTo(PostgresLedgerJobs.DEFAULT_CHECKPOINT_EVERY);
    assertThat(PostgresLedgerJobs.builder(new PGSimpleDataSource()).checkpointEvery(0).build()
        .dailyBalanceSnapshot(LocalDate.parse("2031-02-01")).checkpointEvery()).isZero();
    rejects(() -> jobs.recalculateBalances(List.of()), "accounts", "[]");
    rejects(() -> jobs.recalculateBalances(null), "accounts", null);
    rejects(() -> jobs.snapshotRetention(Period.ZERO), "retention", "P0D");
    rejects(() -> jobs.snapshotRetention(Period.ofDays(-3)), "retention", "P-3D");
  }

  @Test
  void expiringHoldsNeedALedger() {
    rejects(jobs::expireHolds, "ledger", null);
  }

  @Test
  void jobRunsRetentionAndOwnJobsRejectBadInput() {
    rejects(() -> jobs.jobRunsRetention(Duration.ZERO, Duration.ofDays(1)), "retention", "PT0S");
    rejects(() -> jobs.jobRunsRetention(Duration.ofDays(1), Duration.ofDays(-1)), "skippedRetention", "PT-24H");
    rejects(() -> jobs.jobRunsRetention(Duration.ofDays(1), Duration.ofDays(2)), "skippedRetention", "PT48H");
    rejects(() -> jobs.job("Refresh Aging", (lock, counts) -> "x"), "name", "Refresh Aging");
    rejects(() -> jobs.job("refresh-aging", null), "body", null);
    assertThat(jobs.jobRunsRetention().retention()).isEqualTo(PostgresLedgerJobs.DEFAULT_JOB_RUNS_RETENTION);
    assertThat(jobs.jobRunsRetention().skippedRetention()).isEqualTo(PostgresLedgerJobs.DEFAULT_SKIPPED_RUNS_RETENTION);
  }

  @Test
  void jobsHaveStableNames() {
    assertThat(List.of(jobs.ensurePartitions().name(), jobs.previousDayBalanceSnapshot().name(),
        jobs.integrityCheck().name(), jobs.recalculateBalances().name(), jobs.snapshotRetention(Period.ofDays(1)).name(),
        jobs.jobRunsRetention().name(), jobs.analyze().name(), jobs.job("refresh-aging", (lock, counts) -> "x").name()))
        .containsExactly("ensure-partitions", "daily-balance-snapshot", "integrity-check", "recalculate-balances",
            "snapshot-retention", "job-runs-retention", "analyze", "refresh-aging");
    assertThat(jobs.scheduledJobs()).extracting(LedgerJob::name)
        .containsExactly("ensure-partitions", "daily-balance-snapshot", "integrity-check", "job-runs-retention");
  }
}
