package io.github.corebanking.ledger.postgres.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real sessions, one holding a lock the other waits for. */
class BlockingLocksTest {

  private static OpsDatabase db;
  private static Account cash;
  private static Account equity;

  @BeforeAll
  static void setUp() {
    db = new OpsDatabase("diag_locks", Instant.parse("2031-03-14T10:00:00Z"));
    cash = db.open("1000", AccountType.ASSET);
    equity = db.open("3000", AccountType.EQUITY);
    db.transfer(cash, equity, 100_00);
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static Connection session(String application) throws SQLException {
    Connection c = DriverManager.getConnection(db.jdbcUrl);
    try (Statement s = c.createStatement()) {
      s.execute("SET application_name = '" + application + "'");
    }
    return c;
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static List<BlockingLock> waitForBlocking(int blockedPid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<BlockingLock> locks = db.diagnostics.blockingLocks().stream().filter(l -> l.blockedPid() == blockedPid)
          .toList();
      if (!locks.isEmpty()) {
        return locks;
      }
      Thread.sleep(50);
    }
    return List.of();
  }

  @Test
  void aSessionWaitingForARowLockShowsWhoHoldsIt() throws Exception {
    String accounts = PostgresLedgerSchema.quotedSchema(db.schema) + ".accounts";
    try (Connection holder = session("ops-holder"); Connection waiter = session("ops-waiter")) {
      int holderPid = pid(holder);
      holder.setAutoCommit(false);
      try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM " + accounts + " WHERE id = ? FOR UPDATE")) {
        lock.setObject(1, cash.id().value());
        lock.executeQuery().close();
      }
      int waiterPid = pid(waiter);
      try (Statement s = waiter.createStatement()) {
        s.execute("SET lock_timeout = '20s'");
      }
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        try (PreparedStatement update = waiter.prepareStatement("UPDATE " + accounts + " SET name = name WHERE id = ?")) {
          update.setObject(1, cash.id().value());
          update.executeUpdate();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        List<BlockingLock> locks = waitForBlocking(waiterPid);

        assertThat(locks).hasSize(1);
        BlockingLock lock = locks.get(0);
        assertThat(lock.blockingPid()).isEqualTo(holderPid);
        assertThat(lock.blockingApplication()).isEqualTo("ops-holder");
        assertThat(lock.blockingState()).isEqualTo("idle in transaction");
        assertThat(lock.blockingQuery()).contains("FOR UPDATE");
        assertThat(lock.blockingTransaction()).isNotNull();
        assertThat(lock.blockedApplication()).isEqualTo("ops-waiter");
        assertThat(lock.blockedQuery()).startsWith("UPDATE");
        assertThat(lock.lockType()).isEqualTo("transactionid");
        assertThat(lock.lockMode()).isEqualTo("ShareLock");
        assertThat(lock.waiting()).isPositive();
        assertThat(lock.toString()).contains("blocked by pid " + holderPid + " (ops-holder, idle in transaction)");
      } finally {
        holder.rollback();
      }
      blocked.get(10, TimeUnit.SECONDS);
      assertThat(db.diagnostics.blockingLocks()).noneMatch(l -> l.blockedPid() == waiterPid);
    }
  }

  @Test
  void aSessionWaitingForATableLockNamesTheTable() throws Exception {
    String snapshots = PostgresLedgerSchema.quotedSchema(db.schema) + ".balance_snapshots";
    try (Connection holder = session("ops-report"); Connection waiter = session("ops-writer")) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("LOCK TABLE " + snapshots + " IN SHARE MODE");
      }
      int waiterPid = pid(waiter);
      try (Statement s = waiter.createStatement()) {
        s.execute("SET lock_timeout = '20s'");
      }
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        try (Statement s = waiter.createStatement()) {
          s.executeUpdate("DELETE FROM " + snapshots + " WHERE snapshot_date < DATE '1900-01-01'");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        BlockingLock lock = waitForBlocking(waiterPid).get(0);

        assertThat(lock.lockType()).isEqualTo("relation");
        assertThat(lock.lockMode()).isEqualTo("RowExclusiveLock");
        assertThat(lock.relationName()).contains(db.schema + ".balance_snapshots");
        assertThat(lock.blockingPid()).isEqualTo(pid(holder));
      } finally {
        holder.rollback();
      }
      blocked.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPostingWaitingOnAnAbandonedTransactionShowsItsBlockerThenTimesOut() throws Exception {
    String accounts = PostgresLedgerSchema.quotedSchema(db.schema) + ".accounts";
    try (Connection abandoned = session("forgotten-console")) {
      abandoned.setAutoCommit(false);
      try (PreparedStatement lock = abandoned.prepareStatement("SELECT id FROM " + accounts + " WHERE id = ? FOR UPDATE")) {
        lock.setObject(1, equity.id().value());
        lock.executeQuery().close();
      }
      int abandonedPid = pid(abandoned);
      CompletableFuture<?> posting = CompletableFuture.supplyAsync(() -> db.transfer(cash, equity, 1_00));
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<BlockingLock> locks = List.of();
        while (locks.isEmpty() && System.nanoTime() < deadline) {
          locks = db.diagnostics.blockingLocks().stream().filter(l -> l.blockingPid() == abandonedPid).toList();
          Thread.sleep(20);
        }
        assertThat(locks).isNotEmpty();
        assertThat(locks.get(0).blockingApplication()).isEqualTo("forgotten-console");
        assertThat(locks.get(0).blockedQuery()).isNotEmpty();

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> posting.get(20, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(LockTimeoutException.class);
      } finally {
        abandoned.rollback();
      }
      assertThat(db.ledger.balance(cash.id()).version()).isEqualTo(1);
      assertThat(Duration.ofSeconds(2)).isEqualTo(db.store.lockTimeout());
    }
  }
}
