package io.github.corebanking.ledger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.micrometer.MeteredLedger;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.jobs.EnsurePartitionsJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configuration, on a real PostgreSQL schema where one is needed. */
class LedgerAutoConfigurationTest {

  private final List<String> schemas = new ArrayList<>();

  private final ApplicationContextRunner bare = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(LedgerMetricsAutoConfiguration.class, LedgerAutoConfiguration.class,
          LedgerHealthIndicatorAutoConfiguration.class));

  private ApplicationContextRunner onPostgres() {
    String schema = TestServices.freshSchemaName("boot");
    schemas.add(schema);
    return bare.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + TestServices.postgresJdbcUrl(),
            "spring.datasource.hikari.maximum-pool-size=6", "ledger.schema=" + schema);
  }

  @AfterEach
  void dropSchemas() {
    for (String schema : schemas) {
      TestServices.dropSchema(TestServices.postgresJdbcUrl(), schema);
    }
  }

  @Test
  void withoutADataSourceNothingIsConfigured() {
    bare.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(Ledger.class);
      assertThat(context).doesNotHaveBean(LedgerProperties.class);
    });
  }

  @Test
  void onTheApplicationsDataSourceTheLedgerPostsAndTheJobsRun() {
    onPostgres().withPropertyValues("ledger.zone=Europe/Berlin").run(context -> {
      assertThat(context).hasNotFailed();
      PostgresLedgerStore store = context.getBean(PostgresLedgerStore.class);
      assertThat(store.schema()).isEqualTo(context.getBean(LedgerProperties.class).getSchema());
      assertThat(context).hasSingleBean(PostgresDiagnostics.class).hasSingleBean(LedgerHealth.class)
          .hasSingleBean(LedgerJobSchedules.class).doesNotHaveBean(BalanceCache.class)
          .doesNotHaveBean(LedgerMetrics.class);
      Ledger ledger = context.getBean(Ledger.class);
      Account cash = open(ledger, "1000", AccountType.ASSET);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY);
      post(ledger, cash, deposits, "boot-1", "250.00");
      assertThat(ledger.balance(deposits.id()).posted()).isEqualTo(Money.of("250.00", CurrencyUnit.USD));
      assertThat(store.findTransactionByKey("boot-1")).isPresent();

      PostgresLedgerJobs jobs = context.getBean(PostgresLedgerJobs.class);
      assertThat(jobs.zone().getId()).isEqualTo("Europe/Berlin");
      JobResult result = context.getBean(LedgerJobSchedules.class).runNow(EnsurePartitionsJob.NAME);
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(jobs.jobRuns().recentRuns(EnsurePartitionsJob.NAME, 5)).extracting(JobResult::status)
          .containsExactly(JobStatus.SUCCEEDED);
    });
  }

  @Test
  void closingTheContextDrainsThePostingsAndClosesTheStore() throws Exception {
    PostgresLedgerStore[] store = new PostgresLedgerStore[1];
    onPostgres().run(context -> {
      store[0] = context.getBean(PostgresLedgerStore.class);
      Ledger ledger = context.getBean(Ledger.class);
      post(ledger, open(ledger, "1000", AccountType.ASSET), open(ledger, "2100", AccountType.LIABILITY),
          "before-close", "10.00");
    });
    assertThatThrownBy(() -> store[0].createAccount(new Account(new AccountId(UUID.randomUUID()), "3000",
        "Late", AccountType.EQUITY, CurrencyUnit.USD, AccountStatus.OPEN, false, false, Map.of(), Instant.now())))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("is closed");
    try (Connection c = DriverManager.getConnection(TestServices.postgresJdbcUrl());
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + schemas.get(0)
            + ".transactions WHERE idempotency_key = 'before-close'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void everyBeanStepsAsideForTheApplicationsOwn() {
    onPostgres().withUserConfiguration(OwnLedger.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Ledger.class)).isSameAs(context.getBean(OwnLedger.class).ledger);
    });
    InMemoryLedgerStore own = new InMemoryLedgerStore();
    onPostgres().withBean(LedgerStore.class, () -> own).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(PostgresLedgerStore.class);
      Ledger ledger = context.getBean(Ledger.class);
      Account cash = open(ledger, "1000", AccountType.ASSET);
      assertThat(own.findAccount(cash.id())).isPresent();
    });
  }

  @Test
  void aMeterRegistryMetersTheLedgerAndItsDatabase() {
    onPostgres().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(LedgerMetrics.class);
      Ledger ledger = context.getBean(Ledger.class);
      assertThat(ledger).isInstanceOf(MeteredLedger.class);
      post(ledger, open(ledger, "1000", AccountType.ASSET), open(ledger, "2100", AccountType.LIABILITY), "m-1",
          "5.00");
      context.getBean(PostgresLedgerJobs.class).ensurePartitions().run();
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      context.getBean(io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
      assertThat(registry.find(MeteredLedger.POSTINGS).timers()).extracting(t -> t.count()).contains(1L);
      assertThat(registry.find("ledger.partitions.months.ahead").gauge()).isNotNull()
          .satisfies(g -> assertThat(g.value()).isGreaterThanOrEqualTo(1.0));
    });
  }

  @Test
  void aRedisUrlAddsTheCacheAndItsHealth() {
    onPostgres().withPropertyValues("ledger.redis.url=" + TestServices.redisUrl()).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(BalanceCache.class)).isInstanceOf(RedisBalanceCache.class);
      assertThat(context.getBean(LedgerHealth.class).componentNames()).contains("cache");
      Ledger ledger = context.getBean(Ledger.class);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY);
      post(ledger, open(ledger, "1000", AccountType.ASSET), deposits, "r-1", "7.00");
      assertThat(ledger.balance(deposits.id()).posted()).isEqualTo(Money.of("7.00", CurrencyUnit.USD));
    });
  }

  @Test
  void aCronScheduleRunsItsJob() {
    onPostgres().withPropertyValues("ledger.jobs.ensure-partitions.cron=* * * * * *").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(LedgerJobSchedules.class).schedules()).containsKey(EnsurePartitionsJob.NAME);
      PostgresLedgerJobs jobs = context.getBean(PostgresLedgerJobs.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (jobs.jobRuns().recentRuns(EnsurePartitionsJob.NAME, 1).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(jobs.jobRuns().recentRuns(EnsurePartitionsJob.NAME, 1)).extracting(JobResult::status)
          .containsExactly(JobStatus.SUCCEEDED);
    });
  }

  @Test
  void theBalanceMonitorJobIsScheduledByItsName() {
    onPostgres().withPropertyValues("ledger.jobs.balance-monitors.cron=*/10 * * * * *").run(context ->
        assertThat(context.getBean(LedgerJobSchedules.class).schedules())
            .containsOnlyKeys(io.github.corebanking.ledger.job.BalanceMonitorJob.NAME));
  }

  @Test
  void noJobIsScheduledUnlessItHasACron() {
    onPostgres().run(context -> assertThat(context.getBean(LedgerJobSchedules.class).schedules()).isEmpty());
  }

  @Test
  void anUnknownJobABadCronOrABadZoneStopsTheStartNamingTheProperty() {
    onPostgres().withPropertyValues("ledger.jobs.nightly.cron=0 0 1 * * *").run(context ->
        assertThat(invalid(context.getStartupFailure()).field()).isEqualTo("ledger.jobs.nightly"));
    onPostgres().withPropertyValues("ledger.jobs.integrity-check.cron=every night").run(context ->
        assertThat(invalid(context.getStartupFailure()).field()).isEqualTo("ledger.jobs.integrity-check.cron"));
    onPostgres().withPropertyValues("ledger.zone=Mars/Olympus").run(context ->
        assertThat(invalid(context.getStartupFailure()).field()).isEqualTo("ledger.zone"));
    onPostgres().withPropertyValues("ledger.backdating-window=P-1D").run(context ->
        assertThat(invalid(context.getStartupFailure()).field()).isEqualTo("ledger.backdating-window"));
  }

  @Test
  void theDatingWindowsBoundAPostingsValueDate() {
    onPostgres().withPropertyValues("ledger.backdating-window=3d", "ledger.future-dating-window=P1D").run(context -> {
      assertThat(context).hasNotFailed();
      Ledger ledger = context.getBean(Ledger.class);
      Account cash = open(ledger, "1000", AccountType.ASSET);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY);
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      Money amount = Money.of("1.00", CurrencyUnit.USD);
      assertThat(ledger.post(io.github.corebanking.ledger.PostingRequest.builder().idempotencyKey("in-window")
          .description("in").debit(cash.id(), amount).credit(deposits.id(), amount).effectiveDate(today.minusDays(2))
          .build()).effectiveDate()).isEqualTo(today.minusDays(2));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.post(
              io.github.corebanking.ledger.PostingRequest.builder().idempotencyKey("too-old").description("old")
                  .debit(cash.id(), amount).credit(deposits.id(), amount).effectiveDate(today.minusDays(10)).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("effectiveDate"));
      assertThat(ledger.transactionByKey("too-old")).isEmpty();
    });
  }

  @Test
  void ledgerEnabledFalseConfiguresNothing() {
    onPostgres().withPropertyValues("ledger.enabled=false").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(Ledger.class).doesNotHaveBean(PostgresLedgerStore.class);
    });
  }

  @Test
  void theHealthIndicatorMapsDegradedToTheConfiguredStatus() {
    onPostgres().withPropertyValues("ledger.health.degraded-status=WARN")
        .withBean("gatewayHealth", LedgerHealthCustomizer.class,
            () -> health -> health.nonEssential("gateway", () -> CheckResult.degraded("not reachable")))
        .run(context -> {
          assertThat(context).hasNotFailed();
          Health health = context.getBean(LedgerHealthIndicator.class).health();
          assertThat(health.getDetails()).containsKey("gateway").containsKey("database");
          // A fresh schema has no snapshot of yesterday and no integrity run yet: DEGRADED, not DOWN.
          assertThat(health.getStatus()).isEqualTo(new Status("WARN"));
        });
    onPostgres().withBean("brokenHealth", LedgerHealthCustomizer.class,
            () -> health -> health.essential("core", () -> CheckResult.down("gone")))
        .run(context -> assertThat(context.getBean(LedgerHealthIndicator.class).health().getStatus())
            .isEqualTo(Status.DOWN));
  }

  @Test
  void theHealthIndicatorCanBeTurnedOff() {
    onPostgres().withPropertyValues("management.health.ledger.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(LedgerHealth.class);
      assertThat(context).doesNotHaveBean(LedgerHealthIndicator.class);
    });
  }

  /** The typed error in a startup failure's cause chain. */
  private static InvalidRequestException invalid(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidRequestException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidRequestException in " + failure, failure);
  }

  private static Account open(Ledger ledger, String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  private static void post(Ledger ledger, Account debit, Account credit, String key, String amount) {
    ledger.post(PostingRequest.builder().idempotencyKey(key).description("test")
        .debit(debit.id(), Money.of(amount, CurrencyUnit.USD))
        .credit(credit.id(), Money.of(amount, CurrencyUnit.USD)).build());
  }

  /** An application that brings its own ledger. */
  @Configuration(proxyBeanMethods = false)
  static class OwnLedger {
    final Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).build();

    @Bean
    Ledger ledger() {
      return ledger;
    }
  }
}
