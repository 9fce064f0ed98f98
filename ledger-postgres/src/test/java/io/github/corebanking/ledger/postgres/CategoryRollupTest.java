package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewCategory;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Categories on PostgreSQL (migration V11): a category of 10,000 accounts is read in one statement,
 * now and as of an instant; the as-of read starts from the accounts' snapshots as
 * {@code balancesAsOf} does; and the runtime role cannot make a cycle, change what a category is,
 * or delete one that is not empty, even around the store.
 */
class CategoryRollupTest {

  private static final int ACCOUNTS = 10_000;
  private static final Set<String> STATEMENT_METHODS = Set.of("prepareStatement", "createStatement", "prepareCall");

  private static HikariDataSource owner;
  private static HikariDataSource runtime;
  private static String schema;
  private static String role;
  private static String s;
  private static final AtomicInteger statements = new AtomicInteger();
  private static MutableClock clock;
  private static LedgerStore store;
  private static Ledger ledger;

  @BeforeAll
  static void start() throws SQLException {
    owner = PgTestSupport.pool("categories-owner", 2);
    schema = TestServices.freshSchemaName("categories");
    role = TestServices.freshSchemaName("ledger_categories");
    PostgresLedgerSchema.migrate(owner, schema);
    s = PostgresLedgerSchema.quotedSchema(schema);
    PgTestSupport.createRuntimeRole(owner, schema, role);
    runtime = PgTestSupport.poolAs(role, 3);
    clock = MutableClock.at("2026-05-05T08:00:00Z");
    store = PostgresLedgerStore.builder(counting(runtime)).schema(schema).writerThreads(0).build();
    ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build();
  }

  @AfterAll
  static void stop() throws SQLException {
    ledger.close();
    runtime.close();
    PgTestSupport.drop(schema);
    PgTestSupport.dropRole(owner, role);
    owner.close();
  }

  /** A data source whose connections count every statement they prepare or create. */
  static DataSource counting(DataSource target) {
    InvocationHandler sources = (proxy, method, args) -> {
      Object result = invoke(method, target, args);
      if (result instanceof Connection c) {
        return Proxy.newProxyInstance(CategoryRollupTest.class.getClassLoader(), new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if (STATEMENT_METHODS.contains(m.getName())) {
                statements.incrementAndGet();
              }
              return invoke(m, c, a);
            });
      }
      return result;
    };
    return (DataSource) Proxy.newProxyInstance(CategoryRollupTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, sources);
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void asOwner(String sql) throws SQLException {
    try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void asRuntime(String sql) throws SQLException {
    try (Connection c = runtime.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static <T> T counted(java.util.function.Supplier<T> read, int expected, String what) {
    statements.set(0);
    T result = read.get();
    assertThat(statements.get()).as("statements sent for %s", what).isEqualTo(expected);
    return result;
  }

  @Test
  void aCategoryOfTenThousandAccountsIsReadInOneStatementNowAndAsOf() throws SQLException {
    Category bank = ledger.createCategory(NewCategory.of("big", "Every customer account", Side.DEBIT));
    Category retail = ledger.createCategory(NewCategory.of("big.retail", "Retail", Side.DEBIT).under(bank.id()));
    Category business = ledger.createCategory(NewCategory.of("big.business", "Business", Side.DEBIT).under(bank.id()));
    // 10,000 accounts, 9,990 in dollars and 10 in euros, opened directly: what is measured is the read.
    asOwner("INSERT INTO " + s + ".accounts (id, code, name, type, currency, currency_scale, status, created_at) "
        + "SELECT gen_random_uuid(), 'big-' || lpad(CAST(g AS text), 5, '0'), 'Customer ' || g, 'ASSET', "
        + "CASE WHEN g <= 10 THEN 'EUR' ELSE 'USD' END, 2, 'OPEN', now() FROM generate_series(1, " + ACCOUNTS + ") g");
    // Half in retail, half in business, the first 500 in both and in the parent too.
    asOwner("INSERT INTO " + s + ".category_accounts (category_id, account_id) SELECT '" + retail.id() + "', id FROM "
        + s + ".accounts WHERE code LIKE 'big-%' AND CAST(substr(code, 5) AS int) <= 5500");
    asOwner("INSERT INTO " + s + ".category_accounts (category_id, account_id) SELECT '" + business.id() + "', id FROM "
        + s + ".accounts WHERE code LIKE 'big-%' AND (CAST(substr(code, 5) AS int) > 5500 "
        + "OR CAST(substr(code, 5) AS int) <= 500)");
    asOwner("INSERT INTO " + s + ".category_accounts (category_id, account_id) SELECT '" + bank.id() + "', id FROM "
        + s + ".accounts WHERE code LIKE 'big-%' AND CAST(substr(code, 5) AS int) <= 500");

    Account funding = ledger.openAccount(io.github.corebanking.ledger.NewAccount.builder().code("funding")
        .name("Funding").type(AccountType.EQUITY).currency(CurrencyUnit.USD).build());
    Account eurFunding = ledger.openAccount(io.github.corebanking.ledger.NewAccount.builder().code("funding-eur")
        .name("Funding EUR").type(AccountType.EQUITY).currency(CurrencyUnit.EUR).build());
    List<Account> members = counted(() -> ledger.categoryAccounts(bank.id()), 2, "the accounts of a category");
    assertThat(members).hasSize(ACCOUNTS);
    Account first = ledger.accountByCode("big-00001").orElseThrow();
    Account shared = ledger.accountByCode("big-00100").orElseThrow();
    Account last = ledger.accountByCode("big-10000").orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    ledger.post(transfer("fund-shared", shared, funding, 70_000));
    ledger.post(transfer("fund-last", last, funding, 5_000));
    Money tenEuros = Money.ofMinor(1_000, CurrencyUnit.EUR);
    ledger.post(PostingRequest.builder().idempotencyKey("fund-eur").description("fund")
        .debit(first.id(), tenEuros).credit(eurFunding.id(), tenEuros).build());
    Instant funded = clock.instant();
    clock.advance(Duration.ofMinutes(1));
    ledger.post(transfer("more", last, funding, 1_500));
    Money hold = Money.ofMinor(2_000, CurrencyUnit.USD);
    ledger.post(PostingRequest.builder().idempotencyKey("hold").description("card hold")
        .debit(funding.id(), hold).credit(shared.id(), hold).pending().build());

    CategoryBalance now = counted(() -> ledger.categoryBalance(bank.id()), 1, "a category's balance");
    List<AccountId> ids = members.stream().map(Account::id).toList();
    long[] model = new long[4];
    for (Balance b : ledger.balances(ids).values()) {
      if (b.currency().equals(CurrencyUnit.USD)) {
        model[0] += b.postedDebits();
        model[1] += b.postedCredits();
        model[2] += b.pendingDebits();
        model[3] += b.pendingCredits();
      }
    }
    assertThat(now.accounts()).isEqualTo(ACCOUNTS);
    CategoryBalance.Line dollars = now.currency(CurrencyUnit.USD).orElseThrow();
    assertThat(dollars.accounts()).isEqualTo(ACCOUNTS - 10);
    assertThat(new long[] {dollars.postedDebits(), dollars.postedCredits(), dollars.pendingDebits(),
        dollars.pendingCredits()}).containsExactly(model);
    assertThat(dollars.posted().minorUnits()).isEqualTo(76_500);
    assertThat(dollars.available().minorUnits()).isEqualTo(74_500);
    assertThat(now.currency(CurrencyUnit.EUR).orElseThrow().posted()).isEqualTo(tenEuros);

    CategoryBalance then = counted(() -> ledger.categoryBalanceAsOf(bank.id(), funded), 1,
        "a category's balance as of an instant");
    assertThat(then.currency(CurrencyUnit.USD).orElseThrow().posted().minorUnits()).isEqualTo(75_000);
    assertThat(then.currency(CurrencyUnit.USD).orElseThrow().pendingCredits()).isZero();
    assertThat(then.accounts()).isEqualTo(ACCOUNTS);

    CategoryBalance retailBalance = counted(() -> ledger.categoryBalance(retail.id()), 1, "a sub-category's balance");
    assertThat(retailBalance.accounts()).as("retail: accounts 1 to 5,500").isEqualTo(5_500);
  }

  @Test
  void aCategoryReadAsOfStartsFromTheSnapshotsAsBalancesAsOfDoes() throws SQLException {
    Category c = ledger.createCategory(NewCategory.of("snap", "Snapshotted", Side.DEBIT));
    Account cash = open(ledger, "snap-cash", AccountType.ASSET, false);
    Account other = open(ledger, "snap-other", AccountType.ASSET, false);
    Account equity = open(ledger, "snap-equity", AccountType.EQUITY, false);
    ledger.addToCategory(c.id(), cash.id());
    ledger.addToCategory(c.id(), other.id());
    clock.advance(Duration.ofMinutes(1));
    ledger.post(transfer("snap-1", cash, equity, 500));
    ledger.post(transfer("snap-2", other, equity, 10));
    Instant snapAt = clock.advance(Duration.ofMinutes(1));
    // A snapshot of cash off by 7: reads at or after it start from it, reads before it do not.
    try (Connection conn = owner.getConnection(); PreparedStatement ps = conn.prepareStatement("INSERT INTO " + s
        + ".balance_snapshots (account_id, snapshot_date, as_of, posted_debits, posted_credits, account_version) "
        + "VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, cash.id().value());
      ps.setObject(2, LocalDate.parse("2026-05-04"));
      ps.setObject(3, snapAt.atOffset(java.time.ZoneOffset.UTC));
      ps.setLong(4, 507);
      ps.setLong(5, 0);
      ps.setLong(6, 1);
      ps.executeUpdate();
    }
    clock.advance(Duration.ofMinutes(1));
    ledger.post(transfer("snap-3", cash, equity, 1));
    Instant after = clock.advance(Duration.ofMinutes(1));

    for (Instant t : List.of(snapAt.minusSeconds(30), snapAt, after)) {
      long model = store.balancesAsOf(t).stream().filter(b -> b.accountId().equals(cash.id())
          || b.accountId().equals(other.id())).mapToLong(b -> b.postedDebits() - b.postedCredits()).sum();
      assertThat(ledger.categoryBalanceAsOf(c.id(), t).currency(CurrencyUnit.USD).orElseThrow().posted().minorUnits())
          .as("as of %s", t).isEqualTo(model);
    }
    assertThat(ledger.categoryBalanceAsOf(c.id(), snapAt.minusSeconds(30)).lines().get(0).posted().minorUnits())
        .as("before the snapshot").isEqualTo(510);
    assertThat(ledger.categoryBalanceAsOf(c.id(), after).lines().get(0).posted().minorUnits())
        .as("after the snapshot, from it").isEqualTo(518);
  }

  @Test
  void theRuntimeRoleCannotMakeACycleNorChangeWhatACategoryIsNorDeleteOneInUse() throws SQLException {
    Category top = ledger.createCategory(NewCategory.of("g", "Guarded", Side.DEBIT));
    Category mid = ledger.createCategory(NewCategory.of("g.1", "Middle", Side.DEBIT).under(top.id()));
    Category low = ledger.createCategory(NewCategory.of("g.1.1", "Low", Side.DEBIT).under(mid.id()));
    Account a = open(ledger, "g-acct", AccountType.ASSET, false);
    ledger.addToCategory(low.id(), a.id());
    for (String sql : List.of(
        "UPDATE " + s + ".categories SET parent_id = '" + low.id() + "' WHERE id = '" + top.id() + "'",
        "UPDATE " + s + ".categories SET parent_id = id WHERE id = '" + mid.id() + "'")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("23514"));
    }
    for (String sql : List.of(
        "UPDATE " + s + ".categories SET code = 'x' WHERE id = '" + mid.id() + "'",
        "UPDATE " + s + ".categories SET normal_side = 'CREDIT' WHERE id = '" + mid.id() + "'",
        "TRUNCATE " + s + ".category_accounts",
        "UPDATE " + s + ".category_accounts SET category_id = '" + top.id() + "'")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
    for (String sql : List.of(
        "DELETE FROM " + s + ".categories WHERE id = '" + mid.id() + "'",
        "DELETE FROM " + s + ".categories WHERE id = '" + low.id() + "'",
        "INSERT INTO " + s + ".category_accounts (category_id, account_id) VALUES ('" + top.id() + "', '"
            + UUID.randomUUID() + "')")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("23503"));
    }
    // Even the owner cannot change a category's code or make a cycle.
    assertThatThrownBy(() -> asOwner("UPDATE " + s + ".categories SET code = 'x' WHERE id = '" + mid.id() + "'"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
    assertThatThrownBy(() -> asOwner("UPDATE " + s + ".categories SET parent_id = '" + mid.id() + "' WHERE id = '"
        + top.id() + "'")).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
    assertThat(ledger.category(top.id())).isEqualTo(top);
    assertThat(ledger.category(mid.id())).isEqualTo(mid);
    assertThat(ledger.categoryAccounts(top.id())).extracting(Account::code).containsExactly("g-acct");
    // What the store does through the same role is allowed: a move and back.
    assertThat(ledger.moveCategory(low.id(), top.id()).parentId()).isEqualTo(top.id());
    assertThat(ledger.moveCategory(low.id(), mid.id()).parentId()).isEqualTo(mid.id());
  }

  @Test
  void twoMovesThatWouldMakeACycleTogetherCannotBothSucceed() throws Exception {
    for (int round = 0; round < 10; round++) {
      Category x = ledger.createCategory(NewCategory.of("race-x-" + round, "X", Side.DEBIT));
      Category y = ledger.createCategory(NewCategory.of("race-y-" + round, "Y", Side.DEBIT));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch go = new CountDownLatch(1);
        Future<Boolean> xUnderY = pool.submit(() -> moved(go, x, y));
        Future<Boolean> yUnderX = pool.submit(() -> moved(go, y, x));
        go.countDown();
        int succeeded = (xUnderY.get(30, TimeUnit.SECONDS) ? 1 : 0) + (yUnderX.get(30, TimeUnit.SECONDS) ? 1 : 0);
        assertThat(succeeded).as("moves that succeeded in round %d", round).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      List<Category> after = new ArrayList<>();
      after.add(ledger.category(x.id()));
      after.add(ledger.category(y.id()));
      assertThat(after).filteredOn(c -> c.parentId() != null).hasSize(1);
    }
  }

  private static boolean moved(CountDownLatch go, Category child, Category parent) throws InterruptedException {
    go.await();
    try {
      ledger.moveCategory(child.id(), parent.id());
      return true;
    } catch (InvalidRequestException e) {
      assertThat(e.field()).isEqualTo("parentId");
      return false;
    }
  }
}
