package io.github.corebanking.ledger.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthCheck;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.loan.AccrualRequest;
import io.github.corebanking.ledger.loan.LoanAgingReport;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.NewLoan;
import io.github.corebanking.ledger.loan.PaymentFrequency;
import io.github.corebanking.ledger.loan.RepaymentRequest;
import io.github.corebanking.ledger.loan.ScheduleGenerator;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.JobSummary;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.CacheStatistics;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.redis.RedisCacheHealthCheck;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.loan.InMemoryLoanStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The setup code of docs/loans.md and of the PostgreSQL and Redis modules' READMEs, run as it is
 * written. The PostgreSQL blocks name their schema {@code ledger}, so each runs in a database of
 * its own, created for it and dropped afterwards.
 */
class DocumentedSetupTest {

  /** Runs the work on a fresh database's JDBC URL, then drops the database. */
  private static void inFreshDatabase(Consumer<String> work) {
    String admin = TestServices.postgresJdbcUrl();
    String name = TestServices.freshSchemaName("docs");
    execute(admin, "CREATE DATABASE \"" + name + "\"");
    try {
      work.accept(admin.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name));
    } finally {
      execute(admin, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static Account open(Ledger ledger, String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name(code).type(type).currency(CurrencyUnit.USD).build());
  }

  @Test
  void postgresSetupAsTheReadmeShows() {
    inFreshDatabase(jdbcUrl -> {
      String user = "root";
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);                 // such as jdbc:postgresql://db:5432/bank
      config.setUsername(user);
      config.setMaximumPoolSize(10);            // writer threads + concurrent readers
      HikariDataSource dataSource = new HikariDataSource(config);

      PostgresLedgerSchema.migrate(dataSource, "ledger");   // as the schema owner; idempotent

      PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource)
          .schema("ledger")
          .lockTimeout(Duration.ofSeconds(2))
          .statementTimeout(Duration.ofSeconds(30))
          .build();
      Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build();

      try (dataSource) {
        Account cash = open(ledger, "1000", AccountType.ASSET);
        Account deposits = open(ledger, "2100", AccountType.LIABILITY);
        ledger.post(PostingRequest.builder().idempotencyKey("readme-1")
            .debit(cash.id(), Money.of("5.00", CurrencyUnit.USD)).credit(deposits.id(), Money.of("5.00", CurrencyUnit.USD))
            .build());
        assertThat(ledger.balance(deposits.id()).posted()).isEqualTo(Money.of("5.00", CurrencyUnit.USD));
        assertThat(PostgresLedgerSchema.currentVersion(dataSource, "ledger")).isEqualTo(PostgresLedgerSchema.latestVersion());
        ledger.close();
      }
    });
  }

  @Test
  void flywayAsTheReadmeShows() {
    inFreshDatabase(jdbcUrl -> {
      try (HikariDataSource dataSource = pool(jdbcUrl)) {
        Flyway.configure()
            .dataSource(dataSource)
            .schemas("ledger")                       // created if missing; the scripts run in it
            .locations("classpath:io/github/corebanking/ledger/postgres/migration")
            .load()
            .migrate();

        assertThat(PostgresLedgerSchema.currentVersion(dataSource, "ledger")).isEqualTo(PostgresLedgerSchema.latestVersion());
        PostgresLedgerStore.builder(dataSource).schema("ledger").build().close();
      }
    });
  }

  @Test
  void oneFlywayOverTheLedgerAndTheLoansAsTheLoanGuideShows() {
    inFreshDatabase(jdbcUrl -> {
      try (HikariDataSource dataSource = pool(jdbcUrl)) {
        Flyway.configure()
            .dataSource(dataSource)
            .schemas("ledger")
            .locations("classpath:io/github/corebanking/ledger/postgres/migration",
                "classpath:io/github/corebanking/ledger/postgres/loan/migration")
            .outOfOrder(true)        // a ledger script released after the loan scripts still applies
            .load()
            .migrate();

        assertThat(PostgresLedgerSchema.currentVersion(dataSource, "ledger")).isEqualTo(PostgresLedgerSchema.latestVersion());
        assertThat(PostgresLoanSchema.currentVersion(dataSource, "ledger")).isEqualTo(PostgresLoanSchema.latestVersion());
      }
    });
  }

  @Test
  void aSecondFlywayForTheLoansAsTheLoanGuideShows() {
    inFreshDatabase(jdbcUrl -> {
      try (HikariDataSource dataSource = pool(jdbcUrl)) {
        Flyway.configure().dataSource(dataSource).schemas("ledger")
            .locations("classpath:io/github/corebanking/ledger/postgres/migration").load().migrate();

        Flyway.configure().dataSource(dataSource).schemas("ledger")
            .locations("classpath:io/github/corebanking/ledger/postgres/loan/migration")
            .table("flyway_loans_history")
            .baselineOnMigrate(true)
            .load()
            .migrate();

        assertThat(PostgresLoanSchema.currentVersion(dataSource, "ledger")).isEqualTo(PostgresLoanSchema.latestVersion());
      }
    });
  }

  @Test
  void theLoanQuickStartRegistersDisbursesAccruesAndRepays() {
    LedgerStore ledgerStore = new InMemoryLedgerStore();
    LoanStore loanStore = new InMemoryLoanStore();
    Ledger bank = Ledger.builder().store(ledgerStore).build();
    Account cash = open(bank, "1000", AccountType.ASSET);
    Account interestIncome = open(bank, "4000", AccountType.REVENUE);

    Ledger ledger = Ledger.builder().store(ledgerStore).build();
    LoanBook loans = LoanBook.builder()
        .ledger(ledger)
        .store(loanStore)                        // new InMemoryLoanStore() or PostgresLoanStore.builder(...)
        .zone(ZoneId.of("Europe/Berlin"))        // the bank's "today"; UTC by default
        .build();

    CurrencyUnit usd = CurrencyUnit.USD;
    Account receivable = ledger.openAccount(NewAccount.builder().code("1200-L-1001")
        .name("Loan L-1001").type(AccountType.ASSET).currency(usd).build());

    loans.register(NewLoan.builder()
        .id("L-1001").borrowerReference("customer-77")
        .receivableAccount(receivable.id())
        .principal(Money.of("10000.00", usd))
        .disbursementDate(LocalDate.of(2025, 1, 1))
        .schedule(ScheduleGenerator.annuity(Money.of("10000.00", usd), new BigDecimal("0.12"), 12,
            PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .build());
    loans.disburse(LoanId.of("L-1001"), cash.id());
    loans.accrueInterest(LoanId.of("L-1001"),
        new AccrualRequest("int-2025-02", Money.of("100.00", usd), LocalDate.of(2025, 2, 1), interestIncome.id()));
    loans.repay(LoanId.of("L-1001"),
        new RepaymentRequest("pay-2025-02", Money.of("888.49", usd), LocalDate.of(2025, 2, 1), cash.id()));

    LoanAgingReport aging = loans.agingReport();          // today
    aging.total("90+").loans();

    // 10,000.00 lent, 100.00 interest accrued, 888.49 repaid: 9,211.51 still owed.
    assertThat(ledger.balance(receivable.id()).posted()).isEqualTo(Money.of("9211.51", usd));
    assertThat(ledger.balance(interestIncome.id()).posted()).isEqualTo(Money.of("100.00", usd));
    assertThat(ledger.trialBalance().balanced()).isTrue();
  }

  @Test
  void theAgingRefreshJobRunsOnTheSchedulerAsTheLoanGuideShows() throws Exception {
    inFreshDatabase(jdbcUrl -> {
      try (HikariDataSource dataSource = pool(jdbcUrl)) {
        PostgresLedgerSchema.migrate(dataSource, "ledger");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
          LedgerJob agingRefresh = RefreshLoanAgingJob.builder(dataSource).schema("ledger")
              .zone(ZoneId.of("Europe/Berlin")).build();
          scheduler.scheduleAtFixedRate(agingRefresh::run, 0, 1, TimeUnit.HOURS);

          PostgresDiagnostics diagnostics = PostgresDiagnostics.builder(dataSource).schema("ledger").build();
          Optional<JobSummary> run = Optional.empty();
          for (int i = 0; i < 200 && run.isEmpty(); i++) {
            run = diagnostics.jobs().stream().filter(j -> j.job().equals(agingRefresh.name())).findFirst();
            if (run.isEmpty()) {
              Thread.sleep(50);
            }
          }
          assertThat(run).as("a recorded run of " + agingRefresh.name()).isPresent();
          assertThat(run.get().lastRun().status()).isEqualTo(JobStatus.SUCCEEDED);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } finally {
          scheduler.shutdownNow();
        }
      }
    });
  }

  @Test
  void theRedisCacheAsTheReadmeShowsStartsDegradedWhileItsHostIsUnknown() {
    String password = "not-a-secret";
    LedgerStore store = new InMemoryLedgerStore();

    RedisBalanceCache cache = RedisBalanceCache.builder()
        .redisUri("rediss://:" + password + "@redis.internal:6380")   // TLS and password in the URI
        .keyPrefix("ledger:prod:")                                  // one prefix per ledger
        .l1MaximumSize(100_000)
        .l1ExpireAfterWrite(Duration.ofSeconds(5))
        .commandTimeout(Duration.ofMillis(50))
        .build();

    Ledger ledger = Ledger.builder()
        .store(store)
        .balanceCache(cache)
        .build();

    CacheHealth health = cache.health();             // CacheHealth[status=UP, reason=..., since=...]
    CacheStatistics statistics = cache.statistics(); // CacheStatistics[l1Hits=..., l1Misses=..., l2Hits=..., ...]
    cache.close();       // on shutdown, after the ledger; writes what is still pending first

    // redis.internal is unknown here: the cache starts DEGRADED and the ledger still builds.
    assertThat(health.status()).isEqualTo(CacheHealth.Status.DEGRADED);
    assertThat(health.reason()).doesNotContain(password);
    assertThat(statistics).isEqualTo(new CacheStatistics(0, 0, 0, 0, 0, 0));
    assertThat(ledger.trialBalance().balanced()).isTrue();
    assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DOWN);
  }

  @Test
  void theRedisCheckIsNonEssentialAsTheReadmeShows() {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri("redis://127.0.0.1:1").build();
    HealthCheck database = () -> CheckResult.up("reachable");
    LedgerHealth health = LedgerHealth.builder()
        .essential("database", database)
        .nonEssential("redis", RedisCacheHealthCheck.of(cache))
        .build();

    try (health) {
      assertThat(health.check().status()).isEqualTo(HealthStatus.DEGRADED);
    } finally {
      cache.close();
    }
  }
}
