package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.NewMonitor;
import io.github.corebanking.ledger.JoinedLedger;
import io.github.corebanking.ledger.spi.CallerTransaction;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryTrialBalance;
import io.github.corebanking.ledger.ImportedPosting;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.NewCategory;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.ValueDatedStatementPage;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import io.github.corebanking.ledger.YearEndClose;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Ledger} that times every call and tags it with its outcome, then delegates.
 *
 * <p>Meters (all with the common tags):
 * <ul>
 *   <li>{@value #POSTINGS} (timer): {@code post}, {@code postAll}, {@code importHistory}, {@code commit},
 *       {@code voidPending}, {@code reverse}; tag {@code operation}, tag {@code outcome}
 *       ({@code posted}, {@code pending}, {@code voided}, {@code replayed}, {@code batch} for
 *       {@code postAll} and {@code importHistory}, or for a failure {@code rejected}, {@code contention}, {@code failed}) and
 *       tag {@code exception} (the exception's simple name, {@code none} on success). Its count is
 *       the number of postings; {@code outcome=contention, exception=LockTimeoutException} counts
 *       lock timeouts as callers see them.</li>
 *   <li>{@value #BATCH_SIZE} (summary): requests per {@code postAll}.</li>
 *   <li>{@value #ACCOUNTS} (timer): {@code openAccount}, {@code freezeAccount},
 *       {@code unfreezeAccount}, {@code closeAccount}, and the category writes {@code createCategory},
 *       {@code moveCategory}, {@code deleteCategory}, {@code addToCategory}, {@code removeFromCategory};
 *       tags {@code operation}, {@code outcome}
 *       ({@code success} or a failure outcome), {@code exception}.</li>
 *   <li>{@value #READS} (timer): balances, statements, the trial balances, category balances, look-ups and the
 *       integrity check; same tags.</li>
 * </ul>
 *
 * <pre>{@code
 * Ledger ledger = MeteredLedger.wrap(Ledger.builder().store(store).build(), registry, Tags.of("ledger", "main"));
 * }</pre>
 *
 * <p>Closing it closes the wrapped ledger.
 */
public final class MeteredLedger implements Ledger {

  /** Timer of postings. */
  public static final String POSTINGS = "ledger.postings";
  /** Summary of {@code postAll} batch sizes. */
  public static final String BATCH_SIZE = "ledger.postings.batch.size";
  /** Timer of account changes. */
  public static final String ACCOUNTS = "ledger.accounts.operations";
  /** Timer of reads. */
  public static final String READS = "ledger.reads";

  private final Ledger delegate;
  private final Meter.MeterProvider<Timer> postings;
  private final Meter.MeterProvider<Timer> accounts;
  private final Meter.MeterProvider<Timer> reads;
  private final DistributionSummary batchSize;

  private MeteredLedger(Ledger delegate, MeterRegistry registry, Tags tags) {
    this.delegate = delegate;
    this.postings = Timer.builder(POSTINGS).description("Postings, commits, voids and reversals by outcome")
        .tags(tags).withRegistry(registry);
    this.accounts = Timer.builder(ACCOUNTS).description("Account openings and status changes by outcome")
        .tags(tags).withRegistry(registry);
    this.reads = Timer.builder(READS).description("Ledger reads by outcome").tags(tags).withRegistry(registry);
    this.batchSize = DistributionSummary.builder(BATCH_SIZE).description("Requests per postAll batch")
        .baseUnit("requests").tags(tags).register(registry);
  }

  /**
   * Wraps a ledger.
   *
   * @param ledger   the ledger
   * @param registry where the meters go
   * @param tags     tags added to every meter, such as {@code ledger=main}
   * @return the metered ledger
   */
  public static MeteredLedger wrap(Ledger ledger, MeterRegistry registry, Tags tags) {
    if (ledger == null) {
      throw new InvalidRequestException("ledger", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    return new MeteredLedger(ledger, registry, tags);
  }

  /** @return the wrapped ledger */
  public Ledger delegate() {
    return delegate;
  }

  // ---- accounts ----

  @Override
  public Account openAccount(NewAccount request) {
    return timed(accounts, "openAccount", () -> delegate.openAccount(request), a -> "success");
  }

  @Override
  public Account freezeAccount(AccountId id) {
    return timed(accounts, "freezeAccount", () -> delegate.freezeAccount(id), a -> "success");
  }

  @Override
  public Account unfreezeAccount(AccountId id) {
    return timed(accounts, "unfreezeAccount", () -> delegate.unfreezeAccount(id), a -> "success");
  }

  @Override
  public Account closeAccount(AccountId id) {
    return timed(accounts, "closeAccount", () -> delegate.closeAccount(id), a -> "success");
  }

  @Override
  public Account account(AccountId id) {
    return read("account", () -> delegate.account(id));
  }

  @Override
  public Optional<Account> accountByCode(String code) {
    return read("accountByCode", () -> delegate.accountByCode(code));
  }

  @Override
  public List<Account> accounts() {
    return read("accounts", delegate::accounts);
  }

  // ---- posting ----

  @Override
  public Transaction post(PostingRequest request) {
    return timed(postings, "post", () -> delegate.post(request), MeteredLedger::outcome);
  }

  @Override
  public List<Transaction> postAll(List<PostingRequest> requests) {
    List<Transaction> booked = timed(postings, "postAll", () -> delegate.postAll(requests), t -> "batch");
    batchSize.record(booked.size());
    return booked;
  }

  @Override
  public List<Transaction> importHistory(List<ImportedPosting> imported) {
    return timed(postings, "importHistory", () -> delegate.importHistory(imported), t -> "batch");
  }

  @Override
  public Transaction commit(TransactionId pendingId) {
    return timed(postings, "commit", () -> delegate.commit(pendingId), MeteredLedger::outcome);
  }

  @Override
  public Transaction commit(TransactionId pendingId, Money amount) {
    return timed(postings, "commit", () -> delegate.commit(pendingId, amount), MeteredLedger::outcome);
  }

  @Override
  public Transaction voidPending(TransactionId pendingId) {
    return timed(postings, "voidPending", () -> delegate.voidPending(pendingId), MeteredLedger::outcome);
  }

  @Override
  public Transaction reverse(TransactionId id) {
    return timed(postings, "reverse", () -> delegate.reverse(id), MeteredLedger::outcome);
  }

  @Override
  public Transaction reverse(TransactionId id, String idempotencyKey, String description) {
    return timed(postings, "reverse", () -> delegate.reverse(id, idempotencyKey, description), MeteredLedger::outcome);
  }

  // ---- periods ----

  @Override
  public PeriodClosure closePeriod(LocalDate through, Map<String, String> metadata) {
    return timed(postings, "closePeriod", () -> delegate.closePeriod(through, metadata), r -> "success");
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Map<String, String> metadata) {
    return timed(postings, "reopenPeriod", () -> delegate.reopenPeriod(through, metadata), r -> "success");
  }

  @Override
  public Optional<LocalDate> closedThrough() {
    return read("closedThrough", delegate::closedThrough);
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return read("periodClosures", delegate::periodClosures);
  }

  // ---- categories ----

  @Override
  public Category createCategory(NewCategory request) {
    return timed(accounts, "createCategory", () -> delegate.createCategory(request), c -> "success");
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    return timed(accounts, "moveCategory", () -> delegate.moveCategory(id, parentId), c -> "success");
  }

  @Override
  public void deleteCategory(CategoryId id) {
    timed(accounts, "deleteCategory", () -> {
      delegate.deleteCategory(id);
      return id;
    }, c -> "success");
  }

  @Override
  public Category category(CategoryId id) {
    return read("category", () -> delegate.category(id));
  }

  @Override
  public Optional<Category> categoryByCode(String code) {
    return read("categoryByCode", () -> delegate.categoryByCode(code));
  }

  @Override
  public List<Category> categories() {
    return read("categories", delegate::categories);
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    return timed(accounts, "addToCategory", () -> delegate.addToCategory(categoryId, accountId), c -> "success");
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    return timed(accounts, "removeFromCategory", () -> delegate.removeFromCategory(categoryId, accountId),
        c -> "success");
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    return read("categoryAccounts", () -> delegate.categoryAccounts(id));
  }

  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    return read("categoryBalance", () -> delegate.categoryBalance(id));
  }

  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    return read("categoryBalanceAsOf", () -> delegate.categoryBalanceAsOf(id, asOf));
  }

  @Override
  public CategoryTrialBalance trialBalanceByCategory(Instant asOf) {
    return read("trialBalanceByCategory", () -> delegate.trialBalanceByCategory(asOf));
  }

  @Override
  public CategoryTrialBalance trialBalanceByCategory() {
    return read("trialBalanceByCategory", delegate::trialBalanceByCategory);
  }

  // ---- reading ----

  @Override
  public Balance balance(AccountId id) {
    return read("balance", () -> delegate.balance(id));
  }

  @Override
  public Map<AccountId, Balance> balances(Collection<AccountId> ids) {
    return read("balances", () -> delegate.balances(ids));
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    return read("balanceAsOf", () -> delegate.balanceAsOf(id, asOf));
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    return read("statement", () -> delegate.statement(id, from, to, page));
  }

  @Override
  public TrialBalance trialBalance(Instant asOf) {
    return read("trialBalance", () -> delegate.trialBalance(asOf));
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    return read("balanceOn", () -> delegate.balanceOn(id, valueDate));
  }

  @Override
  public ValueDatedStatementPage valueDatedStatement(AccountId id, LocalDate from, LocalDate to, PageRequest page) {
    return read("valueDatedStatement", () -> delegate.valueDatedStatement(id, from, to, page));
  }

  @Override
  public ValueDatedTrialBalance trialBalanceOn(LocalDate valueDate) {
    return read("trialBalanceOn", () -> delegate.trialBalanceOn(valueDate));
  }

  @Override
  public YearEndClose closeYear(LocalDate yearEnd, AccountId retainedEarnings) {
    return timed(postings, "closeYear", () -> delegate.closeYear(yearEnd, retainedEarnings), r -> "success");
  }

  @Override
  public TrialBalance trialBalance() {
    return read("trialBalance", delegate::trialBalance);
  }

  @Override
  public Optional<Transaction> transaction(TransactionId id) {
    return read("transaction", () -> delegate.transaction(id));
  }

  @Override
  public Optional<Transaction> transactionByKey(String idempotencyKey) {
    return read("transactionByKey", () -> delegate.transactionByKey(idempotencyKey));
  }

  /** {@inheritDoc} The joined postings are not metered: they commit, or not, with the caller. */
  @Override
  public JoinedLedger joining(CallerTransaction transaction) {
    return delegate.joining(transaction);
  }

  @Override
  public ChangePage changes(long after, int limit) {
    return read("changes", () -> delegate.changes(after, limit));
  }

  @Override
  public BalanceMonitor defineMonitor(NewMonitor request) {
    return timed(accounts, "defineMonitor", () -> delegate.defineMonitor(request), m -> "success");
  }

  @Override
  public List<BalanceMonitor> monitors() {
    return read("monitors", delegate::monitors);
  }

  @Override
  public BalanceMonitor removeMonitor(MonitorId id) {
    return timed(accounts, "removeMonitor", () -> delegate.removeMonitor(id), m -> "success");
  }

  @Override
  public MonitorAlertPage monitorAlerts(long after, int limit) {
    return read("monitorAlerts", () -> delegate.monitorAlerts(after, limit));
  }

  @Override
  public IntegrityReport checkIntegrity() {
    return read("checkIntegrity", delegate::checkIntegrity);
  }

  @Override
  public io.github.corebanking.ledger.HashChainReport verifyHashChains(boolean full) {
    return read("verifyHashChains", () -> delegate.verifyHashChains(full));
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static String outcome(Transaction t) {
    return t.replayed() ? "replayed" : t.status().name().toLowerCase(Locale.ROOT);
  }

  private <T> T read(String operation, Supplier<T> call) {
    return timed(reads, operation, call, r -> "success");
  }

  private <T> T timed(Meter.MeterProvider<Timer> meter, String operation, Supplier<T> call, Function<T, String> outcome) {
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      record(meter, operation, Outcomes.outcome(e), Outcomes.exception(e), start);
      throw e;
    }
    record(meter, operation, outcome.apply(result), Outcomes.NONE, start);
    return result;
  }

  private void record(Meter.MeterProvider<Timer> meter, String operation, String outcome, String exception,
      long start) {
    meter.withTags("operation", operation, "outcome", outcome, "exception", exception)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }
}
