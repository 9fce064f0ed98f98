package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads against the real server: money is conserved, constraints hold, nothing deadlocks,
 * and value-dated balances stay what the entries say on every date.
 */
class PostgresConcurrencyTest {

  private static HikariDataSource dataSource;
  private final List<String> schemas = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("concurrency", 12);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PgTestSupport::drop);
  }

  private Ledger ledger(int writerThreads) {
    String schema = TestServices.freshSchemaName("conc");
    schemas.add(schema);
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).migrate(true)
        .writerThreads(writerThreads).build();
    return Ledger.builder().store(store).closeStoreOnClose(true).build();
  }

  @ParameterizedTest(name = "writer threads {0}")
  @ValueSource(ints = {0, 2})
  @Timeout(120)
  void randomTransfersFromSixteenThreadsConserveMoneyAndNeverOverdraw(int writerThreads) throws Exception {
    try (Ledger ledger = ledger(writerThreads)) {
      Account capital = open(ledger, "3000", AccountType.EQUITY, false);
      List<Account> accounts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // Every third account is a no-overdraft deposit account.
        Account a = open(ledger, "2" + (100 + i), AccountType.LIABILITY, i % 3 == 0);
        accounts.add(a);
        ledger.post(transfer("fund-" + i, capital, a, 5_000));
      }
      int threads = 16;
      int perThread = 60;
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      List<Long> rejected = new CopyOnWriteArrayList<>();
      runConcurrently(threads, t -> {
        Random random = new Random(31L * t + 7);
        for (int n = 0; n < perThread; n++) {
          Account from = accounts.get(random.nextInt(accounts.size()));
          Account to = accounts.get(random.nextInt(accounts.size()));
          if (from.equals(to)) {
            continue;
          }
          try {
            // Debiting a liability takes money out of it: "from" pays "to".
            ledger.post(transfer("t-" + t + "-" + n, from, to, 1 + random.nextInt(3_000)));
          } catch (BalanceConstraintException e) {
            rejected.add(1L);
          } catch (Throwable e) {
            unexpected.add(e);
          }
        }
      });

      assertThat(unexpected).as("no deadlock, timeout or other failure reaches a caller").isEmpty();
      assertThat(rejected).as("the no-overdraft accounts turned some transfers away").isNotEmpty();
      long total = 0;
      for (Account a : accounts) {
        Balance b = ledger.balance(a.id());
        total += b.posted().minorUnits();
        if (a.debitsMustNotExceedCredits()) {
          assertThat(b.posted().minorUnits()).as("no-overdraft account %s", a.code()).isNotNegative();
        }
      }
      assertThat(total).as("money is conserved").isEqualTo(20 * 5_000L);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
      assertThat(ledger.trialBalance().balanced()).isTrue();
    }
  }

  @Test
  @Timeout(120)
  void concurrentBatchesOverOverlappingAccountsDoNotDeadlock() throws Exception {
    try (Ledger ledger = ledger(2)) {
      List<Account> accounts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        accounts.add(open(ledger, "1" + (100 + i), AccountType.ASSET, false));
      }
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      int threads = 6;
      int batches = 10;
      runConcurrently(threads, t -> {
        Random random = new Random(t);
        for (int b = 0; b < batches; b++) {
          List<PostingRequest> batch = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            // Opposite orders in different threads: a naive store would deadlock.
            int x = random.nextInt(10);
            int y = (x + 1 + random.nextInt(9)) % 10;
            batch.add(transfer("b-" + t + "-" + b + "-" + i, accounts.get(x), accounts.get(y), 1 + random.nextInt(100)));
          }
          try {
            ledger.postAll(batch);
          } catch (Throwable e) {
            unexpected.add(e);
          }
        }
      });
      assertThat(unexpected).isEmpty();
      long net = 0;
      long versions = 0;
      for (Account a : accounts) {
        Balance b = ledger.balance(a.id());
        net += b.posted().minorUnits();
        versions += b.version();
      }
      assertThat(net).isZero();
      assertThat(versions).isEqualTo(threads * batches * 20 * 2L);
    }
  }

  @Test
  @Timeout(120)
  void fiftyThreadsReplayingOneKeyBookOneTransaction() throws Exception {
    try (Ledger ledger = ledger(2)) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
      PostingRequest request = transfer("same-key", cash, deposits, 12_345);
      Set<Object> ids = ConcurrentHashMap.newKeySet();
      List<Boolean> replays = new CopyOnWriteArrayList<>();
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      runConcurrently(50, t -> {
        try {
          Transaction tx = ledger.post(request);
          ids.add(tx.id());
          replays.add(tx.replayed());
        } catch (Throwable e) {
          unexpected.add(e);
        }
      });
      assertThat(unexpected).isEmpty();
      assertThat(ids).hasSize(1);
      assertThat(replays.stream().filter(r -> !r).count()).as("exactly one caller booked it").isEqualTo(1);
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(12_345);
      assertThat(ledger.balance(cash.id()).version()).isEqualTo(1);
    }
  }

  interface Body {
    void run(int thread) throws Exception;
  }

  static void runConcurrently(int threads, Body body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          body.run(thread);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "writer threads {0}")
  @ValueSource(ints = {0, 2})
  @Timeout(120)
  void backdatedAndCurrentPostingsFromEightThreadsKeepEveryValueDatedBalanceExact(int writerThreads)
      throws Exception {
    String schema = TestServices.freshSchemaName("conc_value");
    schemas.add(schema);
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).migrate(true)
        .writerThreads(writerThreads).build();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      List<Account> accounts = new ArrayList<>();
      accounts.add(open(ledger, "3000", AccountType.EQUITY, false));
      for (int i = 0; i < 5; i++) {
        accounts.add(open(ledger, "2" + (100 + i), AccountType.LIABILITY, false));
      }
      int threads = 8;
      int perThread = 40;
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Random random = new Random(31L * thread);
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              Account debit = accounts.get(random.nextInt(accounts.size()));
              Account credit = accounts.get(random.nextInt(accounts.size()));
              if (debit.equals(credit)) {
                continue;
              }
              // A third dated today, the others up to three weeks back.
              LocalDate date = random.nextInt(3) == 0 ? today : today.minusDays(1 + random.nextInt(21));
              Money amount = Money.ofMinor(1 + random.nextInt(500), CurrencyUnit.USD);
              String key = "v-" + thread + "-" + i;
              PostingRequest.Builder request = PostingRequest.builder().idempotencyKey(key).description(key)
                  .debit(debit.id(), amount).credit(credit.id(), amount).effectiveDate(date);
              switch (random.nextInt(6)) {
                case 0 -> ledger.commit(ledger.post(request.pending().build()).id());
                case 1 -> ledger.voidPending(ledger.post(request.pending().build()).id());
                case 2 -> ledger.reverse(ledger.post(request.build()).id());
                default -> ledger.post(request.build());
              }
            }
          } catch (Throwable e) {
            unexpected.add(e);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(unexpected).isEmpty();

      assertThat(PgTestSupport.valueBalanceDifferences(dataSource, schema)).isZero();
      assertThat(PgTestSupport.misdatedEntries(dataSource, schema)).isZero();
      String s = PostgresLedgerSchema.quotedSchema(schema);
      for (Account a : accounts) {
        for (int back = 22; back >= 0; back -= 3) {
          LocalDate date = today.minusDays(back);
          long fromEntries = PgTestSupport.count(dataSource, ("SELECT coalesce(sum(CASE WHEN e.side = '%s' THEN e.amount "
              + "ELSE -e.amount END), 0) FROM %s.entries e JOIN %s.transactions t ON t.id = e.transaction_id "
              + "WHERE e.account_id = '%s' AND NOT e.pending AND t.effective_date <= DATE '%s'")
              .formatted(a.normalSide(), s, s, a.id(), date));
          assertThat(ledger.balanceOn(a.id(), date).posted().minorUnits()).as(a.code() + " on " + date)
              .isEqualTo(fromEntries);
        }
        assertThat(ledger.balanceOn(a.id(), today).posted()).isEqualTo(ledger.balance(a.id()).posted());
      }
      assertThat(ledger.trialBalanceOn(today.minusDays(10)).balanced()).isTrue();
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }
  }
}
