package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.diagnostics.BlockingLock;
import io.github.corebanking.ledger.postgres.diagnostics.JobRun;
import io.github.corebanking.ledger.postgres.diagnostics.JobSummary;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.redis.RedisCacheHealthCheck;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each problem of the operations guide's troubleshooting section, made to happen on a real
 * database, then found and fixed with the calls and jobs docs/operations.md shows.
 */
class TroubleshootingTest {

  private static OpsSchema db;
  private static MutableClock clock;
  private static LedgerNode node;
  private Account cash;
  private Account deposits;

  @BeforeAll
  static void setUp() {
    db = new OpsSchema("ex_trouble");
    clock = MutableClock.at("2031-03-10T10:00:00Z");
    node = db.settings().startNode("trouble", clock, LedgerMetrics.of(new SimpleMeterRegistry()));
  }

  @org.junit.jupiter.api.BeforeEach
  void openAccounts(org.junit.jupiter.api.TestInfo test) {
    String suffix = "-" + test.getTestMethod().orElseThrow().getName().hashCode();
    cash = node.ledger.openAccount(NewAccount.builder().code("1000" + suffix).name("Cash").type(AccountType.ASSET)
        .currency(CurrencyUnit.USD).build());
    deposits = node.ledger.openAccount(NewAccount.builder().code("2100" + suffix).name("Deposits")
        .type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
  }

  @AfterAll
  static void tearDown() {
    if (node != null) {
      node.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private void deposit(String key, String amount) {
    node.ledger.post(PostingRequest.builder().idempotencyKey(key).description("cash deposit")
        .debit(cash.id(), Money.of(amount, CurrencyUnit.USD)).credit(deposits.id(), Money.of(amount, CurrencyUnit.USD))
        .build());
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void unbalancedBooksAreFoundByTheIntegrityCheckAndCountersRebuilt() throws Exception {
    deposit("unbalanced-1", "100.00");
    AccountId accountId = deposits.id();
    // Someone "fixed" a balance by hand.
    sql("UPDATE " + PostgresLedgerSchema.quotedSchema(db.schema) + ".accounts SET posted_credits = posted_credits + 500"
        + " WHERE code = '" + deposits.code() + "'");

    JobResult check = node.jobs.integrityCheck().run();
    long problems = check.count("problems");            // > 0: the books need an operator
    TrialBalance trial = node.ledger.trialBalance();
    boolean balanced = trial.balanced();                 // per currency, debits equal credits

    assertThat(problems).isEqualTo(2);
    assertThat(check.count("counterMismatches")).isEqualTo(1);
    assertThat(check.count("unbalancedCurrencies")).isEqualTo(1);
    assertThat(check.message()).contains(accountId.toString());
    assertThat(balanced).isTrue();

    JobResult fix = node.jobs.recalculateBalances(List.of(accountId)).run();

    assertThat(fix.count("wrong")).isEqualTo(1);
    assertThat(node.jobs.integrityCheck().run().count("problems")).isZero();
    assertThat(node.ledger.balance(accountId).posted()).isEqualTo(Money.of("100.00", CurrencyUnit.USD));
  }

  @Test
  void missingPartitionsAreSeenAheadAndCreatedByTheJob() {
    clock.set(Instant.parse("2033-07-01T00:30:00Z"));
    try {
      int monthsAhead = node.diagnostics.partitions().monthsAhead();   // -1: not even this month

      assertThat(monthsAhead).isEqualTo(-1);

      JobResult created = node.jobs.ensurePartitions().run();

      assertThat(created.count("created")).isEqualTo(4);
      assertThat(node.diagnostics.partitions().monthsAhead()).isEqualTo(3);
    } finally {
      clock.set(Instant.parse("2031-03-10T10:00:00Z"));
    }
  }

  @Test
  void aRedisOutageDegradesTheCacheAndBalancesComeFromPostgres() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    deposit("redis-1", "7.00");
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri("redis://127.0.0.1:" + closedPort)
        .commandTimeout(Duration.ofMillis(100)).build();
        io.github.corebanking.ledger.Ledger cached = io.github.corebanking.ledger.Ledger.builder().store(node.store)
            .balanceCache(cache).build()) {
      assertThat(cached.balance(cash.id()).posted()).isEqualTo(Money.of("7.00", CurrencyUnit.USD));

      CacheHealth health = cache.health();               // DEGRADED while Redis is unreachable

      assertThat(health.status()).isEqualTo(CacheHealth.Status.DEGRADED);
      assertThat(health.reason()).contains("127.0.0.1:" + closedPort);
      assertThat(RedisCacheHealthCheck.of(cache).check().status()).isEqualTo(io.github.corebanking.ledger.health.HealthStatus.DEGRADED);
    }
  }

  @Test
  void aLockTimeoutIsTracedToItsBlockerWhichTheOperatorEnds() throws Exception {
    deposit("lock-0", "1.00");
    try (Connection console = DriverManager.getConnection(db.jdbcUrl)) {
      console.setAutoCommit(false);
      try (PreparedStatement lock = console.prepareStatement("SELECT id FROM "
          + PostgresLedgerSchema.quotedSchema(db.schema) + ".accounts WHERE code = ? FOR UPDATE")) {
        lock.setString(1, deposits.code());
        lock.executeQuery().close();
      }
      CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> deposit("lock-1", "2.00"));
      List<BlockingLock> waits = List.of();
      for (int i = 0; i < 200 && waits.isEmpty(); i++) {
        Thread.sleep(10);
        waits = node.diagnostics.blockingLocks();
      }

      List<BlockingLock> blocking = node.diagnostics.blockingLocks();   // who blocks whom, for how long
      int blockerPid = blocking.get(0).blockingPid();

      assertThat(blocking.get(0).blockingState()).isEqualTo("idle in transaction");
      assertThatThrownBy(() -> posting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(LockTimeoutException.class);

      sql("SELECT pg_terminate_backend(" + blockerPid + ")");
    }
    deposit("lock-1", "2.00");
    assertThat(node.ledger.transactionByKey("lock-1")).isPresent();
  }

  @Test
  void aFailedJobShowsInTheRunsAndSucceedsWhenRunAgain() throws Exception {
    RefreshLoanAgingJob impatient = RefreshLoanAgingJob.builder(node.dataSource).schema(db.schema).clock(clock)
        .statementTimeout(Duration.ofSeconds(1)).build();
    try (Connection report = DriverManager.getConnection(db.jdbcUrl)) {
      report.setAutoCommit(false);
      try (Statement s = report.createStatement()) {
        s.execute("LOCK TABLE " + PostgresLedgerSchema.quotedSchema(db.schema) + ".loan_aging_refresh IN ACCESS EXCLUSIVE MODE");
      }
      assertThat(impatient.run().status()).isEqualTo(JobStatus.FAILED);
      report.rollback();
    }

    List<JobSummary> failing = node.diagnostics.jobs().stream()
        .filter(j -> j.lastRun().status() == JobStatus.FAILED).toList();
    List<JobRun> history = node.diagnostics.jobRuns("refresh-loan-aging", 20);
    JobResult rerun = node.loanAging().run();

    assertThat(failing).extracting(JobSummary::job).contains("refresh-loan-aging");
    assertThat(history.get(0).status()).isEqualTo(JobStatus.FAILED);
    assertThat(history.get(0).message()).containsIgnoringCase("statement timeout");
    assertThat(rerun.status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void snapshotGapsAreListedAndFilledByRerunningTheDays() {
    clock.set(Instant.parse("2031-03-05T12:00:00Z"));
    deposit("gap-1", "3.00");
    clock.set(Instant.parse("2031-03-06T12:00:00Z"));
    deposit("gap-2", "4.00");
    clock.set(Instant.parse("2031-03-10T10:00:00Z"));

    List<LocalDate> gaps = node.diagnostics.snapshotGaps(LocalDate.of(2031, 3, 1), LocalDate.of(2031, 3, 9));
    JobResult filled = node.jobs.dailyBalanceSnapshots(gaps.get(0), LocalDate.of(2031, 3, 9)).run();

    assertThat(gaps).containsExactly(LocalDate.of(2031, 3, 5), LocalDate.of(2031, 3, 6));
    assertThat(filled.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(node.diagnostics.snapshotGaps(LocalDate.of(2031, 3, 1), LocalDate.of(2031, 3, 9))).isEmpty();
  }
}
