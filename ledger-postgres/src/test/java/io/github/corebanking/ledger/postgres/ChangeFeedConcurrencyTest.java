package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed under load: writers on two ledger nodes (two stores on one schema) and writers
 * posting in their own database transactions, which hold their changes uncommitted for a while
 * (some then roll back), while a reader on a third node follows the feed in small pages. A
 * position handed out before commit would let the reader pass a change that commits later; the
 * reader must see every committed transaction exactly once, nothing rolled back, positions dense,
 * and every commit of a hold after its booking.
 */
class ChangeFeedConcurrencyTest {

  private HikariDataSource ds;
  private String schema;
  private final List<PostgresLedgerStore> stores = new ArrayList<>();
  private final List<Ledger> ledgers = new ArrayList<>();

  @BeforeEach
  void open() {
    ds = PgTestSupport.pool("feed-load", 16);
    schema = TestServices.freshSchemaName("feed_load");
    PostgresLedgerSchema.migrate(ds, schema);
    for (int i = 0; i < 3; i++) {
      PostgresLedgerStore store = PostgresLedgerStore.builder(ds).schema(schema).lockTimeout(Duration.ofSeconds(10))
          .build();
      stores.add(store);
      ledgers.add(Ledger.builder().store(store).build());
    }
  }

  @AfterEach
  void close() {
    try {
      ledgers.forEach(Ledger::close);
      stores.forEach(PostgresLedgerStore::close);
    } finally {
      ds.close();
      PgTestSupport.drop(schema);
    }
  }

  @Test
  void aReaderBesideTwoNodesAndCallerTransactionsSeesEveryCommittedChangeOnceInOrder() throws Exception {
    Ledger nodeA = ledgers.get(0);
    Ledger nodeB = ledgers.get(1);
    Ledger readerNode = ledgers.get(2);
    Account cash = PgTestSupport.open(nodeA, "1000", AccountType.ASSET, false);
    List<Account> expenses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      expenses.add(PgTestSupport.open(nodeA, "50" + i, AccountType.EXPENSE, false));
    }
    Set<TransactionId> committed = ConcurrentHashMap.newKeySet();
    Set<String> rolledBackKeys = ConcurrentHashMap.newKeySet();
    List<Change> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    int perWriter = 30;

    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      Future<?> reader = pool.submit(() -> {
        long position = 0;
        boolean last = false;
        while (!last) {
          last = !writing.get();
          ChangePage page;
          do {
            page = readerNode.changes(position, 5);
            seen.addAll(page.changes());
            position = page.next();
          } while (!page.isEmpty());
        }
        return null;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        Ledger node = w % 2 == 0 ? nodeA : nodeB;
        Account expense = expenses.get(w);
        String name = "w" + w;
        writers.add(pool.submit(nodeWriter(node, name, expense, cash, perWriter, committed)));
      }
      for (int w = 0; w < 2; w++) {
        PostgresLedgerStore store = stores.get(w);
        Ledger node = ledgers.get(w);
        String name = "caller" + w;
        writers.add(pool.submit(callerWriter(store, node, name, expenses.get(w), cash, perWriter, committed,
            rolledBackKeys)));
      }
      for (Future<?> f : writers) {
        f.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      reader.get(60, TimeUnit.SECONDS);
    } finally {
      writing.set(false);
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("every thread ended").isTrue();
    }

    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i).position()).as("position of the %sth change read", i).isEqualTo(i + 1L);
    }
    Map<TransactionId, Long> bookedAt = new HashMap<>();
    Set<TransactionId> booked = new HashSet<>();
    for (Change c : seen) {
      assertThat(rolledBackKeys).as("a rolled-back posting in the feed").doesNotContain(c.transaction().idempotencyKey());
      if (c.type() == ChangeType.BOOKED) {
        assertThat(booked.add(c.transactionId())).as("booked once: %s", c.transactionId()).isTrue();
        bookedAt.put(c.transactionId(), c.position());
      } else {
        assertThat(c.type()).isEqualTo(ChangeType.COMMITTED);
        assertThat(bookedAt).as("the commit of %s follows its booking", c.transactionId()).containsKey(c.transactionId());
      }
    }
    assertThat(booked).isEqualTo(committed);
    assertThat(rolledBackKeys).isNotEmpty();
  }

  /** Posts on a node's own commits: transfers, and every fifth a hold committed right after. */
  private static Callable<Void> nodeWriter(Ledger node, String name, Account expense, Account cash, int count,
      Set<TransactionId> committed) {
    return () -> {
      for (int i = 0; i < count; i++) {
        if (i % 5 == 0) {
          Money amount = Money.ofMinor(100, CurrencyUnit.USD);
          Transaction held = node.post(PostingRequest.builder().idempotencyKey(name + "-hold-" + i).description("hold")
              .debit(expense.id(), amount).credit(cash.id(), amount).pending().build());
          committed.add(held.id());
          node.commit(held.id());
        } else {
          committed.add(node.post(PgTestSupport.transfer(name + "-" + i, expense, cash, 100)).id());
        }
      }
      return null;
    };
  }

  /**
   * Posts in transactions of its own that stay open a few milliseconds after the posting (so its
   * change waits uncommitted while others commit), rolling back every fourth.
   */
  private Callable<Void> callerWriter(PostgresLedgerStore store, Ledger node, String name, Account expense,
      Account cash, int count, Set<TransactionId> committed, Set<String> rolledBackKeys) {
    return () -> {
      for (int i = 0; i < count; i++) {
        String key = name + "-" + i;
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          PostgresCallerTransaction tx = store.join(c);
          Transaction t = node.joining(tx).post(PgTestSupport.transfer(key, expense, cash, 100));
          Thread.sleep(ThreadLocalRandom.current().nextInt(1, 15));
          if (i % 4 == 3) {
            c.rollback();
            tx.rolledBack();
            rolledBackKeys.add(key);
          } else {
            c.commit();
            tx.committed();
            committed.add(t.id());
          }
          c.setAutoCommit(true);
        }
      }
      return null;
    };
  }
}
