package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryNotFoundException;
import io.github.corebanking.ledger.CategoryStateException;
import io.github.corebanking.ledger.CategoryTrialBalance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateCategoryException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewCategory;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.TrialBalance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Categories ({@code Ledger.createCategory} and the rollups): a tree of categories over the
 * accounts, an account in several categories, a category's balance counting each account of its
 * subtree once (per currency: posted, pending, available on the category's side), now and as of an
 * instant, and the trial balance grouped by category, each checked against a model computed from
 * the accounts' own balances. A refused change names its field and writes nothing.
 */
abstract class CategoriesContract extends ContractSupport {

  CategoriesContract(LedgerStoreContract contract) {
    super(contract);
  }

  Category category(String code, Side side, @Nullable Category parent) {
    NewCategory n = NewCategory.of(code, "Category " + code, side);
    return ledger.createCategory(parent == null ? n : n.under(parent.id()));
  }

  /** The chart: assets (cash, receivables), liabilities (deposits), and a cash account in both subgroups. */
  record Chart(Category assets, Category cash, Category receivables, Category liabilities, Category deposits) {}

  Chart openChart() {
    Category assets = category("1", Side.DEBIT, null);
    Category cash = category("1.1", Side.DEBIT, assets);
    Category receivables = category("1.2", Side.DEBIT, assets);
    Category liabilities = category("2", Side.CREDIT, null);
    Category deposits = category("2.1", Side.CREDIT, liabilities);
    return new Chart(assets, cash, receivables, liabilities, deposits);
  }

  /** What a refused category change must leave as it was. */
  record CategoryState(List<Category> categories, Map<CategoryId, List<AccountId>> accounts) {}

  CategoryState categoryState() {
    Map<CategoryId, List<AccountId>> accounts = new LinkedHashMap<>();
    List<Category> all = ledger.categories();
    for (Category c : all) {
      accounts.put(c.id(), ledger.categoryAccounts(c.id()).stream().map(Account::id).toList());
    }
    return new CategoryState(all, accounts);
  }

  <T extends LedgerException> T assertRefused(Class<T> type, String field, String value, ThrowingCallable call) {
    CategoryState before = categoryState();
    T e = assertRejected(type, field, value, call);
    assertThat(categoryState()).as("the categories after the refusal").isEqualTo(before);
    return e;
  }

  /** The model: per currency, the four counters summed over some accounts' balances. */
  static Map<CurrencyUnit, long[]> model(List<Balance> balances) {
    Map<CurrencyUnit, long[]> sums = new TreeMap<>((a, b) -> a.code().compareTo(b.code()));
    for (Balance b : balances) {
      long[] s = sums.computeIfAbsent(b.currency(), k -> new long[5]);
      s[0]++;
      s[1] += b.postedDebits();
      s[2] += b.postedCredits();
      s[3] += b.pendingDebits();
      s[4] += b.pendingCredits();
    }
    return sums;
  }

  static void assertMatchesModel(CategoryBalance actual, Category category, List<Balance> balances) {
    Map<CurrencyUnit, long[]> model = model(balances);
    assertThat(actual.categoryId()).isEqualTo(category.id());
    assertThat(actual.normalSide()).isEqualTo(category.normalSide());
    assertThat(actual.lines()).as("currencies of category %s", category.code())
        .extracting(CategoryBalance.Line::currency).containsExactlyElementsOf(model.keySet());
    for (CategoryBalance.Line line : actual.lines()) {
      long[] s = model.get(line.currency());
      assertThat(new long[] {line.accounts(), line.postedDebits(), line.postedCredits(), line.pendingDebits(),
          line.pendingCredits()}).as("counters of category %s in %s", category.code(), line.currency().code())
          .containsExactly(s);
    }
  }

  // ---- the tree ----

  @Test
  void categoriesAreListedByCodeAndReadBackAsCreated() {
    Chart chart = openChart();
    assertThat(ledger.categories()).extracting(Category::code).containsExactly("1", "1.1", "1.2", "2", "2.1");
    assertThat(ledger.category(chart.cash().id())).isEqualTo(chart.cash());
    assertThat(chart.cash().parentId()).isEqualTo(chart.assets().id());
    assertThat(chart.assets().parentId()).isNull();
    assertThat(ledger.categoryByCode("2.1")).contains(chart.deposits());
    assertThat(ledger.categoryByCode("9")).isEmpty();
    CategoryId given = new CategoryId(UUID.fromString("00000000-0000-4000-8000-000000000042"));
    Category withId = ledger.createCategory(NewCategory.of("3", "Equity", Side.CREDIT).withId(given));
    assertThat(withId.id()).isEqualTo(given);
    assertThat(ledger.category(given)).isEqualTo(withId);
  }

  @Test
  void aCategoryMovedUnderItsOwnSubtreeIsRefusedAndTheTreeIsUnchanged() {
    Chart chart = openChart();
    Category petty = category("1.1.1", Side.DEBIT, chart.cash());
    assertRefused(InvalidRequestException.class, "parentId", petty.id().toString(),
        () -> ledger.moveCategory(chart.assets().id(), petty.id()));
    assertRefused(InvalidRequestException.class, "parentId", chart.cash().id().toString(),
        () -> ledger.moveCategory(chart.cash().id(), chart.cash().id()));
    assertRefused(InvalidRequestException.class, "parentId", chart.assets().id().toString(),
        () -> ledger.moveCategory(chart.assets().id(), chart.assets().id()));
  }

  @Test
  void aMovedCategoryTakesItsSubtreeAndItsAccountsWithIt() {
    Book b = openBook();
    Chart chart = openChart();
    Category petty = category("1.1.1", Side.DEBIT, chart.cash());
    ledger.addToCategory(petty.id(), b.cash().id());
    post("capital", b.cash(), b.capital(), usd("250.00"));

    Category moved = ledger.moveCategory(chart.cash().id(), chart.liabilities().id());
    assertThat(moved.parentId()).isEqualTo(chart.liabilities().id());
    assertThat(ledger.category(chart.cash().id())).isEqualTo(moved);
    assertThat(ledger.categoryAccounts(chart.assets().id())).isEmpty();
    assertThat(ledger.categoryAccounts(chart.liabilities().id())).extracting(Account::code).containsExactly("1000");
    // Read on the liabilities' credit side, the cash debit shows negative.
    assertThat(ledger.categoryBalance(chart.liabilities().id()).currency(USD).orElseThrow().posted())
        .isEqualTo(usd("-250.00"));

    Category top = ledger.moveCategory(chart.cash().id(), null);
    assertThat(top.parentId()).isNull();
    assertThat(ledger.categoryAccounts(chart.liabilities().id())).isEmpty();
    assertThat(ledger.categoryBalance(chart.cash().id()).currency(USD).orElseThrow().posted()).isEqualTo(usd("250.00"));
  }

  @Test
  void onlyAnEmptyCategoryIsDeleted() {
    Book b = openBook();
    Chart chart = openChart();
    ledger.addToCategory(chart.deposits().id(), b.deposit().id());
    assertRefused(CategoryStateException.class, "categoryId", chart.liabilities().id().toString(),
        () -> ledger.deleteCategory(chart.liabilities().id()));
    assertRefused(CategoryStateException.class, "categoryId", chart.deposits().id().toString(),
        () -> ledger.deleteCategory(chart.deposits().id()));

    assertThat(ledger.removeFromCategory(chart.deposits().id(), b.deposit().id())).isTrue();
    ledger.deleteCategory(chart.deposits().id());
    ledger.deleteCategory(chart.liabilities().id());
    assertThat(ledger.categories()).extracting(Category::code).containsExactly("1", "1.1", "1.2");
    assertThat(catchThrowable(() -> ledger.category(chart.deposits().id())))
        .isInstanceOf(CategoryNotFoundException.class);
    assertThat(ledger.trialBalanceByCategory().groups()).extracting(g -> g.category().code())
        .containsExactly("1", "1.1", "1.2");
  }

  @Test
  void badCategoryRequestsNameTheFieldAndWriteNothing() {
    Book b = openBook();
    Chart chart = openChart();
    CategoryId unknown = new CategoryId(UUID.fromString("00000000-0000-4000-8000-0000000000aa"));
    AccountId noAccount = new AccountId(UUID.fromString("00000000-0000-4000-8000-0000000000bb"));
    assertRefused(DuplicateCategoryException.class, "category.code", "1.1",
        () -> ledger.createCategory(NewCategory.of("1.1", "Cash again", Side.DEBIT)));
    assertRefused(DuplicateCategoryException.class, "category.id", chart.cash().id().toString(),
        () -> ledger.createCategory(NewCategory.of("1.9", "Same id", Side.DEBIT).withId(chart.cash().id())));
    assertRefused(CategoryNotFoundException.class, "category.parentId", unknown.toString(),
        () -> ledger.createCategory(NewCategory.of("1.9", "Orphan", Side.DEBIT).under(unknown)));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.addToCategory(unknown, b.cash().id()));
    assertRefused(AccountNotFoundException.class, "accountId", noAccount.toString(),
        () -> ledger.addToCategory(chart.cash().id(), noAccount));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.removeFromCategory(unknown, b.cash().id()));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.moveCategory(unknown, null));
    assertRefused(CategoryNotFoundException.class, "parentId", unknown.toString(),
        () -> ledger.moveCategory(chart.cash().id(), unknown));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.deleteCategory(unknown));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.categoryBalance(unknown));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.categoryBalanceAsOf(unknown, START));
    assertRefused(CategoryNotFoundException.class, "categoryId", unknown.toString(),
        () -> ledger.categoryAccounts(unknown));
    assertRefused(InvalidRequestException.class, "category.code", "bad code",
        () -> ledger.createCategory(NewCategory.of("bad code", "Spaces", Side.DEBIT)));
    assertRefused(InvalidRequestException.class, "category.name", "  ",
        () -> ledger.createCategory(NewCategory.of("1.9", "  ", Side.DEBIT)));
    assertRefused(InvalidRequestException.class, "category.normalSide", "null",
        () -> ledger.createCategory(NewCategory.of("1.9", "No side", null)));
    assertRefused(InvalidRequestException.class, "categoryId", "null", () -> ledger.categoryBalance(null));
  }

  // ---- membership ----

  @Test
  void anAccountInSeveralCategoriesCountsOnceInTheirCommonAncestor() {
    Book b = openBook();
    Chart chart = openChart();
    assertThat(ledger.addToCategory(chart.cash().id(), b.cash().id())).isTrue();
    assertThat(ledger.addToCategory(chart.receivables().id(), b.cash().id())).isTrue();
    assertThat(ledger.addToCategory(chart.assets().id(), b.cash().id())).isTrue();
    assertThat(ledger.addToCategory(chart.cash().id(), b.cash().id())).as("placed again").isFalse();
    post("capital", b.cash(), b.capital(), usd("100.00"));

    assertThat(ledger.categoryAccounts(chart.assets().id())).containsExactly(ledger.account(b.cash().id()));
    CategoryBalance assets = ledger.categoryBalance(chart.assets().id());
    assertThat(assets.accounts()).isEqualTo(1);
    assertThat(assets.currency(USD).orElseThrow().posted()).isEqualTo(usd("100.00"));
    assertThat(ledger.categoryBalance(chart.receivables().id()).currency(USD).orElseThrow().posted())
        .isEqualTo(usd("100.00"));

    assertThat(ledger.removeFromCategory(chart.cash().id(), b.cash().id())).isTrue();
    assertThat(ledger.removeFromCategory(chart.cash().id(), b.cash().id())).as("removed again").isFalse();
    assertThat(ledger.categoryAccounts(chart.cash().id())).isEmpty();
    assertThat(ledger.categoryBalance(chart.cash().id()).lines()).isEmpty();
    assertThat(ledger.categoryAccounts(chart.receivables().id())).extracting(Account::code).containsExactly("1000");
    assertThat(ledger.categoryBalance(chart.assets().id()).accounts()).isEqualTo(1);
  }

  @Test
  void aClosedAccountStaysInItsCategoriesAndCountsWhatItHeld() {
    Book b = openBook();
    Chart chart = openChart();
    Account spare = openAccount("1090", AccountType.ASSET, USD);
    ledger.addToCategory(chart.cash().id(), spare.id());
    post("in", spare, b.capital(), usd("10.00"));
    Instant held = clock.instant();
    tick();
    post("out", b.capital(), spare, usd("10.00"));
    ledger.closeAccount(spare.id());
    tick();
    assertThat(ledger.categoryAccounts(chart.cash().id())).extracting(Account::code).containsExactly("1090");
    assertThat(ledger.categoryBalanceAsOf(chart.cash().id(), held).currency(USD).orElseThrow().posted())
        .isEqualTo(usd("10.00"));
    assertThat(ledger.categoryBalance(chart.cash().id()).currency(USD).orElseThrow().posted()).isEqualTo(usd("0.00"));
  }

  // ---- balances ----

  @Test
  void aCategoryBalanceIsPerCurrencyWithPendingAndAvailableReadOnItsSide() {
    Book b = openBook();
    Chart chart = openChart();
    for (Account a : List.of(b.cash(), b.eurCash())) {
      ledger.addToCategory(chart.cash().id(), a.id());
    }
    ledger.addToCategory(chart.deposits().id(), b.deposit().id());
    post("capital", b.cash(), b.capital(), usd("1000.00"));
    post("capital-eur", b.eurCash(), b.eurCapital(), eur("300.00"));
    post("deposit", b.cash(), b.deposit(), usd("400.00"));
    // A hold paying 150 out of cash, and a pending inflow of 20.
    hold("card", b.settlement(), b.cash(), usd("150.00"), null);
    hold("incoming", b.cash(), b.fees(), usd("20.00"), null);
    // A hold on the customer's deposit.
    hold("withdrawal", b.deposit(), b.settlement(), usd("50.00"), null);

    CategoryBalance assets = ledger.categoryBalance(chart.assets().id());
    assertThat(assets.asOf()).isNull();
    assertMatchesModel(assets, chart.assets(),
        List.of(ledger.balance(b.cash().id()), ledger.balance(b.eurCash().id())));
    CategoryBalance.Line usdLine = assets.currency(USD).orElseThrow();
    assertThat(usdLine.posted()).isEqualTo(usd("1400.00"));
    assertThat(usdLine.pending()).isEqualTo(usd("-130.00"));
    assertThat(usdLine.available()).isEqualTo(usd("1250.00"));
    assertThat(usdLine.available()).isEqualTo(ledger.balance(b.cash().id()).available());
    assertThat(assets.currency(EUR).orElseThrow().posted()).isEqualTo(eur("300.00"));
    assertThat(assets.currency(EUR).orElseThrow().accounts()).isEqualTo(1);

    CategoryBalance liabilities = ledger.categoryBalance(chart.liabilities().id());
    assertMatchesModel(liabilities, chart.liabilities(), List.of(ledger.balance(b.deposit().id())));
    assertThat(liabilities.currency(USD).orElseThrow().posted()).isEqualTo(usd("400.00"));
    assertThat(liabilities.currency(USD).orElseThrow().available()).isEqualTo(usd("350.00"));
  }

  @Test
  void aCategoryOfAccountsOfBothSidesSumsTheirCountersOnItsOwnSide() {
    Book b = openBook();
    Category net = category("9", Side.CREDIT, null);
    ledger.addToCategory(net.id(), b.cash().id());
    ledger.addToCategory(net.id(), b.deposit().id());
    ledger.addToCategory(net.id(), b.capital().id());
    post("capital", b.cash(), b.capital(), usd("500.00"));
    post("deposit", b.cash(), b.deposit(), usd("200.00"));
    CategoryBalance.Line line = ledger.categoryBalance(net.id()).currency(USD).orElseThrow();
    assertThat(line.accounts()).isEqualTo(3);
    // Credits of capital and deposit less the cash debits: the books balance to zero.
    assertThat(line.posted()).isEqualTo(usd("0.00"));
    assertThat(line.postedDebits()).isEqualTo(70_000);
    assertThat(line.postedCredits()).isEqualTo(70_000);
  }

  @Test
  void aCategoryBalanceAsOfSumsItsAccountsBalancesAsOf() {
    Book b = openBook();
    Chart chart = openChart();
    ledger.addToCategory(chart.cash().id(), b.cash().id());
    ledger.addToCategory(chart.receivables().id(), b.eurCash().id());
    Instant before = clock.instant();
    tick();
    post("one", b.cash(), b.capital(), usd("100.00"));
    tick();
    post("two", b.eurCash(), b.eurCapital(), eur("40.00"));
    Instant middle = clock.instant();
    tick();
    post("three", b.cash(), b.capital(), usd("7.00"));
    hold("held", b.settlement(), b.cash(), usd("3.00"), null);
    tick();

    CategoryBalance atStart = ledger.categoryBalanceAsOf(chart.assets().id(), before);
    assertThat(atStart.asOf()).isEqualTo(before);
    assertMatchesModel(atStart, chart.assets(),
        List.of(ledger.balanceAsOf(b.cash().id(), before), ledger.balanceAsOf(b.eurCash().id(), before)));
    CategoryBalance inBetween = ledger.categoryBalanceAsOf(chart.assets().id(), middle);
    assertMatchesModel(inBetween, chart.assets(),
        List.of(ledger.balanceAsOf(b.cash().id(), middle), ledger.balanceAsOf(b.eurCash().id(), middle)));
    assertThat(inBetween.currency(USD).orElseThrow().posted()).isEqualTo(usd("100.00"));
    assertThat(inBetween.currency(EUR).orElseThrow().posted()).isEqualTo(eur("40.00"));
    CategoryBalance late = ledger.categoryBalanceAsOf(chart.assets().id(), Instant.MAX);
    assertThat(late.currency(USD).orElseThrow().posted()).isEqualTo(usd("107.00"));
    assertThat(late.currency(USD).orElseThrow().pendingCredits()).as("as of: pending is zero").isZero();
  }

  // ---- the grouped trial balance ----

  @Test
  void theTrialBalanceByCategoryMatchesAModelFromTheAccountsTrialBalance() {
    Book b = openBook();
    Chart chart = openChart();
    Category income = category("4", Side.CREDIT, null);
    ledger.addToCategory(chart.cash().id(), b.cash().id());
    ledger.addToCategory(chart.cash().id(), b.eurCash().id());
    ledger.addToCategory(chart.receivables().id(), b.cash().id());
    ledger.addToCategory(chart.receivables().id(), b.settlement().id());
    ledger.addToCategory(chart.deposits().id(), b.deposit().id());
    ledger.addToCategory(chart.liabilities().id(), b.settlement().id());
    ledger.addToCategory(income.id(), b.fees().id());
    // The customer deposit may not go overdrawn, so the random postings leave it alone.
    List<Account> moving = List.of(b.cash(), b.capital(), b.settlement(), b.fees(), b.salaries());
    Random random = new Random(16L);
    List<Instant> marks = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int from = random.nextInt(moving.size());
      Account debit = moving.get(from);
      Account credit = moving.get((from + 1 + random.nextInt(moving.size() - 1)) % moving.size());
      post("p" + i, debit, credit, Money.ofMinor(1 + random.nextInt(100_000), USD));
      if (i % 3 == 0) {
        post("e" + i, b.eurCash(), b.eurCapital(), Money.ofMinor(1 + random.nextInt(9_000), EUR));
      }
      if (i % 20 == 19) {
        marks.add(tick());
      }
      tick();
    }
    marks.add(clock.instant());

    for (Instant t : marks) {
      TrialBalance trial = ledger.trialBalance(t);
      CategoryTrialBalance grouped = ledger.trialBalanceByCategory(t);
      assertThat(grouped.asOf()).isEqualTo(t);
      assertThat(grouped.totals()).isEqualTo(trial.totals());
      assertThat(grouped.balanced()).isTrue();
      assertThat(grouped.groups()).extracting(g -> g.category().code() + "@" + g.depth())
          .containsExactly("1@0", "1.1@1", "1.2@1", "2@0", "2.1@1", "4@0");
      assertThat(grouped.uncategorized()).extracting(TrialBalance.Line::code)
          .containsExactly("3000", "3010", "5000");
      for (CategoryTrialBalance.Group g : grouped.groups()) {
        Set<AccountId> subtree = new HashSet<>();
        for (Account a : ledger.categoryAccounts(g.category().id())) {
          subtree.add(a.id());
        }
        List<TrialBalance.Line> modelLines = trial.lines().stream().filter(l -> subtree.contains(l.accountId())).toList();
        Map<CurrencyUnit, long[]> columns = new TreeMap<>((x, y) -> x.code().compareTo(y.code()));
        for (TrialBalance.Line l : modelLines) {
          long[] c = columns.computeIfAbsent(l.debit().currency(), k -> new long[2]);
          c[0] += l.debit().minorUnits();
          c[1] += l.credit().minorUnits();
        }
        List<TrialBalance.CurrencyTotal> expected = new ArrayList<>();
        columns.forEach((c, v) -> expected.add(new TrialBalance.CurrencyTotal(c, Money.ofMinor(v[0], c),
            Money.ofMinor(v[1], c))));
        assertThat(g.subtotals()).as("subtotals of %s at %s", g.category().code(), t).isEqualTo(expected);

        // The category's balance as of t is the same accounts read on its side.
        CategoryBalance asOf = ledger.categoryBalanceAsOf(g.category().id(), t);
        List<Balance> balances = subtree.stream().map(id -> ledger.balanceAsOf(id, t)).toList();
        assertMatchesModel(asOf, g.category(), balances);
        for (CategoryBalance.Line line : asOf.lines()) {
          TrialBalance.CurrencyTotal sub = g.subtotals().stream().filter(s -> s.currency().equals(line.currency()))
              .findFirst().orElseThrow();
          long net = sub.debits().minorUnits() - sub.credits().minorUnits();
          assertThat(line.posted().minorUnits()).as("posted of %s", g.category().code())
              .isEqualTo(g.category().normalSide() == Side.DEBIT ? net : -net);
        }
      }
      assertThat(grouped.group(chart.receivables().id()).orElseThrow().lines()).extracting(TrialBalance.Line::code)
          .containsExactly("1000", "2900");
      assertThat(grouped.group(chart.assets().id()).orElseThrow().lines()).as("placed in a sub-category only")
          .isEmpty();
    }
    // The current balance of each category against the accounts' current balances.
    for (Category c : ledger.categories()) {
      List<Balance> balances = ledger.categoryAccounts(c.id()).stream().map(a -> ledger.balance(a.id())).toList();
      assertMatchesModel(ledger.categoryBalance(c.id()), c, balances);
    }
  }
}
