package io.github.corebanking.ledger.micrometer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.micrometer.MeteredLedger;
import io.github.corebanking.ledger.micrometer.MeteredStoreObserver;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store reporting through the metrics' observer: lock timeouts and partitions made on demand. */
class StoreObserverOnPostgresTest {

  private static String jdbcUrl;
  private static String schema;
  private static HikariDataSource dataSource;
  private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
  private static final MutableClock CLOCK = MutableClock.at("2032-05-10T10:00:00Z");
  private static PostgresLedgerStore store;
  private static Ledger ledger;

  @BeforeAll
  static void setUp() {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName("metrics_observer");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    dataSource = new HikariDataSource(config);
    PostgresLedgerSchema.migrate(dataSource, schema);
    LedgerMetrics metrics = LedgerMetrics.of(REGISTRY);
    store = PostgresLedgerStore.builder(dataSource).schema(schema).lockTimeout(Duration.ofSeconds(1))
        .observer(metrics.storeObserver()).build();
    ledger = metrics.instrument(Ledger.builder().store(store).clock(CLOCK).listener(metrics.listener()).build());
  }

  @AfterAll
  static void tearDown() {
    if (ledger != null) {
      ledger.close();
    }
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }

  private static Account open(String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  private static void post(String key, Account debit, Account credit) {
    ledger.post(PostingRequest.builder().idempotencyKey(key).description("transfer")
        .debit(debit.id(), Money.ofMinor(100, CurrencyUnit.USD)).credit(credit.id(), Money.ofMinor(100, CurrencyUnit.USD))
        .build());
  }

  @Test
  void aPostingThatWaitsPastTheLockTimeoutIsCountedAsALockTimeout() throws Exception {
    Account cash = open("1000-t", AccountType.ASSET);
    Account equity = open("3000-t", AccountType.EQUITY);
    post("warm-up", cash, equity);
    try (Connection console = dataSource.getConnection()) {
      console.setAutoCommit(false);
      try (PreparedStatement lock = console.prepareStatement(
          "SELECT id FROM " + PostgresLedgerSchema.quotedSchema(schema) + ".accounts WHERE id = ? FOR UPDATE")) {
        lock.setObject(1, cash.id().value());
        lock.executeQuery().close();
      }
      try {
        assertThatThrownBy(() -> post("blocked", cash, equity)).isInstanceOf(LockTimeoutException.class);
      } finally {
        console.rollback();
      }
    }

    assertThat(REGISTRY.get(MeteredStoreObserver.LOCK_TIMEOUTS).counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(REGISTRY.get(MeteredStoreObserver.CONTENTION).tag("contention", "lock_timeout")
        .tag("outcome", "gave_up").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(REGISTRY.get(MeteredLedger.POSTINGS).tag("outcome", "contention")
        .tag("exception", "LockTimeoutException").timer().count()).isEqualTo(1);
  }

  @Test
  void aPostingInAMonthWithoutAPartitionIsCountedAsOnDemand() {
    Account cash = open("1000-p", AccountType.ASSET);
    Account equity = open("3000-p", AccountType.EQUITY);
    CLOCK.set(java.time.Instant.parse("2035-01-15T10:00:00Z"));

    post("far-future", cash, equity);

    assertThat(REGISTRY.get(MeteredStoreObserver.PARTITIONS_CREATED).tag("on_demand", "true").counter().count())
        .isGreaterThanOrEqualTo(1);
  }
}
