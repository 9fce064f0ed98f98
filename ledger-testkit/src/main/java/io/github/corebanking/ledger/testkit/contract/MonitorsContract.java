package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryNotFoundException;
import io.github.corebanking.ledger.CategoryStateException;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.DuplicateMonitorException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorComparison;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.MonitorMeasure;
import io.github.corebanking.ledger.MonitorNotFoundException;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewCategory;
import io.github.corebanking.ledger.NewMonitor;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.job.BalanceMonitorJob;
import io.github.corebanking.ledger.job.InMemoryJobRuns;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorEvaluation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Balance monitors: definitions checked against their account, refused with the field named and
 * nothing written; the {@link BalanceMonitorJob} fires a monitor once when its condition becomes
 * true, not again while it stays true, and again after it was false; every measure and comparison;
 * POSTED exact per commit even when the evaluator lags; the alert reaches the listeners and the
 * alert feed; the cursor survives a new job instance; monitors of a category watch the sum of its
 * subtree in the threshold's currency and keep the category from being deleted; and under concurrent postings with two
 * evaluators at once, each observed transition fires exactly once.
 */
abstract class MonitorsContract extends ContractSupport {

  MonitorsContract(LedgerStoreContract contract) {
    super(contract);
  }

  /** Records what the job tells the listeners. */
  static final class Recording implements LedgerListener {
    final List<MonitorAlert> alerts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onMonitorFired(MonitorAlert alert) {
      alerts.add(alert);
    }
  }

  final Recording told = new Recording();

  BalanceMonitorJob job() {
    return new BalanceMonitorJob(store, clock, 100, List.of(told));
  }

  JobResult runJob() {
    JobResult result = job().run();
    assertThat(result.status()).as("monitor job: %s", result).isEqualTo(JobStatus.SUCCEEDED);
    return result;
  }

  BalanceMonitor define(String name, Account account, MonitorMeasure measure, MonitorComparison comparison,
      Money threshold) {
    return ledger.defineMonitor(NewMonitor.builder().name(name).account(account.id())
        .when(measure, comparison, threshold).build());
  }

  List<MonitorAlert> allAlerts() {
    List<MonitorAlert> all = new ArrayList<>();
    long after = 0;
    for (int i = 0; i < MAX_PAGES; i++) {
      MonitorAlertPage page = ledger.monitorAlerts(after, 7);
      if (page.isEmpty()) {
        assertThat(page.next()).as("an empty page's next").isEqualTo(after);
        for (int j = 0; j < all.size(); j++) {
          assertThat(all.get(j).position()).as("position of alert %s", j).isEqualTo(j + 1L);
        }
        return all;
      }
      all.addAll(page.alerts());
      after = page.next();
    }
    throw new AssertionError("the alert feed did not end within " + MAX_PAGES + " pages");
  }

  /** The alerts of one monitor as (value) in feed order. */
  List<Money> firedValues(BalanceMonitor monitor) {
    return allAlerts().stream().filter(a -> a.monitor().id().equals(monitor.id())).map(MonitorAlert::value).toList();
  }

  // ---- definitions ----

  @Test
  void aDefinitionIsListedWithWhatWasAskedAndRemovingItFreesItsName() {
    Book b = openBook();
    BalanceMonitor m = ledger.defineMonitor(NewMonitor.builder().name("cash-large").account(b.cash().id())
        .when(MonitorMeasure.POSTED, MonitorComparison.AT_LEAST, usd("10000.00")).metadata("notify", "treasury")
        .build());

    assertThat(m.name()).isEqualTo("cash-large");
    assertThat(m.target()).isEqualTo(MonitorTarget.account(b.cash().id()));
    assertThat(m.measure()).isEqualTo(MonitorMeasure.POSTED);
    assertThat(m.comparison()).isEqualTo(MonitorComparison.AT_LEAST);
    assertThat(m.threshold()).isEqualTo(usd("10000.00"));
    assertThat(m.metadata()).isEqualTo(Map.of("notify", "treasury"));
    assertThat(m.createdAt()).isEqualTo(clock.instant());
    assertThat(m.condition()).isEqualTo("POSTED >= 10000.00 USD");
    assertThat(ledger.monitors()).containsExactly(m);

    BalanceMonitor other = define("a-first", b.deposit(), MonitorMeasure.AVAILABLE, MonitorComparison.LESS_THAN,
        usd("0.00"));
    assertThat(ledger.monitors()).as("ordered by name").containsExactly(other, m);

    assertThat(ledger.removeMonitor(m.id())).isEqualTo(m);
    assertThat(ledger.monitors()).containsExactly(other);
    BalanceMonitor again = define("cash-large", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN,
        usd("1.00"));
    assertThat(again.id()).isNotEqualTo(m.id());
    assertThat(ledger.monitors()).containsExactly(other, again);
  }

  @Test
  void badDefinitionsAreRefusedNamingTheFieldAndWriteNothing() {
    Book b = openBook();
    BalanceMonitor taken = define("taken", b.cash(), MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00"));
    Account closed = openAccount("1999", AccountType.ASSET, USD);
    ledger.closeAccount(closed.id());
    AccountId unknown = new AccountId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    List<BalanceMonitor> before = ledger.monitors();

    assertRejected(CurrencyMismatchException.class, "monitor.threshold", "5.00 EUR",
        () -> define("eur", b.cash(), MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, eur("5.00")));
    assertRejected(AccountNotFoundException.class, "monitor.accountId", unknown.toString(),
        () -> ledger.defineMonitor(NewMonitor.builder().name("ghost").account(unknown)
            .when(MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00")).build()));
    assertRejected(AccountStateException.class, "monitor.accountId", closed.id().toString(),
        () -> define("closed", closed, MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00")));
    assertRejected(DuplicateMonitorException.class, "monitor.name", "taken",
        () -> define("taken", b.deposit(), MonitorMeasure.AVAILABLE, MonitorComparison.LESS_THAN, usd("0.00")));
    assertRejected(DuplicateMonitorException.class, "monitor.id", taken.id().toString(),
        () -> ledger.defineMonitor(NewMonitor.builder().id(taken.id()).name("fresh-name").account(b.cash().id())
            .when(MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00")).build()));
    MonitorId none = new MonitorId(UUID.fromString("00000000-0000-7000-8000-000000000002"));
    assertRejected(MonitorNotFoundException.class, "monitorId", none.toString(), () -> ledger.removeMonitor(none));

    Throwable badName = catchThrowable(() -> NewMonitor.builder().name("no spaces").account(b.cash().id())
        .when(MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00")).build());
    assertThat(badName).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) badName).field()).isEqualTo("monitor.name");
    Throwable noThreshold = catchThrowable(() -> NewMonitor.builder().name("x").account(b.cash().id())
        .when(MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, null).build());
    assertThat(((InvalidRequestException) noThreshold).field()).isEqualTo("monitor.threshold");

    assertThat(ledger.monitors()).as("monitors after the refusals").isEqualTo(before);
    runJob();
    assertThat(allAlerts()).as("alerts after the refusals").isEmpty();
  }

  // ---- firing ----

  @Test
  void firesOnceWhenItBecomesTrueNotAgainWhileTrueAndAgainAfterItWasFalse() {
    Book b = openBook();
    BalanceMonitor m = define("cash-100", b.cash(), MonitorMeasure.POSTED, MonitorComparison.AT_LEAST, usd("100.00"));
    runJob();
    assertThat(allAlerts()).as("false at first").isEmpty();

    post("in-150", b.cash(), b.capital(), usd("150.00"));
    assertThat(runJob().count("fired")).isEqualTo(1);
    post("in-10", b.cash(), b.capital(), usd("10.00"));
    assertThat(runJob().count("fired")).as("still true").isZero();
    post("out-100", b.capital(), b.cash(), usd("100.00"));
    assertThat(runJob().count("fired")).as("false now").isZero();
    post("in-50", b.cash(), b.capital(), usd("50.00"));
    assertThat(runJob().count("fired")).as("true again").isEqualTo(1);
    assertThat(runJob().count("fired")).as("a run with nothing new").isZero();

    List<MonitorAlert> alerts = allAlerts();
    assertThat(alerts).extracting(MonitorAlert::value).containsExactly(usd("150.00"), usd("110.00"));
    assertThat(alerts).extracting(MonitorAlert::accountVersion).containsExactly(1L, 4L);
    assertThat(alerts.get(0).monitor()).isEqualTo(m);
  }

  @Test
  void aMonitorWhoseConditionAlreadyHoldsFiresAtItsFirstEvaluation() {
    Book b = openBook();
    post("in", b.cash(), b.capital(), usd("500.00"));
    runJob();
    BalanceMonitor m = define("cash-big", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN,
        usd("100.00"));

    JobResult result = runJob();

    assertThat(result.count("fired")).isEqualTo(1);
    assertThat(firedValues(m)).containsExactly(usd("500.00"));
    assertThat(runJob().count("fired")).isZero();
  }

  @Test
  void everyComparisonAtAndAroundItsThreshold() {
    Book b = openBook();
    BalanceMonitor lt = define("lt", b.cash(), MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("50.00"));
    BalanceMonitor le = define("le", b.cash(), MonitorMeasure.POSTED, MonitorComparison.AT_MOST, usd("50.00"));
    BalanceMonitor gt = define("gt", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, usd("50.00"));
    BalanceMonitor ge = define("ge", b.cash(), MonitorMeasure.POSTED, MonitorComparison.AT_LEAST, usd("50.00"));
    post("to-60", b.cash(), b.capital(), usd("60.00"));
    runJob();
    assertThat(allAlerts()).extracting(a -> a.monitor().name()).containsExactlyInAnyOrder("gt", "ge");

    post("to-50", b.capital(), b.cash(), usd("10.00"));
    runJob();
    assertThat(allAlerts()).extracting(a -> a.monitor().name()).as("at the threshold")
        .containsExactlyInAnyOrder("gt", "ge", "le");
    post("to-49.99", b.capital(), b.cash(), usd("0.01"));
    runJob();
    post("to-50.01", b.cash(), b.capital(), usd("0.02"));
    runJob();

    assertThat(firedValues(lt)).containsExactly(usd("49.99"));
    assertThat(firedValues(le)).containsExactly(usd("50.00"));
    assertThat(firedValues(gt)).containsExactly(usd("60.00"), usd("50.01"));
    assertThat(firedValues(ge)).as("false at 49.99, so true again at 50.01").containsExactly(usd("60.00"), usd("50.01"));
  }

  @Test
  void holdsMoveAvailableAndPending() {
    Book b = openBook();
    post("in", b.cash(), b.capital(), usd("50.00"));
    BalanceMonitor overdrawn = define("cash-overdrawn", b.cash(), MonitorMeasure.AVAILABLE,
        MonitorComparison.LESS_THAN, usd("0.00"));
    BalanceMonitor held = define("cash-held", b.cash(), MonitorMeasure.PENDING, MonitorComparison.AT_MOST,
        usd("-80.00"));
    BalanceMonitor posted = define("cash-posted-low", b.cash(), MonitorMeasure.POSTED, MonitorComparison.LESS_THAN,
        usd("0.00"));
    runJob();
    assertThat(allAlerts()).isEmpty();

    Transaction hold = hold("out-80", b.capital(), b.cash(), usd("80.00"), null);
    runJob();
    assertThat(firedValues(overdrawn)).containsExactly(usd("-30.00"));
    assertThat(firedValues(held)).containsExactly(usd("-80.00"));

    ledger.voidPending(hold.id());
    runJob();
    hold("out-70", b.capital(), b.cash(), usd("70.00"), null);
    runJob();
    assertThat(firedValues(overdrawn)).as("after the void released it, the next hold").containsExactly(
        usd("-30.00"), usd("-20.00"));
    assertThat(firedValues(held)).as("70.00 held is not at most -80.00").containsExactly(usd("-80.00"));
    assertThat(firedValues(posted)).as("holds never move the posted balance").isEmpty();
  }

  @Test
  void postedIsExactPerCommitEvenWhenTheEvaluatorLagsButAvailableSeesTheCurrentBalance() {
    Book b = openBook();
    BalanceMonitor postedHigh = define("posted-high", b.cash(), MonitorMeasure.POSTED, MonitorComparison.AT_LEAST,
        usd("100.00"));
    BalanceMonitor availableHigh = define("available-high", b.cash(), MonitorMeasure.AVAILABLE,
        MonitorComparison.AT_LEAST, usd("100.00"));
    runJob();
    post("to-150", b.cash(), b.capital(), usd("150.00"));
    post("to-50", b.capital(), b.cash(), usd("100.00"));
    post("to-110", b.cash(), b.capital(), usd("60.00"));

    runJob();

    assertThat(firedValues(postedHigh)).as("two transitions, one per commit").containsExactly(
        usd("150.00"), usd("110.00"));
    assertThat(firedValues(availableHigh)).as("the current balance, once").containsExactly(usd("110.00"));
  }

  @Test
  void aRemovedMonitorFiresNoMore() {
    Book b = openBook();
    BalanceMonitor m = define("gone", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, usd("0.00"));
    runJob();
    ledger.removeMonitor(m.id());
    post("in", b.cash(), b.capital(), usd("1.00"));

    runJob();

    assertThat(allAlerts()).isEmpty();
    assertThat(store.monitorsOn(List.of(b.cash().id()))).isEmpty();
  }

  // ---- monitors of a category ----

  BalanceMonitor defineOnCategory(String name, Category category, MonitorMeasure measure,
      MonitorComparison comparison, Money threshold) {
    return ledger.defineMonitor(NewMonitor.builder().name(name).category(category.id())
        .when(measure, comparison, threshold).build());
  }

  @Test
  void aCategoryMonitorWatchesItsSubtreeInTheThresholdsCurrencyEachAccountOnce() {
    Book b = openBook();
    Category assets = ledger.createCategory(NewCategory.of("1", "Assets", Side.DEBIT));
    Category cashCat = ledger.createCategory(NewCategory.of("10", "Cash", Side.DEBIT).under(assets.id()));
    Category other = ledger.createCategory(NewCategory.of("2", "Liabilities", Side.CREDIT));
    ledger.addToCategory(cashCat.id(), b.cash().id());
    ledger.addToCategory(assets.id(), b.cash().id());
    ledger.addToCategory(assets.id(), b.eurCash().id());
    ledger.addToCategory(other.id(), b.deposit().id());
    BalanceMonitor m = defineOnCategory("assets-100", assets, MonitorMeasure.POSTED, MonitorComparison.AT_LEAST,
        usd("100.00"));
    assertThat(m.target()).isEqualTo(MonitorTarget.category(assets.id()));
    assertThat(ledger.monitors()).containsExactly(m);
    assertThat(runJob().count("fired")).as("zero at first").isZero();

    post("in-60", b.cash(), b.capital(), usd("60.00"));
    assertThat(runJob().count("fired")).as("60.00, counted once though the account is in two categories of the subtree")
        .isZero();
    post("eur-500", b.eurCash(), b.eurCapital(), eur("500.00"));
    assertThat(runJob().count("fired")).as("another currency is not compared").isZero();
    post("in-50", b.cash(), b.capital(), usd("50.00"));
    assertThat(runJob().count("fired")).as("110.00").isEqualTo(1);
    post("deposit", b.settlement(), b.deposit(), usd("1000.00"));
    assertThat(runJob().count("evaluated")).as("a change outside the subtree does not evaluate it").isZero();
    post("out-20", b.capital(), b.cash(), usd("20.00"));
    assertThat(runJob().count("fired")).as("90.00: false").isZero();
    post("in-30", b.cash(), b.capital(), usd("30.00"));
    assertThat(runJob().count("fired")).as("120.00: true again").isEqualTo(1);

    List<MonitorAlert> alerts = allAlerts();
    assertThat(alerts).extracting(MonitorAlert::value).containsExactly(usd("110.00"), usd("120.00"));
    assertThat(alerts).extracting(MonitorAlert::monitor).containsOnly(m);
    assertThat(alerts.get(0).accountVersion()).as("the change-feed position it was read through")
        .isEqualTo(alerts.get(0).changePosition());
    assertThat(alerts.get(1).accountVersion()).isGreaterThan(alerts.get(0).accountVersion());
    assertThat(told.alerts).containsExactlyElementsOf(alerts);
  }

  @Test
  void aCategoryMonitorComparesZeroWhileTheCategoryHoldsNothingInItsCurrencyAndSeesHoldsAtTheCurrentBalance() {
    Book b = openBook();
    Category deposits = ledger.createCategory(NewCategory.of("2", "Deposits", Side.CREDIT));
    BalanceMonitor empty = defineOnCategory("deposits-none", deposits, MonitorMeasure.POSTED,
        MonitorComparison.AT_MOST, usd("0.00"));
    BalanceMonitor held = defineOnCategory("deposits-held", deposits, MonitorMeasure.AVAILABLE,
        MonitorComparison.LESS_THAN, usd("40.00"));

    runJob();
    assertThat(firedValues(empty)).as("an empty category is zero in the threshold's currency")
        .containsExactly(usd("0.00"));
    assertThat(firedValues(held)).as("available 0.00 < 40.00").containsExactly(usd("0.00"));

    ledger.addToCategory(deposits.id(), b.deposit().id());
    post("fund", b.settlement(), b.deposit(), usd("100.00"));
    runJob();
    assertThat(firedValues(held)).as("available 100.00: false").containsExactly(usd("0.00"));
    hold("card", b.deposit(), b.settlement(), usd("70.00"), null);
    runJob();
    assertThat(firedValues(held)).as("the hold leaves 30.00 available").containsExactly(usd("0.00"), usd("30.00"));
    assertThat(firedValues(empty)).as("posted 100.00 made it false; nothing new fired").containsExactly(usd("0.00"));
  }

  @Test
  void aCategoryMonitorIsRefusedOnAMissingCategoryAndAWatchedCategoryIsNotDeletedUntilItsMonitorIsRemoved() {
    openBook();
    CategoryId unknown = new CategoryId(UUID.fromString("00000000-0000-7000-8000-000000000003"));
    List<BalanceMonitor> before = ledger.monitors();
    assertRejected(CategoryNotFoundException.class, "monitor.categoryId", unknown.toString(),
        () -> ledger.defineMonitor(NewMonitor.builder().name("ghost").category(unknown)
            .when(MonitorMeasure.POSTED, MonitorComparison.LESS_THAN, usd("0.00")).build()));
    assertThat(ledger.monitors()).isEqualTo(before);
    Throwable noCategory = catchThrowable(() -> MonitorTarget.category(null));
    assertThat(((InvalidRequestException) noCategory).field()).isEqualTo("monitor.categoryId");

    Category watched = ledger.createCategory(NewCategory.of("9", "Suspense", Side.DEBIT));
    BalanceMonitor m = defineOnCategory("suspense-any", watched, MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN,
        usd("0.00"));
    assertRejected(CategoryStateException.class, "categoryId", "suspense-any",
        () -> ledger.deleteCategory(watched.id()));
    assertThat(ledger.categories()).contains(watched);

    ledger.removeMonitor(m.id());
    ledger.deleteCategory(watched.id());
    assertThat(ledger.categories()).doesNotContain(watched);
  }

  // ---- where alerts go ----

  @Test
  void theListenersAndTheAlertFeedSeeTheSameAlertsOnce() {
    Book b = openBook();
    define("cash-positive", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, usd("0.00"));
    define("capital-positive", b.capital(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, usd("0.00"));
    runJob();
    post("in", b.cash(), b.capital(), usd("5.00"));
    runJob();
    runJob();

    List<MonitorAlert> feed = allAlerts();
    assertThat(feed).extracting(a -> a.monitor().name()).containsExactlyInAnyOrder("cash-positive",
        "capital-positive");
    assertThat(told.alerts).as("told to the listener, once each").containsExactlyElementsOf(feed);
    MonitorAlertPage second = ledger.monitorAlerts(1, 10);
    assertThat(second.alerts()).containsExactly(feed.get(1));
    assertThat(second.next()).isEqualTo(2);
    assertThat(ledger.monitorAlerts(2, 10).alerts()).isEmpty();
    assertThat(feed.get(0).changePosition()).as("the change read through").isEqualTo(1);
  }

  @Test
  void aNewJobInstanceResumesAfterTheStoredCursor() {
    Book b = openBook();
    BalanceMonitor m = define("cash-positive", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN,
        usd("0.00"));
    assertThat(new BalanceMonitorJob(store, clock, 1, List.of()).run().count("evaluated")).isEqualTo(1);
    post("in", b.cash(), b.capital(), usd("5.00"));
    post("out", b.capital(), b.cash(), usd("5.00"));
    assertThat(new BalanceMonitorJob(store, clock, 1, List.of()).run().count("changes")).isEqualTo(2);
    assertThat(store.monitorCursor().position()).isEqualTo(2);
    post("in-again", b.cash(), b.capital(), usd("7.00"));

    JobResult second = new BalanceMonitorJob(store, clock, 100, List.of(told)).run();

    assertThat(second.count("changes")).as("only what came after the cursor").isEqualTo(1);
    assertThat(firedValues(m)).containsExactly(usd("5.00"), usd("7.00"));
    assertThat(told.alerts).extracting(MonitorAlert::value).containsExactly(usd("7.00"));
    assertThat(store.monitorCursor().position()).isEqualTo(3);
  }

  @Test
  void anEvaluationFromAStaleRoundIsRefusedAndWritesNothing() {
    Book b = openBook();
    define("cash-positive", b.cash(), MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, usd("0.00"));
    MonitorCursor start = store.monitorCursor();
    runJob();
    MonitorCursor after = store.monitorCursor();
    assertThat(after.round()).isEqualTo(start.round() + 1);

    Throwable stale = catchThrowable(() -> store.recordMonitorEvaluation(
        new MonitorEvaluation(start.round(), after.position(), List.of(), List.of())));

    assertThat(stale).isInstanceOf(ConcurrencyException.class);
    assertThat(((ConcurrencyException) stale).field()).isEqualTo("round");
    assertThat(store.monitorCursor()).isEqualTo(after);
  }

  // ---- concurrency ----

  @Test
  void underConcurrentPostingsAndTwoEvaluatorsEachTransitionFiresExactlyOnce() throws Exception {
    Book b = openBook();
    BalanceMonitor high = define("cash-high", b.cash(), MonitorMeasure.POSTED, MonitorComparison.AT_LEAST,
        usd("60.00"));
    BalanceMonitor low = define("cash-low", b.cash(), MonitorMeasure.AVAILABLE, MonitorComparison.LESS_THAN,
        usd("0.00"));
    Category funds = ledger.createCategory(NewCategory.of("funds", "Funds", Side.DEBIT));
    ledger.addToCategory(funds.id(), b.cash().id());
    BalanceMonitor fundsHigh = defineOnCategory("funds-high", funds, MonitorMeasure.POSTED, MonitorComparison.AT_LEAST,
        usd("60.00"));
    runJob();
    int posters = 4;
    int perPoster = 40;
    AtomicInteger done = new AtomicInteger();
    // Separate job runs: the two evaluators do not exclude each other, so only the store keeps them apart.
    List<BalanceMonitorJob> evaluators = List.of(
        new BalanceMonitorJob(store, new InMemoryJobRuns(), clock, 7, List.of(told)),
        new BalanceMonitorJob(store, new InMemoryJobRuns(), clock, 5, List.of(told)));

    List<Outcome<Integer>> outcomes = runConcurrently(posters + evaluators.size(), i -> () -> {
      if (i >= posters) {
        int runs = 0;
        while (done.get() < posters) {
          assertThat(evaluators.get(i - posters).run().status()).isEqualTo(JobStatus.SUCCEEDED);
          runs++;
        }
        return runs;
      }
      Random random = new Random(i);
      try {
        for (int n = 0; n < perPoster; n++) {
          String key = "p" + i + "-" + n;
          if (random.nextBoolean()) {
            post(key, b.cash(), b.capital(), usd("30.00"));
          } else {
            post(key, b.capital(), b.cash(), usd("30.00"));
          }
        }
      } finally {
        done.incrementAndGet();
      }
      return perPoster;
    });
    assertThat(errors(outcomes)).isEmpty();
    runJob();

    // The posted balance after every commit, from the statement: the transitions POSTED must fire on.
    TreeMap<Long, Money> byVersion = new TreeMap<>();
    for (Entry e : fullStatement(b.cash().id(), BEGINNING, END)) {
      byVersion.put(e.accountVersion(), e.balanceAfter());
    }
    List<Long> expected = new ArrayList<>();
    boolean firing = false;
    for (Map.Entry<Long, Money> v : byVersion.entrySet()) {
      boolean holds = high.holdsFor(v.getValue());
      if (holds && !firing) {
        expected.add(v.getKey());
      }
      firing = holds;
    }
    List<MonitorAlert> alerts = allAlerts();
    assertThat(alerts.stream().filter(a -> a.monitor().id().equals(high.id())).map(MonitorAlert::accountVersion))
        .as("versions at which cash reached 60.00").containsExactlyElementsOf(expected);
    assertThat(expected).as("the postings crossed the threshold").isNotEmpty();
    List<MonitorAlert> lows = alerts.stream().filter(a -> a.monitor().id().equals(low.id())).toList();
    Set<Long> lowVersions = new HashSet<>();
    for (MonitorAlert a : lows) {
      assertThat(lowVersions.add(a.accountVersion())).as("one alert per observation: %s", a).isTrue();
      assertThat(a.value().minorUnits()).as("an alert of cash-low is below zero").isNegative();
    }
    List<MonitorAlert> fundsAlerts = alerts.stream().filter(a -> a.monitor().id().equals(fundsHigh.id())).toList();
    long lastPosition = -1;
    for (MonitorAlert a : fundsAlerts) {
      assertThat(a.accountVersion()).as("one alert per round, rounds in feed order: %s", a).isGreaterThan(lastPosition);
      lastPosition = a.accountVersion();
      assertThat(fundsHigh.holdsFor(a.value())).as("an alert of funds-high holds: %s", a).isTrue();
    }
    boolean fundsHoldNow = fundsHigh.holdsFor(ledger.categoryBalance(funds.id()).currency(USD)
        .map(CategoryBalance.Line::posted).orElseThrow());
    if (fundsHoldNow) {
      assertThat(fundsAlerts).as("the category ends at or above 60.00: it fired").isNotEmpty();
    }
    assertThat(told.alerts).as("each alert told once, by the evaluator that recorded it")
        .containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(store.monitorCursor().position()).isEqualTo(ledger.changes(0, 1000).next());
  }
}
