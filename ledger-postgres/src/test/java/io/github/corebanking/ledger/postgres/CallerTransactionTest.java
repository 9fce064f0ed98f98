package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.JoinedLedger;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Posting in the caller's own database transaction: the posting and the caller's rows commit or
 * roll back together, nothing is visible before the caller commits, the cache and listeners hear
 * of it only after the commit (never after a rollback), a rejection leaves the caller's
 * transaction usable, and the settings a posting changes are given back.
 */
class CallerTransactionTest {

  private HikariDataSource ds;
  private String schema;
  private PostgresLedgerStore store;
  private Ledger ledger;
  private final List<Transaction> heard = new CopyOnWriteArrayList<>();
  private final Map<AccountId, Balance> cached = new ConcurrentHashMap<>();
  private Account cash;
  private Account deposits;

  @BeforeEach
  void open() throws SQLException {
    ds = PgTestSupport.pool("caller-tx", 6);
    schema = TestServices.freshSchemaName("caller_tx");
    PostgresLedgerSchema.migrate(ds, schema);
    store = PostgresLedgerStore.builder(ds).schema(schema).lockTimeout(Duration.ofSeconds(5)).build();
    ledger = Ledger.builder().store(store).balanceCache(new RecordingCache()).listener(new LedgerListener() {
      @Override
      public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
        heard.add(transaction);
      }
    }).build();
    cash = PgTestSupport.open(ledger, "1000", AccountType.ASSET, false);
    deposits = PgTestSupport.open(ledger, "2100", AccountType.LIABILITY, true);
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + schema + ".loans (id text PRIMARY KEY, state text NOT NULL)");
    }
  }

  @AfterEach
  void close() {
    try {
      ledger.close();
      store.close();
    } finally {
      ds.close();
      PgTestSupport.drop(schema);
    }
  }

  private void insertLoan(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".loans (id, state) VALUES (?, 'DISBURSED')")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  private long loans() {
    return PgTestSupport.count(ds, "SELECT count(*) FROM " + schema + ".loans");
  }

  @Test
  void thePostingAndTheCallersRowCommitTogetherAndAreInvisibleUntilThen() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresCallerTransaction tx = store.join(c);
      JoinedLedger books = ledger.joining(tx);
      insertLoan(c, "loan-1");
      Transaction posted = books.post(PgTestSupport.transfer("disburse-1", cash, deposits, 10_000));

      assertThat(books.balance(deposits.id()).postedCredits()).as("inside the caller's transaction").isEqualTo(10_000);
      assertThat(books.transaction(posted.id())).map(Transaction::status).contains(TransactionStatus.POSTED);
      assertThat(ledger.transactionByKey("disburse-1")).as("outside, before the commit").isEmpty();
      assertThat(ledger.balance(deposits.id()).postedCredits()).isZero();
      assertThat(ledger.changes(0, 10).changes()).isEmpty();
      assertThat(heard).as("listeners before the commit").isEmpty();
      assertThat(cached).as("cache before the commit").doesNotContainKey(deposits.id());

      c.commit();
      assertThat(heard).as("listeners after the commit, before committed()").isEmpty();
      tx.committed();
      c.setAutoCommit(true);
    }
    assertThat(loans()).isEqualTo(1);
    assertThat(ledger.transactionByKey("disburse-1")).map(Transaction::status).contains(TransactionStatus.POSTED);
    assertThat(heard).extracting(Transaction::idempotencyKey).containsExactly("disburse-1");
    assertThat(cached.get(deposits.id()).postedCredits()).isEqualTo(10_000);
    assertThat(ledger.changes(0, 10).changes()).hasSize(1);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aRollbackLeavesNothingAndTellsNoOne() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresCallerTransaction tx = store.join(c);
      JoinedLedger books = ledger.joining(tx);
      insertLoan(c, "loan-2");
      Money amount = Money.ofMinor(500, CurrencyUnit.USD);
      Transaction held = books.post(PostingRequest.builder().idempotencyKey("hold-2").description("hold")
          .debit(cash.id(), amount).credit(deposits.id(), amount).pending().build());
      books.commit(held.id());
      books.post(PgTestSupport.transfer("disburse-2", cash, deposits, 700));
      c.rollback();
      tx.rolledBack();
      c.setAutoCommit(true);
    }
    assertThat(loans()).isZero();
    assertThat(ledger.transactionByKey("hold-2")).isEmpty();
    assertThat(ledger.transactionByKey("disburse-2")).isEmpty();
    assertThat(ledger.balance(deposits.id())).isEqualTo(new Balance(deposits.id(), deposits.currency(),
        deposits.normalSide(), 0, 0, 0, 0, 0));
    assertThat(heard).isEmpty();
    assertThat(ledger.changes(0, 10).changes()).isEmpty();
    // The accounts' states the rolled-back postings planned on are not reused: the next posting books.
    Transaction next = ledger.post(PgTestSupport.transfer("after-rollback", cash, deposits, 100));
    assertThat(next.entries()).allSatisfy(e -> assertThat(e.accountVersion()).isEqualTo(1));
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aRejectionLeavesTheCallersTransactionUsableAndWritesNothing() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresCallerTransaction tx = store.join(c);
      JoinedLedger books = ledger.joining(tx);
      books.post(PgTestSupport.transfer("fund", cash, deposits, 1_000));
      Throwable overdraft = catchThrowable(() -> books.post(PgTestSupport.transfer("overdraw", deposits, cash, 5_000)));
      assertThat(overdraft).isInstanceOf(BalanceConstraintException.class);
      insertLoan(c, "loan-3");
      c.commit();
      tx.committed();
      c.setAutoCommit(true);
    }
    assertThat(loans()).isEqualTo(1);
    assertThat(ledger.transactionByKey("fund")).isPresent();
    assertThat(ledger.transactionByKey("overdraw")).isEmpty();
    assertThat(heard).extracting(Transaction::idempotencyKey).containsExactly("fund");
  }

  @Test
  void theSettingsAPostingChangesAreGivenBackToTheCallersTransaction() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL lock_timeout = '1234ms'");
        st.execute("SET LOCAL statement_timeout = '4321ms'");
      }
      PostgresCallerTransaction tx = store.join(c);
      ledger.joining(tx).post(PgTestSupport.transfer("settings", cash, deposits, 1));
      assertThat(setting(c, "lock_timeout")).isEqualTo("1234ms");
      assertThat(setting(c, "statement_timeout")).isEqualTo("4321ms");
      assertThat(setting(c, "enable_seqscan")).isEqualTo("on");
      assertThat(setting(c, "plan_cache_mode")).isEqualTo("auto");
      c.rollback();
      tx.rolledBack();
      c.setAutoCommit(true);
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void aConnectionInAutoCommitIsRefusedNamingItAndNothingIsWritten() throws SQLException {
    try (Connection c = ds.getConnection()) {
      PostgresCallerTransaction tx = store.join(c);
      Throwable t = catchThrowable(() -> ledger.joining(tx).post(PgTestSupport.transfer("auto", cash, deposits, 1)));
      assertThat(t).isInstanceOf(InvalidRequestException.class);
      assertThat(((LedgerException) t).field()).isEqualTo("connection");
    }
    assertThat(ledger.transactionByKey("auto")).isEmpty();
    Throwable noConnection = catchThrowable(() -> store.join((Connection) null));
    assertThat(((LedgerException) noConnection).field()).isEqualTo("connection");
    Throwable noTx = catchThrowable(() -> ledger.joining(null));
    assertThat(((LedgerException) noTx).field()).isEqualTo("transaction");
  }

  @Test
  void aJdbiHandleTellsTheJoinedTransactionHowItEnded() {
    Jdbi jdbi = Jdbi.create(ds);
    jdbi.useTransaction(h -> {
      JoinedLedger books = ledger.joining(store.join(h));
      books.post(PgTestSupport.transfer("jdbi-commit", cash, deposits, 300));
      h.execute("INSERT INTO " + schema + ".loans (id, state) VALUES ('loan-j', 'DISBURSED')");
      assertThat(heard).isEmpty();
    });
    assertThat(heard).extracting(Transaction::idempotencyKey).containsExactly("jdbi-commit");
    Throwable failed = catchThrowable(() -> jdbi.useTransaction(h -> {
      ledger.joining(store.join(h)).post(PgTestSupport.transfer("jdbi-rollback", cash, deposits, 300));
      throw new IllegalStateException("the caller's own work failed");
    }));
    assertThat(failed).hasMessageContaining("the caller's own work failed");
    assertThat(ledger.transactionByKey("jdbi-rollback")).isEmpty();
    assertThat(heard).hasSize(1);
    assertThat(loans()).isEqualTo(1);
  }

  @Test
  void aReplayInTheCallersTransactionAnswersTheCommittedPosting() throws SQLException {
    Transaction original = ledger.post(PgTestSupport.transfer("once", cash, deposits, 50));
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresCallerTransaction tx = store.join(c);
      Transaction replay = ledger.joining(tx).post(PgTestSupport.transfer("once", cash, deposits, 50));
      assertThat(replay.replayed()).isTrue();
      assertThat(replay.id()).isEqualTo(original.id());
      c.commit();
      tx.committed();
      c.setAutoCommit(true);
    }
    assertThat(heard).hasSize(1);
    assertThat(ledger.changes(0, 10).changes()).hasSize(1);
  }

  /** A cache that records what it is given, to see when the ledger updates it. */
  private final class RecordingCache implements BalanceCache {
    @Override
    public Balance get(AccountId id, Function<AccountId, Balance> loader) {
      return loader.apply(id);
    }

    @Override
    public void put(Balance balance) {
      cached.put(balance.accountId(), balance);
    }

    @Override
    public void invalidate(AccountId id) {
      cached.remove(id);
    }

    @Override
    public void clearAll() {
      cached.clear();
    }
  }
}
