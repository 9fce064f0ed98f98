package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit: postings queued while a writer is busy go into one database transaction; each
 * caller still gets its own outcome.
 */
class GroupCommitTest {

  private static HikariDataSource dataSource;
  private String schema;
  private final ExecutorService callers = Executors.newFixedThreadPool(16);

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("group-commit", 6);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @BeforeEach
  void migrate() {
    schema = TestServices.freshSchemaName("group");
    PostgresLedgerSchema.migrate(dataSource, schema);
  }

  @AfterEach
  void drop() {
    callers.shutdownNow();
    PgTestSupport.drop(schema);
  }

  private PostgresLedgerStore.Builder store() {
    return PostgresLedgerStore.builder(dataSource).schema(schema).writerThreads(1).lockTimeout(Duration.ofSeconds(20));
  }

  /** Holds a row lock so that the single writer blocks on a posting that touches the account. */
  private Connection lock(Account account) throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM " + PostgresLedgerSchema.quotedSchema(schema) + ".accounts WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, account.id().value());
      ps.executeQuery().close();
    }
    return c;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in time");
      }
      Thread.sleep(5);
    }
  }

  @Test
  @Timeout(90)
  void aRejectedPostingIsLeftOutOfItsBatchWithoutFailingItsNeighbours() throws Exception {
    PostgresLedgerStore store = store().build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account blocker = open(ledger, "9000", AccountType.ASSET, false);
      Account blockerOther = open(ledger, "9001", AccountType.EQUITY, false);
      Account capital = open(ledger, "3000", AccountType.EQUITY, false);
      List<Account> deposits = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Account d = open(ledger, "21" + i, AccountType.LIABILITY, true);
        deposits.add(d);
        ledger.post(transfer("fund-" + i, capital, d, 1_000));
      }
      long batchesBefore;
      CompletableFuture<Transaction> first;
      List<CompletableFuture<Transaction>> good = new ArrayList<>();
      List<CompletableFuture<Transaction>> bad = new ArrayList<>();
      try (Connection holder = lock(blocker)) {
        long b0 = store.groupCommitStats().batches();
        first = CompletableFuture.supplyAsync(() -> ledger.post(transfer("first", blocker, blockerOther, 1)), callers);
        await(() -> store.groupCommitStats().batches() == b0 + 1);
        batchesBefore = store.groupCommitStats().batches();
        for (int i = 0; i < 5; i++) {
          Account d = deposits.get(i);
          good.add(CompletableFuture.supplyAsync(() -> ledger.post(transfer("ok-" + d.code(), d, capital, 400)), callers));
          bad.add(CompletableFuture.supplyAsync(() -> ledger.post(transfer("over-" + d.code(), d, capital, 5_000)), callers));
        }
        await(() -> store.groupCommitStats().queued() == 10);
        holder.rollback();
      }

      assertThat(first.get(30, TimeUnit.SECONDS).replayed()).isFalse();
      for (CompletableFuture<Transaction> f : good) {
        assertThat(f.get(30, TimeUnit.SECONDS).replayed()).isFalse();
      }
      for (CompletableFuture<Transaction> f : bad) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(BalanceConstraintException.class);
      }
      assertThat(store.groupCommitStats().batches() - batchesBefore)
          .as("the ten queued postings went into one batch").isEqualTo(1);
      assertThat(store.groupCommitStats().fallbacks()).isZero();
      for (Account d : deposits) {
        assertThat(ledger.balance(d.id()).posted().minorUnits()).isEqualTo(600);
      }
    }
  }

  @Test
  @Timeout(90)
  void aFullQueueRejectsAtOnceAndWritesNothing() throws Exception {
    PostgresLedgerStore store = store().queueCapacity(2).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account a = open(ledger, "1000", AccountType.ASSET, false);
      Account b = open(ledger, "3000", AccountType.EQUITY, false);
      CompletableFuture<Transaction> first;
      List<CompletableFuture<Transaction>> queued;
      try (Connection holder = lock(a)) {
        long b0 = store.groupCommitStats().batches();
        first = CompletableFuture.supplyAsync(() -> ledger.post(transfer("first", a, b, 1)), callers);
        await(() -> store.groupCommitStats().batches() == b0 + 1);
        queued = List.of(
            CompletableFuture.supplyAsync(() -> ledger.post(transfer("second", a, b, 1)), callers),
            CompletableFuture.supplyAsync(() -> ledger.post(transfer("third", a, b, 1)), callers));
        await(() -> store.groupCommitStats().queued() == 2);
        assertThatThrownBy(() -> ledger.post(transfer("fourth", a, b, 1)))
            .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("postingQueue").hasMessageContaining("full");
        holder.rollback();
      }
      first.get(30, TimeUnit.SECONDS);
      for (CompletableFuture<Transaction> f : queued) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(ledger.transactionByKey("fourth")).isEmpty();
      assertThat(ledger.balance(a.id()).version()).isEqualTo(3);
    }
  }

  @Test
  @Timeout(90)
  void closeFinishesQueuedPostingsThenRefusesNewOnes() throws Exception {
    PostgresLedgerStore store = store().build();
    Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build();
    Account a = open(ledger, "1000", AccountType.ASSET, false);
    Account b = open(ledger, "3000", AccountType.EQUITY, false);
    List<CompletableFuture<Transaction>> pending = new ArrayList<>();
    CompletableFuture<Void> closing;
    try (Connection holder = lock(a)) {
      long b0 = store.groupCommitStats().batches();
      pending.add(CompletableFuture.supplyAsync(() -> ledger.post(transfer("queued-0", a, b, 1)), callers));
      await(() -> store.groupCommitStats().batches() == b0 + 1);
      for (int i = 1; i < 3; i++) {
        String key = "queued-" + i;
        pending.add(CompletableFuture.supplyAsync(() -> ledger.post(transfer(key, a, b, 1)), callers));
      }
      await(() -> store.groupCommitStats().queued() == 2);
      closing = CompletableFuture.runAsync(ledger::close, callers);
      Thread.sleep(100);
      assertThat(closing).as("close waits for the queued postings").isNotDone();
      holder.rollback();
    }
    closing.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<Transaction> f : pending) {
      assertThat(f.get(30, TimeUnit.SECONDS).replayed()).isFalse();
    }
    assertThatThrownBy(() -> ledger.post(transfer("late", a, b, 1)))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
    assertThat(store.findTransactionByKey("late")).isEmpty();
  }

  @Test
  @Timeout(90)
  void groupCommitCoalescesConcurrentCallers() throws Exception {
    PostgresLedgerStore store = store().build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      List<Account> accounts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        accounts.add(open(ledger, "1" + (100 + i), AccountType.ASSET, false));
      }
      long before = store.groupCommitStats().batches();
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        work.add(CompletableFuture.runAsync(() -> {
          for (int n = 0; n < 25; n++) {
            ledger.post(transfer("c-" + thread + "-" + n, accounts.get(2 * thread), accounts.get(2 * thread + 1), 1));
          }
        }, callers));
      }
      for (CompletableFuture<Void> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      long batches = store.groupCommitStats().batches() - before;
      assertThat(batches).as("200 postings from 8 callers need fewer than 200 commits").isLessThan(200);
      for (int t = 0; t < 8; t++) {
        assertThat(ledger.balance(accounts.get(2 * t).id()).posted().minorUnits()).isEqualTo(25);
      }
    }
  }

  @Test
  @Timeout(90)
  void aStandbyWriterPostsOnOtherAccountsWhileTheFirstWaitsOnALock() throws Exception {
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).writerThreads(2)
        .writerHandoff(Duration.ofMillis(50)).lockTimeout(Duration.ofSeconds(20)).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account locked = open(ledger, "1000", AccountType.ASSET, false);
      Account lockedOther = open(ledger, "3000", AccountType.EQUITY, false);
      Account free = open(ledger, "1100", AccountType.ASSET, false);
      Account freeOther = open(ledger, "3100", AccountType.EQUITY, false);
      CompletableFuture<Transaction> stuck;
      try (Connection holder = lock(locked)) {
        long b0 = store.groupCommitStats().batches();
        stuck = CompletableFuture.supplyAsync(() -> ledger.post(transfer("stuck", locked, lockedOther, 1)), callers);
        await(() -> store.groupCommitStats().batches() == b0 + 1);
        for (int i = 0; i < 3; i++) {
          Transaction t = CompletableFuture.supplyAsync(
              () -> ledger.post(transfer("free-" + System.nanoTime(), free, freeOther, 1)), callers).get(10, TimeUnit.SECONDS);
          assertThat(t.replayed()).isFalse();
        }
        assertThat(stuck).as("the first writer still waits on the lock").isNotDone();
        assertThat(store.groupCommitStats().standby()).isGreaterThanOrEqualTo(1);
        holder.rollback();
      }
      assertThat(stuck.get(30, TimeUnit.SECONDS).replayed()).isFalse();
      assertThat(ledger.balance(free.id()).posted().minorUnits()).isEqualTo(3);
      assertThat(ledger.balance(locked.id()).posted().minorUnits()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(90)
  void aStandbyWriterStaysOutWhileTheFirstKeepsUp() throws Exception {
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).writerThreads(3)
        .writerHandoff(Duration.ofSeconds(10)).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      List<Account> accounts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        accounts.add(open(ledger, "1" + (200 + i), AccountType.ASSET, false));
      }
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(CompletableFuture.runAsync(() -> {
          for (int n = 0; n < 25; n++) {
            ledger.post(transfer("s-" + thread + "-" + n, accounts.get(2 * thread), accounts.get(2 * thread + 1), 1));
          }
        }, callers));
      }
      for (CompletableFuture<Void> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(store.groupCommitStats().postings()).isEqualTo(100);
      assertThat(store.groupCommitStats().standby()).as("every batch went to the first writer").isZero();
    }
  }
}
