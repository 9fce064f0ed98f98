package io.github.corebanking.ledger.micrometer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.BlockingLock;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresLedgerMetricsTest {

  private static String jdbcUrl;
  private static String schema;
  private static HikariDataSource dataSource;
  private static MutableClock clock;
  private static PostgresLedgerStore store;
  private static Ledger ledger;
  private static PostgresLedgerJobs jobs;
  private static PostgresDiagnostics diagnostics;

  @BeforeAll
  static void setUp() {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName("metrics_pg");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    dataSource = new HikariDataSource(config);
    PostgresLedgerSchema.migrate(dataSource, schema);
    clock = MutableClock.at("2031-03-13T12:00:00Z");
    store = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    ledger = Ledger.builder().store(store).clock(clock).build();
    jobs = PostgresLedgerJobs.builder(store).clock(clock).build();
    diagnostics = PostgresDiagnostics.builder(store).clock(clock).build();
  }

  @AfterAll
  static void tearDown() {
    if (ledger != null) {
      ledger.close();
      store.close();
    }
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }

  @Test
  void gaugesFollowThePartitionsSnapshotsIntegrityAndJobsOnRefresh() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    clock.set(Instant.parse("2031-03-13T12:00:00Z"));
    PostgresLedgerMetrics metrics = PostgresLedgerMetrics.bind(diagnostics, registry, Tags.of("ledger", "main"),
        Duration.ofHours(1));
    Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
        .currency(CurrencyUnit.USD).build());
    Account equity = ledger.openAccount(NewAccount.builder().code("3000").name("Equity").type(AccountType.EQUITY)
        .currency(CurrencyUnit.USD).build());
    ledger.post(PostingRequest.builder().idempotencyKey("c-1").description("capital")
        .debit(cash.id(), Money.of("100.00", CurrencyUnit.USD)).credit(equity.id(), Money.of("100.00", CurrencyUnit.USD))
        .build());
    clock.set(Instant.parse("2031-03-14T02:00:00Z"));

    // Read before any job ran: cached from bind().
    assertThat(registry.get(PostgresLedgerMetrics.INTEGRITY_PROBLEMS).gauge().value()).isNaN();

    metrics.refresh();
    assertThat(registry.get(PostgresLedgerMetrics.SNAPSHOT_LAG).gauge().value()).isEqualTo(1);

    jobs.ensurePartitions(2).run();
    jobs.previousDayBalanceSnapshot().run();
    jobs.integrityCheck().run();
    clock.set(Instant.parse("2031-03-14T02:10:00Z"));
    metrics.refresh();

    assertThat(registry.get(PostgresLedgerMetrics.PARTITION_MONTHS_AHEAD).gauge().value()).isEqualTo(2);
    assertThat(registry.get(PostgresLedgerMetrics.SNAPSHOT_LAG).gauge().value()).isZero();
    assertThat(registry.get(PostgresLedgerMetrics.INTEGRITY_PROBLEMS).gauge().value()).isZero();
    assertThat(registry.get(PostgresLedgerMetrics.INTEGRITY_AGE).gauge().value()).isEqualTo(600);
    assertThat(registry.get(PostgresLedgerMetrics.JOB_SUCCESS_AGE).tag("job", "daily-balance-snapshot").gauge().value())
        .isEqualTo(600);
    assertThat(registry.get(PostgresLedgerMetrics.JOB_FAILED).tag("job", "integrity-check").gauge().value()).isZero();
    assertThat(registry.get(PostgresLedgerMetrics.TABLE_BYTES).tag("table", "entries").gauge().value()).isPositive();
    assertThat(registry.get(PostgresLedgerMetrics.PARTITION_MONTHS_AHEAD).gauge().getId().getTag("ledger"))
        .isEqualTo("main");
  }

  /**
   * One session of this test waits for an advisory lock another holds. The gauge counts the
   * database's waiting sessions, and the database is shared with whatever else runs against it, so
   * the expected value is read from the diagnostics around the refresh: when nothing changed in
   * between, the gauge must show exactly that count, ours included.
   */
  @Test
  void theBlockedSessionsGaugeCountsTheSessionsWaitingForALock() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PostgresLedgerMetrics metrics = PostgresLedgerMetrics.bind(diagnostics, registry, Tags.empty(), Duration.ofHours(1));
    long key = ThreadLocalRandom.current().nextLong();
    try (Connection holder = dataSource.getConnection(); Connection waiter = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      execute(holder, "SELECT pg_advisory_xact_lock(" + key + ")");
      int waiterPid = pid(waiter);
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try {
          execute(waiter, "SELECT pg_advisory_lock(" + key + ")");
          execute(waiter, "SELECT pg_advisory_unlock(" + key + ")");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        awaitBlocked(waiterPid);
        boolean compared = false;
        for (int round = 0; round < 20 && !compared; round++) {
          long before = blockedSessions();
          metrics.refresh();
          double gauge = registry.get(PostgresLedgerMetrics.BLOCKED_SESSIONS).gauge().value();
          if (blockedSessions() == before) {
            assertThat(gauge).as("blocked sessions, ours among them").isEqualTo(before).isGreaterThanOrEqualTo(1);
            compared = true;
          }
        }
        assertThat(compared).as("the database's waiting sessions held still over one refresh").isTrue();
      } finally {
        holder.rollback();
        waiting.get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long blockedSessions() {
    return diagnostics.blockingLocks().stream().mapToInt(BlockingLock::blockedPid).distinct().count();
  }

  private static void awaitBlocked(int pid) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (diagnostics.blockingLocks().stream().anyMatch(l -> l.blockedPid() == pid)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("session " + pid + " never showed as waiting for the lock");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void aScrapeWithinTheRefreshPeriodDoesNotQueryAgain() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    clock.set(Instant.parse("2031-09-20T10:00:00Z"));
    PostgresLedgerMetrics.bind(diagnostics, registry, Tags.empty(), Duration.ofHours(1));
    double before = registry.get(PostgresLedgerMetrics.PARTITION_MONTHS_AHEAD).gauge().value();

    jobs.ensurePartitions(5).run();

    assertThat(registry.get(PostgresLedgerMetrics.PARTITION_MONTHS_AHEAD).gauge().value()).isEqualTo(before);
  }

  @Test
  void anUnreachableDatabaseCountsErrorsAndLeavesGaugesUnknown() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test?user=root&connectTimeout=1");
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(250);
    try (HikariDataSource nowhere = new HikariDataSource(config)) {
      PostgresLedgerMetrics.bind(PostgresDiagnostics.builder(nowhere).schema(schema).build(), registry, Tags.empty(),
          Duration.ofHours(1));

      assertThat(registry.get(PostgresLedgerMetrics.PARTITION_MONTHS_AHEAD).gauge().value()).isNaN();
      assertThat(registry.get(PostgresLedgerMetrics.ERRORS).tag("area", "partitions").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void aNegativeRefreshIsRejected() {
    assertThatThrownBy(() -> PostgresLedgerMetrics.bind(diagnostics, new SimpleMeterRegistry(), Tags.empty(),
        Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("refresh 'PT-1S' must be between zero and PT1H");
  }
}
