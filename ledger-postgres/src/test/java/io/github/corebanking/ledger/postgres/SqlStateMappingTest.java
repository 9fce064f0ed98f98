package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/** Database failures reach callers as typed exceptions, with nothing written and nothing posted twice. */
class SqlStateMappingTest {

  private static HikariDataSource dataSource;
  private final List<String> schemas = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("sqlstate", 8);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PgTestSupport::drop);
  }

  private String freshSchema() {
    String schema = TestServices.freshSchemaName("sqlstate");
    schemas.add(schema);
    PostgresLedgerSchema.migrate(dataSource, schema);
    return schema;
  }

  /** Holds a row lock on an account from another connection until closed. */
  private static Connection lockAccount(String schema, Account account) throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM " + PostgresLedgerSchema.quotedSchema(schema) + ".accounts WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, account.id().value());
      ps.executeQuery().close();
    }
    return c;
  }

  @Test
  @Timeout(90)
  void aRowLockHeldElsewhereEndsInLockTimeoutWithNothingWrittenWhileNeighboursPost() throws Exception {
    String schema = freshSchema();
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema)
        .lockTimeout(Duration.ofMillis(300)).writerThreads(1).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      Account other = open(ledger, "1100", AccountType.ASSET, false);
      Account capital = open(ledger, "3000", AccountType.EQUITY, false);
      Connection holder = lockAccount(schema, deposits);
      try {
        CompletableFuture<Transaction> blocked = CompletableFuture.supplyAsync(
            () -> ledger.post(transfer("blocked", cash, deposits, 100)));
        CompletableFuture<Transaction> neighbour = CompletableFuture.supplyAsync(
            () -> ledger.post(transfer("neighbour", other, capital, 100)));
        assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(LockTimeoutException.class)
            .hasMessageContaining("lock_timeout");
        assertThat(neighbour.get(30, TimeUnit.SECONDS).replayed()).isFalse();
      } finally {
        holder.rollback();
        holder.close();
      }
      assertThat(ledger.transactionByKey("blocked")).isEmpty();
      assertThat(ledger.balance(cash.id()).version()).isZero();
      assertThat(ledger.balance(deposits.id()).version()).isZero();
      Transaction retried = ledger.post(transfer("blocked", cash, deposits, 100));
      assertThat(retried.replayed()).isFalse();
      assertThat(ledger.balance(deposits.id()).posted().minorUnits()).isEqualTo(100);
    }
  }

  @Test
  @Timeout(90)
  void aLockHeldElsewhereAlsoTimesOutAnAtomicBatch() throws Exception {
    String schema = freshSchema();
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema)
        .lockTimeout(Duration.ofMillis(200)).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      Connection holder = lockAccount(schema, cash);
      try {
        assertThatThrownBy(() -> ledger.postAll(List.of(transfer("a", cash, deposits, 1), transfer("b", cash, deposits, 2))))
            .isInstanceOf(LockTimeoutException.class);
      } finally {
        holder.rollback();
        holder.close();
      }
      assertThat(ledger.transactionByKey("a")).isEmpty();
      assertThat(ledger.transactionByKey("b")).isEmpty();
    }
  }

  @Test
  @Timeout(90)
  void anUnreachableDatabaseIsStoreUnavailable() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2");
    assertThatThrownBy(() -> PostgresLedgerStore.builder(nowhere).schema("ledger").build())
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("08");
    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(nowhere, "ledger"))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  @Timeout(90)
  void aClosedPoolMakesPostingsStoreUnavailableAndWritesNothing() {
    String schema = freshSchema();
    HikariDataSource own = PgTestSupport.pool("sqlstate-closing", 3);
    PostgresLedgerStore store = PostgresLedgerStore.builder(own).schema(schema).maxRetries(1).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      own.close();
      assertThatThrownBy(() -> ledger.post(transfer("after-close", cash, deposits, 5)))
          .isInstanceOf(StoreUnavailableException.class);
    }
    assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".transactions")).isZero();
  }

  @Test
  @Timeout(90)
  void aCommitWhoseAcknowledgementIsLostIsFoundThroughItsKeyAndNotPostedTwice() {
    String schema = freshSchema();
    FlakyCommits flaky = new FlakyCommits(dataSource, true);
    PostgresLedgerStore store = PostgresLedgerStore.builder(flaky.dataSource()).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      flaky.failNext(1);
      Transaction t = ledger.post(transfer("lost-ack", cash, deposits, 700));
      assertThat(flaky.failed()).isEqualTo(1);
      assertThat(t.replayed()).isFalse();
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(700);
      assertThat(ledger.balance(cash.id()).version()).isEqualTo(1);
      assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".transactions")).isEqualTo(1);
    }
  }

  @Test
  @Timeout(90)
  void aCommitLostBeforeReachingTheServerIsRetriedOnce() {
    String schema = freshSchema();
    FlakyCommits flaky = new FlakyCommits(dataSource, false);
    PostgresLedgerStore store = PostgresLedgerStore.builder(flaky.dataSource()).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      flaky.failNext(1);
      ledger.postAll(List.of(transfer("lost-1", cash, deposits, 10), transfer("lost-2", cash, deposits, 20)));
      assertThat(flaky.failed()).isEqualTo(1);
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(30);
      assertThat(ledger.balance(cash.id()).version()).isEqualTo(2);
      assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".transactions")).isEqualTo(2);
    }
  }

  @Test
  @Timeout(90)
  void whenACommitsOutcomeCannotBeCheckedInTimeTheCallerIsToldToLookItUpAndARetryReplays() {
    String schema = freshSchema();
    FlakyCommits flaky = new FlakyCommits(dataSource, true);
    PostgresLedgerStore store = PostgresLedgerStore.builder(flaky.dataSource()).schema(schema)
        .outcomeTimeout(Duration.ofMillis(300)).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      flaky.refuseConnectionsAfterFailure(1_000_000);
      flaky.failNext(1);
      assertThatThrownBy(() -> ledger.post(transfer("in-doubt", cash, deposits, 900)))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("unknown outcome")
          .hasMessageContaining("in-doubt");
      flaky.refuseConnectionsAfterFailure(0);
      flaky.stopRefusing();
      assertThat(ledger.transactionByKey("in-doubt")).as("it did commit").isPresent();
      Transaction again = ledger.post(transfer("in-doubt", cash, deposits, 900));
      assertThat(again.replayed()).isTrue();
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(900);
    }
  }

  @Test
  @Timeout(90)
  void aConnectionThatFailsWhileTheOutcomeIsCheckedIsReplacedAndTheOutcomeFound() {
    String schema = freshSchema();
    FlakyCommits flaky = new FlakyCommits(dataSource, true);
    PostgresLedgerStore store = PostgresLedgerStore.builder(flaky.dataSource()).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      flaky.refuseConnectionsAfterFailure(3);
      flaky.failNext(1);
      Transaction t = ledger.post(transfer("asked-again", cash, deposits, 900));
      assertThat(t.replayed()).isFalse();
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(900);
      assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".transactions")).isEqualTo(1);
    }
  }

  /**
   * A data source whose next commits fail with SQLSTATE 08006 as if the connection dropped: either
   * after the server committed (the acknowledgement is lost) or before (the commit never arrived).
   * A commit is {@code Connection.commit()} or a statement that ends with {@code COMMIT} (the store
   * sends its writes and the commit in one round trip).
   */
  static final class FlakyCommits {
    private final DataSource target;
    private final boolean commitThenFail;
    private final AtomicInteger toFail = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger refuseAfterFailure = new AtomicInteger();
    private final AtomicInteger refusing = new AtomicInteger();

    FlakyCommits(DataSource target, boolean commitThenFail) {
      this.target = target;
      this.commitThenFail = commitThenFail;
    }

    void failNext(int n) {
      toFail.set(n);
    }

    int failed() {
      return failed.get();
    }

    /** Stops refusing connections now. */
    void stopRefusing() {
      refusing.set(0);
    }

    /** After each failed commit, refuse this many new connections (the database looks down). */
    void refuseConnectionsAfterFailure(int n) {
      refuseAfterFailure.set(n);
    }

    private boolean takeFailure() {
      return toFail.getAndUpdate(x -> Math.max(0, x - 1)) > 0;
    }

    private SQLException lost() {
      failed.incrementAndGet();
      refusing.set(refuseAfterFailure.get());
      return new SQLException("An I/O error occurred while sending to the backend.", "08006");
    }

    DataSource dataSource() {
      InvocationHandler ds = (proxy, method, args) -> {
        if (method.getName().equals("getConnection")) {
          if (refusing.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
          }
          Connection real = (Connection) invoke(method, target, args);
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("commit") && takeFailure()) {
                  if (commitThenFail) {
                    real.commit();
                  }
                  throw lost();
                }
                if (m.getName().equals("prepareStatement") && ((String) a[0]).strip().endsWith("COMMIT")) {
                  PreparedStatement ps = (PreparedStatement) invoke(m, real, a);
                  return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                      (sp, sm, sa) -> {
                        if (sm.getName().equals("execute") && takeFailure()) {
                          if (commitThenFail) {
                            ps.execute();
                          }
                          throw lost();
                        }
                        return invoke(sm, ps, sa);
                      });
                }
                return invoke(m, real, a);
              });
        }
        return invoke(method, target, args);
      };
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, ds);
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
