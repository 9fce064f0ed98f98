package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.services.LoopbackProxy;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A commit whose reply is lost: the connection carrying the posting (its writes and its
 * {@code COMMIT}) is cut by a loopback proxy right after the {@code COMMIT} was sent, while the
 * database transaction may still be running on the server. The caller must get the truth: booked
 * means acknowledged, rejected means not booked, and nothing is booked twice.
 */
class LostCommitTest {

  private static final String APPLICATION = "ledger-lost-commit";

  private HikariDataSource direct;
  private LoopbackProxy proxy;
  private HikariDataSource throughProxy;
  private String schema;

  @BeforeEach
  void start() throws IOException {
    direct = PgTestSupport.pool("lost-commit-direct", 4);
    URI target = URI.create(TestServices.postgresJdbcUrl().substring("jdbc:".length()));
    proxy = new LoopbackProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(proxy.jdbcUrlThrough(TestServices.postgresJdbcUrl()));
    config.addDataSourceProperty("ApplicationName", APPLICATION);
    // Every execution sends its text, so the proxy sees the COMMIT go by.
    config.addDataSourceProperty("prepareThreshold", "0");
    config.setPoolName("lost-commit-proxy");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    throughProxy = new HikariDataSource(config);
    schema = TestServices.freshSchemaName("lost_commit");
    PostgresLedgerSchema.migrate(direct, schema);
  }

  @AfterEach
  void stop() throws IOException {
    throughProxy.close();
    proxy.close();
    PgTestSupport.drop(schema);
    direct.close();
  }

  @Test
  @Timeout(60)
  void aCommitCutWhileItWaitsForARowLockIsAnsweredAsBookedOnceItCommits() throws Exception {
    PostgresLedgerStore store = PostgresLedgerStore.builder(throughProxy).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposit = open(ledger, "2100", AccountType.LIABILITY, true);
      ledger.post(transfer("fund", cash, deposit, 1_000));
      // Two postings leave both accounts' states remembered: the next posting is one round trip.
      ledger.post(transfer("warm-1", deposit, cash, 100));
      ledger.post(transfer("warm-2", deposit, cash, 100));

      ExecutorService caller = Executors.newSingleThreadExecutor();
      try (Connection holder = direct.getConnection()) {
        lockRow(holder, deposit);
        proxy.cutAfterClientSends("COMMIT", 1);
        // 700 of the 800 available: applied twice it would be refused for want of funds.
        Future<Transaction> posting = caller.submit(() -> ledger.post(transfer("lost", deposit, cash, 700)));
        awaitFirstCut();
        assertThat(proxy.markerCuts()).as("the connection was cut right after COMMIT was sent").isEqualTo(1);
        Thread.sleep(700);
        holder.rollback();

        Transaction booked = posting.get(30, TimeUnit.SECONDS);
        assertThat(booked.replayed()).isFalse();
        assertThat(booked.idempotencyKey()).isEqualTo("lost");
      } finally {
        caller.shutdownNow();
      }
      assertThat(ledger.balance(deposit.id()).posted().minorUnits()).isEqualTo(100);
      assertThat(ledger.balance(deposit.id()).version()).isEqualTo(4);
      assertThat(storedKeys()).containsExactlyInAnyOrder("fund", "warm-1", "warm-2", "lost");
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }
  }

  @Test
  @Timeout(60)
  void aCommitCutInABatchOfManyCallersGivesEachItsOwnTruth() throws Exception {
    PostgresLedgerStore store = PostgresLedgerStore.builder(throughProxy).schema(schema).writerThreads(1)
        .maxBatchSize(50).build();
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      List<Account> deposits = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Account d = open(ledger, "21" + i, AccountType.LIABILITY, true);
        ledger.post(transfer("fund-" + i, cash, d, 1_000));
        deposits.add(d);
      }
      ExecutorService callers = Executors.newFixedThreadPool(8);
      try (Connection holder = direct.getConnection()) {
        lockRow(holder, cash);
        proxy.cutAfterClientSends("COMMIT", 1);
        List<Future<Transaction>> postings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Account d = deposits.get(i);
          String key = "batch-" + i;
          postings.add(callers.submit(() -> ledger.post(transfer(key, d, cash, 600))));
        }
        awaitFirstCut();
        assertThat(proxy.markerCuts()).isEqualTo(1);
        Thread.sleep(700);
        holder.rollback();
        for (int i = 0; i < 8; i++) {
          Transaction t = postings.get(i).get(30, TimeUnit.SECONDS);
          assertThat(t.idempotencyKey()).isEqualTo("batch-" + i);
        }
      } finally {
        callers.shutdownNow();
      }
      for (Account d : deposits) {
        assertThat(ledger.balance(d.id()).posted().minorUnits()).isEqualTo(400);
      }
      assertThat(storedKeys()).hasSize(16);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }
  }

  /**
   * Hundreds of cuts (right after a COMMIT is sent, and at random moments before, during and after
   * one) and backend terminations while callers post; then every acknowledged key is stored
   * exactly once, no rejected key is stored, and the balances are those of a model replaying the
   * stored postings, each of which was acknowledged or reported as in doubt.
   */
  @Test
  @Timeout(240)
  void randomCutsAndKillsNeverLoseDuplicateOrBookARejectedPosting() throws Exception {
    int cutsWanted = 300;
    PostgresLedgerStore store = PostgresLedgerStore.builder(throughProxy).schema(schema).lockTimeout(Duration.ofSeconds(2))
        .outcomeTimeout(Duration.ofSeconds(3)).build();
    Map<String, PostingRequest> submitted = new ConcurrentHashMap<>();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> rejected = ConcurrentHashMap.newKeySet();
    Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong markerArmed = new AtomicLong();
    AtomicLong randomCuts = new AtomicLong();
    AtomicLong kills = new AtomicLong();
    List<Account> deposits = new ArrayList<>();
    Account cash;
    try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
      cash = open(ledger, "1000", AccountType.ASSET, false);
      for (int i = 0; i < 6; i++) {
        deposits.add(open(ledger, "21" + i, AccountType.LIABILITY, true));
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger sequence = new AtomicInteger();
      ExecutorService workers = Executors.newFixedThreadPool(6);
      Account theCash = cash;
      for (int w = 0; w < 6; w++) {
        long seed = 1_000L + w;
        workers.submit(() -> {
          Random random = new Random(seed);
          while (running.get()) {
            String key = "k-" + sequence.incrementAndGet();
            Account from = deposits.get(random.nextInt(deposits.size()));
            Account to = random.nextInt(3) == 0 ? theCash : deposits.get(random.nextInt(deposits.size()));
            PostingRequest request = to.equals(from) || random.nextInt(4) == 0
                ? transfer(key, theCash, from, 1 + random.nextInt(2_000))
                : transfer(key, from, to, 1 + random.nextInt(1_500));
            submitted.put(key, request);
            try {
              ledger.post(request);
              acknowledged.add(key);
            } catch (BalanceConstraintException e) {
              rejected.add(key);
            } catch (StoreUnavailableException | ConcurrencyException e) {
              inDoubt.add(key);
            } catch (Throwable e) {
              unexpected.add(e);
            }
          }
          return null;
        });
      }
      Random chaos = new Random(42);
      try (Connection killer = direct.getConnection(); Statement st = killer.createStatement()) {
        for (int i = 0; i < cutsWanted; i++) {
          int action = chaos.nextInt(10);
          if (action < 5) {
            proxy.cutAfterClientSends("COMMIT", 1);
            markerArmed.incrementAndGet();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (proxy.armedCuts() > 0 && System.nanoTime() < until) {
              Thread.sleep(1);
            }
          } else if (action < 8) {
            proxy.cutAll();
            randomCuts.incrementAndGet();
          } else {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM "
                + "(SELECT pid FROM pg_stat_activity WHERE application_name = '" + APPLICATION
                + "' AND pid <> pg_backend_pid() ORDER BY random() LIMIT 1) b")) {
              rs.next();
              kills.addAndGet(rs.getLong(1));
            }
          }
          Thread.sleep(5 + chaos.nextInt(30));
        }
      }
      proxy.cutAfterClientSends("COMMIT", 0);
      running.set(false);
      workers.shutdown();
      assertThat(workers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
      assertThat(unexpected).as("only typed outcomes").isEmpty();
    }

    Set<String> stored = storedKeys();
    List<String> lost = acknowledged.stream().filter(k -> !stored.contains(k)).toList();
    List<String> rejectedButBooked = rejected.stream().filter(stored::contains).toList();
    List<String> strangers = stored.stream().filter(k -> !acknowledged.contains(k) && !inDoubt.contains(k)).toList();
    long duplicated = PgTestSupport.count(direct, "SELECT count(*) FROM (SELECT transaction_id FROM "
        + PostgresLedgerSchema.quotedSchema(schema) + ".entries GROUP BY transaction_id HAVING count(*) <> 2) d");
    long inDoubtBooked = inDoubt.stream().filter(stored::contains).count();
    System.out.printf("lost-commit faults: %d cuts after COMMIT (%d armed), %d random cuts, %d backend kills; "
            + "%d acknowledged, %d rejected, %d in doubt (%d of them booked); lost %d, duplicated %d, "
            + "rejected-but-booked %d%n", proxy.markerCuts(), markerArmed.get(), randomCuts.get(), kills.get(),
        acknowledged.size(), rejected.size(), inDoubt.size(), inDoubtBooked, lost.size(), duplicated,
        rejectedButBooked.size());

    assertThat(lost).as("acknowledged but not stored").isEmpty();
    assertThat(rejectedButBooked).as("rejected but stored").isEmpty();
    assertThat(strangers).as("stored without being acknowledged or reported in doubt").isEmpty();
    assertThat(duplicated).isZero();
    assertThat(proxy.markerCuts() + randomCuts.get() + kills.get()).isGreaterThanOrEqualTo(cutsWanted / 2);
    assertThat(proxy.markerCuts()).isPositive();
    assertThat(kills.get()).isPositive();
    assertThat(acknowledged.size()).isGreaterThan(100);

    Map<String, Long> model = new HashMap<>();
    for (String key : stored) {
      PostingRequest r = submitted.get(key);
      r.entries().forEach(e -> model.merge(e.accountId().toString(),
          e.side() == io.github.corebanking.ledger.Side.DEBIT ? e.amount().minorUnits() : -e.amount().minorUnits(),
          Long::sum));
    }
    try (Ledger check = Ledger.builder().store(PostgresLedgerStore.builder(direct).schema(schema).build())
        .closeStoreOnClose(true).build()) {
      for (Account a : deposits) {
        long debitsMinusCredits = model.getOrDefault(a.id().toString(), 0L);
        assertThat(check.balance(a.id()).posted().minorUnits()).as(a.code()).isEqualTo(-debitsMinusCredits);
      }
      assertThat(check.checkIntegrity().ok()).isTrue();
    }
  }

  /** Takes the account's row lock in another session's open transaction, as a competing writer would. */
  private void lockRow(Connection holder, Account account) throws SQLException {
    holder.setAutoCommit(false);
    try (PreparedStatement lock = holder.prepareStatement(
        "SELECT 1 FROM " + PostgresLedgerSchema.quotedSchema(schema) + ".accounts WHERE id = ? FOR UPDATE")) {
      lock.setObject(1, account.id().value());
      lock.executeQuery().close();
    }
  }

  /** Waits, at most 10 s, until the proxy has cut a connection right after its COMMIT. */
  private void awaitFirstCut() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (proxy.markerCuts() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private Set<String> storedKeys() throws SQLException {
    Set<String> keys = new java.util.HashSet<>();
    try (Connection c = direct.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT idempotency_key FROM " + PostgresLedgerSchema.quotedSchema(schema)
            + ".transactions")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }
}
