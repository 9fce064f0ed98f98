package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ChangesPrunedException;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.postgres.internal.AccountRecords;
import io.github.corebanking.ledger.postgres.internal.AccountStates;
import io.github.corebanking.ledger.postgres.internal.FeedSql;
import io.github.corebanking.ledger.postgres.internal.CategoryRecords;
import io.github.corebanking.ledger.postgres.internal.GroupCommitter;
import io.github.corebanking.ledger.postgres.internal.HistoryReads;
import io.github.corebanking.ledger.postgres.internal.IntegrityCheck;
import io.github.corebanking.ledger.postgres.internal.Partitions;
import io.github.corebanking.ledger.postgres.internal.PostgresJdbi;
import io.github.corebanking.ledger.postgres.internal.PostingEngine;
import io.github.corebanking.ledger.postgres.internal.PostingSql;
import io.github.corebanking.ledger.postgres.internal.JsonMaps;
import io.github.corebanking.ledger.postgres.internal.MonitorRecords;
import io.github.corebanking.ledger.postgres.internal.Rows;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import io.github.corebanking.ledger.postgres.internal.StatementCursor;
import io.github.corebanking.ledger.postgres.internal.StoreSql;
import io.github.corebanking.ledger.postgres.internal.ValueDatedReads;
import io.github.corebanking.ledger.postgres.jobs.PostgresJobRuns;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.internal.EntryHashes;
import io.github.corebanking.ledger.postgres.internal.HashChainSql;
import io.github.corebanking.ledger.spi.HashChainHead;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BatchPlan;
import io.github.corebanking.ledger.spi.FeedChange;
import io.github.corebanking.ledger.spi.FeedRules;
import io.github.corebanking.ledger.spi.CategoryMembership;
import io.github.corebanking.ledger.spi.CategoryRules;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorEvaluation;
import io.github.corebanking.ledger.spi.WatchedMonitor;
import io.github.corebanking.ledger.spi.PeriodRules;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL {@link LedgerStore}: one schema holds one ledger.
 *
 * <pre>{@code
 * HikariDataSource ds = new HikariDataSource(config);
 * PostgresLedgerSchema.migrate(ds, "ledger");
 * PostgresLedgerStore store = PostgresLedgerStore.builder(ds)
 *     .schema("ledger")
 *     .lockTimeout(Duration.ofSeconds(2))
 *     .statementTimeout(Duration.ofSeconds(30))
 *     .readDataSource(replica)            // optional: reports, statements, as-of reads
 *     .build();
 * Ledger ledger = Ledger.builder().store(store).build();
 * }</pre>
 *
 * <h2>Posting</h2>
 * {@link #apply} queues the posting for group commit: a writer thread takes all postings waiting
 * and applies them in one database transaction (further writers, see {@link Builder#writerThreads},
 * stand by for when it is held up) that locks the union of their accounts in ascending id order,
 * plans each posting with {@link PostingPlanner} against the state the previous ones left, and
 * writes counters, transactions and entries with array inserts. A posting the planner rejects is
 * left out and its caller gets the typed rejection; a database failure of the batch makes the
 * writer apply its postings one by one. Each caller returns once its batch is committed.
 * {@link #applyAll} runs on the caller's thread as one all-or-nothing transaction with the same
 * locking.
 *
 * <h2>Failures</h2>
 * Serialization failures and deadlocks (40001, 40P01) are retried with jitter up to
 * {@link Builder#maxRetries}, then raise {@link io.github.corebanking.ledger.ConcurrencyException};
 * lock and statement timeouts raise {@link io.github.corebanking.ledger.LockTimeoutException};
 * lost connections {@link StoreUnavailableException}. A connection lost during a commit is
 * settled by looking the posting up on a fresh connection, never by posting twice.
 *
 * <h2>Reads</h2>
 * Balances, accounts and transactions are read from the primary (they feed postings); as-of
 * balances, statements and integrity checks go to the read data source when one is configured.
 * By value date: one account's balance on a date is read from the primary (the ledger's year-end
 * close posts from it); balances on a date of every account and value-dated statements go to the
 * read data source.
 */
public final class PostgresLedgerStore implements LedgerStore {

  private final String schema;
  private final DataSource primary;
  private final DataSource reads;
  /** Jdbi over the read data source: as-of reads, statements, the integrity check. */
  private final Jdbi readJdbi;
  /** Jdbi over the primary: account writes and reads, expired holds, partitions. */
  private final Jdbi primaryJdbi;
  private final AccountRecords accounts;
  private final CategoryRecords categories;
  private final MonitorRecords monitors;
  private final HistoryReads history;
  private final ValueDatedReads valueDated;
  private final PostgresJobRuns jobRuns;
  private final PostingEngine engine;
  private final Partitions partitions;
  private final @Nullable GroupCommitter committer;
  private final AccountStates accountStates;
  private final Duration lockTimeout;
  private final Duration statementTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresLedgerStore(Builder b) {
    this.schema = b.schema;
    this.primary = b.dataSource;
    this.reads = b.readDataSource != null ? b.readDataSource : b.dataSource;
    this.lockTimeout = b.lockTimeout;
    this.statementTimeout = b.statementTimeout;
    int queryTimeoutSeconds = (int) Math.max(1, (b.statementTimeout.toMillis() + 999) / 1000);
    this.primaryJdbi = PostgresJdbi.create(primary, schema);
    this.readJdbi = PostgresJdbi.create(reads, schema);
    this.primaryJdbi.getConfig(SqlStatements.class).setQueryTimeout(queryTimeoutSeconds);
    this.readJdbi.getConfig(SqlStatements.class).setQueryTimeout(queryTimeoutSeconds);
    this.accounts = new AccountRecords(primaryJdbi, b.lockTimeout, b.statementTimeout);
    this.categories = new CategoryRecords(primaryJdbi, readJdbi, b.lockTimeout, b.statementTimeout);
    this.monitors = new MonitorRecords(primaryJdbi, categories);
    this.history = new HistoryReads(readJdbi, schema);
    this.valueDated = new ValueDatedReads(primaryJdbi, readJdbi);
    this.jobRuns = PostgresJobRuns.of(primary, schema);
    this.partitions = new Partitions(primaryJdbi, b.observer);
    this.accountStates = new AccountStates(b.accountCacheSize);
    this.engine = new PostingEngine(primary, new PostingSql(PostgresLedgerSchema.quotedSchema(schema)), schema,
        b.lockTimeout, b.statementTimeout, b.maxRetries, partitions, b.observer, accountStates, b.outcomeTimeout);
    this.committer = b.writerThreads == 0 ? null
        : new GroupCommitter(engine, schema, b.writerThreads, b.queueCapacity, b.maxBatchSize, b.closeTimeout,
            b.writerHandoff);
  }

  /**
   * Starts configuring a store.
   *
   * @param dataSource the primary database (a pool such as HikariCP); not closed by the store
   * @return a builder
   * @throws InvalidRequestException naming {@code dataSource} when it is null
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    return new Builder(dataSource);
  }

  /** @return the ledger's schema */
  public String schema() {
    return schema;
  }

  /** @return the primary data source */
  public DataSource dataSource() {
    return primary;
  }

  /** @return the data source for reports, statements and as-of reads (the primary when no replica is set) */
  public DataSource readDataSource() {
    return reads;
  }

  /** @return the {@code lock_timeout} of each posting transaction */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /** @return the {@code statement_timeout} of each posting transaction */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * How group commit has been doing, for metrics and tuning.
   *
   * @param batches   database transactions the writers ran
   * @param postings  postings they handled
   * @param fallbacks batches that failed as a whole and were applied one posting at a time
   * @param queued    postings waiting now
   * @param standby   of the batches, those a standby writer took because the writers ahead of it
   *                  had been inside one batch for longer than the hand-off time
   */
  public record GroupCommitStats(long batches, long postings, long fallbacks, int queued, long standby) {
    /** @return postings per batch on average */
    public double averageBatchSize() {
      return batches == 0 ? 0 : (double) postings / batches;
    }
  }

  /** @return group-commit counters; all zero when group commit is off */
  public GroupCommitStats groupCommitStats() {
    GroupCommitter c = committer;
    return c == null ? new GroupCommitStats(0, 0, 0, 0, 0)
        : new GroupCommitStats(c.batches(), c.postings(), c.fallbacks(), c.queued(), c.standbyBatches());
  }

  /**
   * How posting batches were planned, for metrics and tuning.
   *
   * @param fromStates batches planned from remembered account states and written in one round trip
   * @param stale      of those, batches the database found planned on a changed account and that
   *                   were planned again from locked rows
   * @param fromRows   batches planned from rows read and locked first (two round trips)
   * @param remembered accounts whose state the store remembers now
   */
  public record PlanningStats(long fromStates, long stale, long fromRows, int remembered) {}

  /** @return how posting batches were planned so far */
  public PlanningStats planningStats() {
    return new PlanningStats(accountStates.checkedBatches(), accountStates.staleBatches(), accountStates.rowBatches(),
        accountStates.size());
  }

  /**
   * Creates the entries partition holding an instant, if missing.
   *
   * @param postedAt an instant
   */
  public void ensurePartition(Instant postedAt) {
    notNull(postedAt, "postedAt");
    partitions.ensure(postedAt);
  }

  // ---- accounts ----

  @Override
  public void createAccount(Account account) {
    notNull(account, "account");
    open();
    accounts.create(account);
  }

  @Override
  public Account changeAccountStatus(AccountId id, AccountStatus status) {
    notNull(id, "accountId");
    notNull(status, "status");
    open();
    Account account = accounts.changeStatus(id, status);
    engine.forget(List.of(id));
    return account;
  }

  @Override
  public Optional<Account> findAccount(AccountId id) {
    return accounts.find(notNull(id, "accountId"));
  }

  @Override
  public Optional<Account> findAccountByCode(String code) {
    return accounts.findByCode(notNull(code, "code"));
  }

  @Override
  public List<Account> findAccounts(Collection<AccountId> ids) {
    Set<UUID> uuids = uuids(ids, "ids");
    return uuids.isEmpty() ? List.of() : accounts.find(uuids);
  }

  @Override
  public List<Account> listAccounts() {
    return accounts.list();
  }

  // ---- posting ----

  @Override
  public AppliedPosting apply(StorePosting posting) {
    notNull(posting, "posting");
    open();
    StorePosting p = atMicros(posting);
    partitions.ensureFor(List.of(p));
    GroupCommitter c = committer;
    if (c == null) {
      return engine.apply(List.of(p), false).get(0).get();
    }
    return c.submit(p);
  }

  @Override
  public List<AppliedPosting> applyAll(List<StorePosting> postings) {
    return atomically(postings, list -> engine.apply(list, true));
  }

  @Override
  public List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings) {
    return atomically(postings, engine::importHistory);
  }

  /** Checks a batch, brings its instants to microseconds and applies it all or nothing. */
  private List<AppliedPosting> atomically(List<? extends StorePosting> postings,
      java.util.function.Function<List<StorePosting>, List<BatchPlan.Outcome>> apply) {
    List<StorePosting> list = checkedBatch(postings);
    if (list.isEmpty()) {
      return List.of();
    }
    List<AppliedPosting> result = new ArrayList<>(list.size());
    for (BatchPlan.Outcome r : apply.apply(list)) {
      result.add(r.get());
    }
    return result;
  }

  /**
   * Checks a batch (present, no null posting, the store open) and brings its instants to
   * microseconds: the one frame of every batch this store applies.
   */
  List<StorePosting> checkedBatch(@Nullable List<? extends StorePosting> postings) {
    notNull(postings, "postings");
    open();
    List<StorePosting> list = new ArrayList<>(postings.size());
    for (int i = 0; i < postings.size(); i++) {
      list.add(atMicros(notNull(postings.get(i), "postings[" + i + "]")));
    }
    return list;
  }

  /** @return the posting engine, for the store that joins a caller's transaction */
  PostingEngine engine() {
    return engine;
  }

  // ---- the caller's transaction ----

  /**
   * Joins a database transaction the caller owns on its own connection: postings made through
   * {@code ledger.joining(tx)} are written on that connection and commit or roll back with it.
   * After the caller's {@code COMMIT}, call {@link PostgresCallerTransaction#committed()}; after a
   * rollback, {@link PostgresCallerTransaction#rolledBack()}.
   *
   * <pre>{@code
   * connection.setAutoCommit(false);
   * PostgresCallerTransaction tx = store.join(connection);
   * ledger.joining(tx).post(disbursement);
   * updateLoan(connection, loanId);
   * connection.commit();
   * tx.committed();
   * }</pre>
   *
   * <p>The connection must reach this store's database (the schema is named in every statement);
   * it is never committed, rolled back or closed by the ledger, and must have auto-commit off when
   * a posting is made.
   *
   * @param connection the caller's connection
   * @return the joined transaction
   * @throws InvalidRequestException naming {@code connection} when it is null
   */
  public PostgresCallerTransaction join(java.sql.Connection connection) {
    notNull(connection, "connection");
    open();
    return new PostgresCallerTransaction(this, connection);
  }

  /**
   * Joins the transaction of a Jdbi handle (begun with {@code handle.begin()} or inside
   * {@code inTransaction}): as {@link #join(java.sql.Connection)}, and the handle tells the joined
   * transaction when it commits or rolls back.
   *
   * @param handle the caller's handle
   * @return the joined transaction
   * @throws InvalidRequestException naming {@code handle} when it is null
   */
  public PostgresCallerTransaction join(org.jdbi.v3.core.Handle handle) {
    notNull(handle, "handle");
    PostgresCallerTransaction tx = join(handle.getConnection());
    handle.afterCommit(tx::committed);
    handle.afterRollback(tx::rolledBack);
    return tx;
  }

  /** PostgreSQL keeps microseconds: book at that precision so what is returned is what is read back. */
  private static StorePosting atMicros(StorePosting p) {
    return p.withInstants(Rows::micros);
  }

  // ---- transactions ----

  @Override
  public Optional<Transaction> findTransaction(TransactionId id) {
    return engine.findTransaction(notNull(id, "transactionId"));
  }

  @Override
  public Optional<Transaction> findTransactionByKey(String idempotencyKey) {
    return engine.findTransactionByKey(notNull(idempotencyKey, "idempotencyKey"));
  }

  // ---- balances ----

  @Override
  public Optional<Balance> findBalance(AccountId id) {
    return accounts.balance(notNull(id, "accountId"));
  }

  @Override
  public List<Balance> findBalances(Collection<AccountId> ids) {
    Set<UUID> uuids = uuids(ids, "ids");
    return uuids.isEmpty() ? List.of() : accounts.balances(uuids);
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    notNull(id, "accountId");
    notNull(asOf, "asOf");
    return history.balanceAsOf(id, asOf);
  }

  @Override
  public List<Balance> balancesAsOf(Instant asOf) {
    notNull(asOf, "asOf");
    return history.balancesAsOf(asOf);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One index probe into {@code value_balances} (schema version 7), which every posting keeps up
   * to date in its own transaction; read on the primary.
   */
  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    notNull(id, "accountId");
    notNull(valueDate, "valueDate");
    return valueDated.balanceOn(id, valueDate);
  }

  /** {@inheritDoc} One statement, one index probe per account; on the read data source. */
  @Override
  public List<Balance> balancesOn(LocalDate valueDate) {
    notNull(valueDate, "valueDate");
    return valueDated.balancesOn(valueDate);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip on the read data source: the balance before from {@code value_balances} and
   * the posted entries of the start date up to {@code after}, and the slice's entries, in value-date
   * order through the index {@code entries_account_value_idx} of every partition.
   */
  @Override
  public ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to,
      @Nullable ValueDatePosition after, int limit) {
    notNull(id, "accountId");
    notNull(from, "from");
    notNull(to, "to");
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    return valueDated.slice(id, from, to, after, limit);
  }

  // ---- statements ----

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    notNull(id, "accountId");
    notNull(from, "from");
    notNull(to, "to");
    notNull(page, "page");
    if (!to.isAfter(from)) {
      throw new InvalidRequestException("to", to, "must be after from (" + from + ")");
    }
    StatementCursor cursor = page.cursor() == null ? null
        : StatementCursor.decode(page.cursor(), schema, id, from, to);
    return history.statement(id, from, to, page, cursor);
  }

  // ---- change feed ----

  /** Queued changes given positions per read: a backlog (a long outage of readers) drains over reads. */
  private static final int SEQUENCE_CHUNK = 10_000;

  /**
   * {@inheritDoc}
   *
   * <p>On the primary: first gives positions to queued changes that have committed
   * ({@code sequence_changes}, in its own database transaction), then reads the page, then checks
   * that nothing after {@code after} was pruned meanwhile, then reads the page's transactions with
   * their entries.
   */
  @Override
  public ChangePage changes(long after, int limit) {
    FeedRules.checkRead(after, limit);
    List<FeedSql.Row> rows;
    FeedSql.State state;
    try {
      rows = primaryJdbi.withHandle(h -> {
        FeedSql sql = h.attach(FeedSql.class);
        sql.sequence(Math.max(limit, SEQUENCE_CHUNK));
        return sql.page(after, limit);
      });
      state = primaryJdbi.withHandle(h -> h.attach(FeedSql.class).feedState());
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "reading the change feed");
    }
    if (after < state.prunedThrough()) {
      throw new ChangesPrunedException(after, state.prunedThrough());
    }
    Set<TransactionId> ids = new java.util.LinkedHashSet<>();
    for (FeedSql.Row r : rows) {
      ids.add(r.change().transactionId());
    }
    Map<TransactionId, Transaction> loaded = new java.util.HashMap<>();
    for (Transaction t : engine.findTransactions(ids)) {
      loaded.put(t.id(), t);
    }
    List<Change> changes = new ArrayList<>(rows.size());
    for (FeedSql.Row r : rows) {
      FeedChange c = r.change();
      Transaction tx = loaded.get(c.transactionId());
      if (tx == null) {
        throw new StoreUnavailableException("changes", r.position(),
            "names transaction " + c.transactionId() + ", which is not stored");
      }
      changes.add(new Change(r.position(), c.type(), c.transactionId(), c.status(), c.at(), tx));
    }
    return new ChangePage(changes, changes.isEmpty() ? after : changes.get(changes.size() - 1).position());
  }

  /**
   * {@inheritDoc} Through {@code prune_changes}, which deletes the oldest first, after giving queued
   * changes that have committed their positions (so that the positions named are those a reader
   * would read).
   */
  @Override
  public int pruneChanges(Instant recordedBefore, long through, int limit) {
    FeedRules.checkPrune(recordedBefore, limit);
    try {
      return primaryJdbi.withHandle(h -> {
        FeedSql sql = h.attach(FeedSql.class);
        sql.sequence(SEQUENCE_CHUNK);
        return sql.prune(Rows.floorBound(recordedBefore), through, limit);
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "pruning the change feed");
    }
  }

  // ---- balance monitors ----

  @Override
  public void createMonitor(io.github.corebanking.ledger.BalanceMonitor monitor) {
    notNull(monitor, "monitor");
    open();
    monitors.create(monitor);
  }

  @Override
  public List<io.github.corebanking.ledger.BalanceMonitor> listMonitors() {
    return monitors.list();
  }

  @Override
  public Optional<io.github.corebanking.ledger.BalanceMonitor> removeMonitor(io.github.corebanking.ledger.MonitorId id,
      Instant at) {
    notNull(id, "monitorId");
    notNull(at, "at");
    open();
    return monitors.remove(id, at);
  }

  @Override
  public MonitorCursor monitorCursor() {
    return monitors.cursor();
  }

  @Override
  public List<WatchedMonitor> monitorsOn(Collection<AccountId> accountIds) {
    return monitors.on(notNull(accountIds, "accounts"));
  }

  @Override
  public List<WatchedMonitor> unevaluatedMonitors(int limit) {
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    return monitors.unevaluated(limit);
  }

  /**
   * {@inheritDoc} Through {@code record_monitor_evaluation}, which holds the evaluator's row for the
   * transaction, so evaluations recorded from two nodes are ordered and the second one is refused.
   */
  @Override
  public List<io.github.corebanking.ledger.MonitorAlert> recordMonitorEvaluation(MonitorEvaluation evaluation) {
    notNull(evaluation, "evaluation");
    open();
    return monitors.record(evaluation);
  }

  @Override
  public io.github.corebanking.ledger.MonitorAlertPage monitorAlerts(long after, int limit) {
    if (after < 0) {
      throw new InvalidRequestException("after", after, "must not be negative");
    }
    if (limit < 1 || limit > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
    return monitors.page(after, limit);
  }

  // ---- operations ----

  /**
   * {@inheritDoc}
   *
   * <p>Reads the read data source in one REPEATABLE READ, read-only transaction, so that a posting
   * committing meanwhile cannot look like a mismatch. Checked as well: per currency, the accounts'
   * posted counters balance; a transaction without entries is unbalanced. The integrity job runs
   * the same check and adds the snapshot checks.
   */
  @Override
  public IntegrityReport checkIntegrity(Instant now) {
    notNull(now, "now");
    try {
      return readJdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
          h -> IntegrityCheck.run(h, now, IntegrityCheck.ALL).report());
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "checking integrity");
    }
  }

  // ---- hash chains ----

  @Override
  public List<HashChainHead> hashChainHeads(@Nullable AccountId after, int limit) {
    checkLimit(limit);
    UUID from = after == null ? HashChainSql.FIRST : after.value();
    return read(readJdbi, "reading hash-chain heads", h -> h.attach(HashChainSql.class).heads(from, limit));
  }

  @Override
  public List<Entry> hashChainEntries(AccountId id, long afterVersion, int afterOrdinal, long throughVersion,
      int limit) {
    notNull(id, "accountId");
    checkLimit(limit);
    return read(readJdbi, "reading the hash chain of account " + id,
        h -> h.attach(HashChainSql.class).entries(id.value(), afterVersion, afterOrdinal, throughVersion, limit));
  }

  @Override
  public void saveHashChainCheckpoint(AccountId id, long verifiedThrough, String hash) {
    notNull(id, "accountId");
    byte[] bytes = EntryHashes.bytes(notNull(hash, "hash"), "hash");
    read(primaryJdbi, "recording the hash-chain checkpoint of account " + id,
        h -> h.attach(HashChainSql.class).saveCheckpoint(id.value(), verifiedThrough, bytes));
  }

  @Override
  public List<Transaction> findTransactions(Collection<TransactionId> ids) {
    return engine.findTransactions(notNull(ids, "ids"));
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
  }

  private static <T> T read(Jdbi jdbi, String operation, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    notNull(now, "now");
    if (limit < 1 || limit > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
    return StoreSql.read(primaryJdbi, "finding expired holds",
        sql -> sql.expiredHolds(Rows.floorBound(now), limit).stream().map(TransactionId::new).toList());
  }

  // ---- periods ----

  /**
   * {@inheritDoc}
   *
   * <p>In one database transaction: the period lock taken exclusively (the lock each posting's
   * transaction holds shared from its check of the closures until it ends), the closures read and
   * the rules applied, and the closure recorded through {@code close_period}, which checks it
   * again.
   */
  @Override
  public PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    PeriodClosure closure = periodWrite("closing a period", through, at, metadata, (sql, when) -> {
      PeriodClosure next = PeriodRules.close(sql.periodClosures(), through, when, metadata);
      sql.closePeriod(through, Rows.floorBound(when), JsonMaps.write(metadata));
      return next;
    });
    engine.closedThrough(Optional.of(through));
    return closure;
  }

  /** {@inheritDoc} Under the same lock as {@link #closePeriod}, through {@code reopen_period}. */
  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    PeriodRules.Reopening reopening = periodWrite("reopening a period", through, at, metadata, (sql, when) -> {
      PeriodRules.Reopening r = PeriodRules.reopen(sql.periodClosures(), through, when, metadata);
      sql.reopenPeriod(through, Rows.floorBound(when), JsonMaps.write(metadata));
      return r;
    });
    engine.closedThrough(PeriodRules.closedThrough(reopening.closures()));
    return reopening.reopened();
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return StoreSql.read(primaryJdbi, "reading the period closures", StoreSql::periodClosures);
  }

  /**
   * Checks a close's or reopen's arguments and runs it in one transaction that first takes the
   * period lock exclusively; {@code work} gets the instant at the store's precision.
   */
  private <T> T periodWrite(String operation, LocalDate through, Instant at, Map<String, String> metadata,
      java.util.function.BiFunction<StoreSql, Instant, T> work) {
    notNull(through, "through");
    notNull(at, "at");
    notNull(metadata, "metadata");
    open();
    Instant when = Rows.micros(at);
    try {
      return StoreSql.write(primaryJdbi, lockTimeout, statementTimeout, sql -> {
        sql.lockPeriods();
        return work.apply(sql, when);
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  // ---- categories ----

  /**
   * {@inheritDoc}
   *
   * <p>Each category write is one database transaction that takes the category lock (an advisory
   * lock migration V11's guard trigger takes as well), reads the tree, applies
   * {@link CategoryRules} and writes; the trigger refuses a cycle again, for every caller.
   */
  @Override
  public void createCategory(Category category) {
    notNull(category, "category");
    open();
    categories.create(category);
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    notNull(id, "categoryId");
    open();
    return categories.move(id, parentId);
  }

  @Override
  public void deleteCategory(CategoryId id) {
    notNull(id, "categoryId");
    open();
    categories.delete(id);
  }

  @Override
  public Optional<Category> findCategory(CategoryId id) {
    return categories.find(notNull(id, "categoryId"));
  }

  @Override
  public List<Category> listCategories() {
    return categories.list();
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    notNull(categoryId, "categoryId");
    notNull(accountId, "accountId");
    open();
    return categories.membership(categoryId, accountId, true);
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    notNull(categoryId, "categoryId");
    notNull(accountId, "accountId");
    open();
    return categories.membership(categoryId, accountId, false);
  }

  @Override
  public List<CategoryMembership> categoryMemberships() {
    return categories.memberships();
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    return categories.accounts(notNull(id, "categoryId"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement on the primary: a recursive walk down the tree from the category joined to
   * the distinct accounts placed in it and their counters, summed per currency.
   */
  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    return categories.balance(notNull(id, "categoryId"), null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement on the read data source, of the shape of {@link #balancesAsOf} restricted to
   * the subtree's accounts: each one's latest daily snapshot at or before the instant plus its
   * entries after it.
   */
  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    notNull(id, "categoryId");
    return categories.balance(id, notNull(asOf, "asOf"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A session advisory lock keyed on this ledger's schema and the job's name, held by the
   * connection it hands to the job, and the schema's {@code job_runs} table: the same lock and
   * record as {@link io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs} over the schema.
   */
  @Override
  public PostgresJobRuns jobRuns() {
    return jobRuns;
  }

  /**
   * Stops the group-commit writers after they finished the postings already queued. The data
   * sources are not closed.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && committer != null) {
      committer.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresLedgerStore[schema=" + schema + "]";
  }

  // ---- helpers ----

  private void open() {
    if (closed.get()) {
      throw new StoreUnavailableException("store", schema, "is closed; nothing was written");
    }
  }

  private static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  private static Set<UUID> uuids(@Nullable Collection<AccountId> ids, String field) {
    notNull(ids, field);
    Set<UUID> result = new TreeSet<>();
    int i = 0;
    for (AccountId id : ids) {
      result.add(notNull(id, field + "[" + i++ + "]").value());
    }
    return result;
  }

  /**
   * Configures a {@link PostgresLedgerStore}. Every setter validates its value at once and may be
   * called once; {@link #build()} may be called once.
   */
  public static final class Builder {

    private final DataSource dataSource;
    private final SetOnce once = new SetOnce("PostgresLedgerStore");
    private String schema = "ledger";
    private @Nullable DataSource readDataSource;
    private Duration lockTimeout = Duration.ofSeconds(5);
    private Duration statementTimeout = Duration.ofSeconds(30);
    private int maxRetries = 5;
    private int writerThreads = 2;
    private int maxBatchSize = 256;
    private int queueCapacity = 10_000;
    private int accountCacheSize = 10_000;
    private Duration closeTimeout = Duration.ofSeconds(30);
    private Duration outcomeTimeout = Duration.ofSeconds(10);
    private Duration writerHandoff = Duration.ofMillis(10);
    private boolean migrate;
    private StoreObserver observer = StoreObserver.none();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * @param schema the ledger's schema (default {@code ledger}), matching {@code ^[a-z_][a-z0-9_]{0,62}$}
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = PostgresLedgerSchema.validateSchemaName(once.set("schema", schema));
      return this;
    }

    /**
     * @param replica where reports, statements, as-of reads and integrity checks read (a streaming
     *                replica); never used for anything a posting depends on
     * @return this builder
     */
    public Builder readDataSource(DataSource replica) {
      once.set("readDataSource", replica);
      this.readDataSource = notNull(replica, "readDataSource");
      return this;
    }

    /**
     * @param timeout how long a posting waits for a row lock before {@link io.github.corebanking.ledger.LockTimeoutException}
     *                (default 5 s; {@code SET LOCAL lock_timeout})
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      once.set("lockTimeout", timeout);
      this.lockTimeout = positiveMillis(timeout, "lockTimeout");
      return this;
    }

    /**
     * @param timeout longest statement of a posting transaction, and of a read (default 30 s;
     *                {@code SET LOCAL statement_timeout} for writes)
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      once.set("statementTimeout", timeout);
      this.statementTimeout = positiveMillis(timeout, "statementTimeout");
      return this;
    }

    /**
     * @param retries how often a posting is retried after a serialization failure, a deadlock or a
     *                connection lost before commit (default 5, 0 to 50)
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      once.set("maxRetries", retries);
      this.maxRetries = between(retries, 0, 50, "maxRetries");
      return this;
    }

    /**
     * The first writer takes every batch while it keeps up; the others stand by and take postings
     * only while every writer ahead of them has been inside one batch for longer than
     * {@link #writerHandoff}, so that a batch waiting on a row lock held by another process does
     * not hold up postings on other accounts.
     *
     * @param threads group-commit writer threads, each using one connection while it writes
     *                (default 2, 0 to 64); 0 turns group commit off, so each {@code apply} runs its
     *                own database transaction on the caller's thread
     * @return this builder
     */
    public Builder writerThreads(int threads) {
      once.set("writerThreads", threads);
      this.writerThreads = between(threads, 0, 64, "writerThreads");
      return this;
    }

    /**
     * @param handoff how long every writer ahead of a standby writer must have been inside one
     *                batch before it takes postings too (default 10 ms, 1 ms to 10 s). Shorter
     *                hands over sooner when a batch waits on a lock; too short and the writers
     *                take turns on ordinary batches, flushing smaller ones.
     * @return this builder
     */
    public Builder writerHandoff(Duration handoff) {
      once.set("writerHandoff", handoff);
      Duration d = positiveMillis(handoff, "writerHandoff");
      if (d.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new InvalidRequestException("writerHandoff", handoff, "must be at most 10 s");
      }
      this.writerHandoff = d;
      return this;
    }

    /**
     * @param size most postings a writer applies in one database transaction (default 256, 1 to 10,000)
     * @return this builder
     */
    public Builder maxBatchSize(int size) {
      once.set("maxBatchSize", size);
      this.maxBatchSize = between(size, 1, 10_000, "maxBatchSize");
      return this;
    }

    /**
     * How many accounts' states (definition, counters, version) the store remembers, so that a
     * batch of new transactions on remembered accounts is planned without reading the rows and
     * written and committed in one round trip instead of two. The database checks every row
     * against the state it was planned on before the batch may commit, so a state made stale by
     * another process, a job or an operator costs one retry and never a wrong balance. Several
     * processes posting to the same accounts make many states stale; the store then plans from
     * locked rows for a while on its own.
     *
     * @param accounts most accounts remembered, least recently used dropped first (default 10,000,
     *                 0 to 10,000,000; 0 always reads and locks the rows first)
     * @return this builder
     */
    public Builder accountCacheSize(int accounts) {
      once.set("accountCacheSize", accounts);
      this.accountCacheSize = between(accounts, 0, 10_000_000, "accountCacheSize");
      return this;
    }

    /**
     * @param capacity most postings waiting for a writer (default 10,000, 1 to 1,000,000); when
     *                 full, {@code apply} fails at once with {@link StoreUnavailableException}
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      once.set("queueCapacity", capacity);
      this.queueCapacity = between(capacity, 1, 1_000_000, "queueCapacity");
      return this;
    }

    /**
     * @param timeout how long {@link PostgresLedgerStore#close()} lets the writers finish queued
     *                postings (default 30 s)
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      once.set("closeTimeout", timeout);
      this.closeTimeout = positiveMillis(timeout, "closeTimeout");
      return this;
    }

    /**
     * How long a posting whose connection was lost while it committed waits for the database to
     * settle its outcome. The backend that ran it is waited for (it may still be waiting for a lock,
     * or committing); once it has ended, its rows say whether the posting committed, and a posting
     * that did not is applied again. A backend still there after this long is terminated, and the
     * server is asked for at most this long again; only then is the caller told the outcome is
     * unknown ({@link io.github.corebanking.ledger.StoreUnavailableException} naming its key).
     *
     * @param timeout the wait (default 10 s)
     * @return this builder
     */
    public Builder outcomeTimeout(Duration timeout) {
      once.set("outcomeTimeout", timeout);
      this.outcomeTimeout = positiveMillis(timeout, "outcomeTimeout");
      return this;
    }

    /**
     * @param migrate whether {@link #build()} first applies the migrations
     *                ({@link PostgresLedgerSchema#migrate}); default false
     * @return this builder
     */
    public Builder migrate(boolean migrate) {
      once.set("migrate", migrate);
      this.migrate = migrate;
      return this;
    }

    /**
     * @param observer told about retried and failed contention and about partitions created on
     *                 demand (default: none)
     * @return this builder
     */
    public Builder observer(StoreObserver observer) {
      once.set("observer", observer);
      this.observer = notNull(observer, "observer");
      return this;
    }

    private static int between(int value, int min, int max, String field) {
      if (value < min || value > max) {
        throw new InvalidRequestException(field, value, "must be between " + min + " and " + max);
      }
      return value;
    }

    private static Duration positiveMillis(@Nullable Duration d, String field) {
      notNull(d, field);
      if (d.isNegative() || d.toMillis() < 1 || d.compareTo(Duration.ofHours(24)) > 0) {
        throw new InvalidRequestException(field, d, "must be between 1 ms and 24 h");
      }
      return d;
    }

    /**
     * Builds the store, checking that the schema holds a ledger.
     *
     * @return the store
     * @throws InvalidRequestException   naming {@code schema} when it holds no ledger tables, or lacks a
     *                                   migration the store relies on (versions 2, 7, 8 and 11)
     * @throws StoreUnavailableException when the database cannot be reached
     * @throws IllegalStateException     when this builder already built a store
     */
    public PostgresLedgerStore build() {
      once.build();
      if (migrate) {
        PostgresLedgerSchema.migrate(dataSource, schema);
      }
      StoreSql.SchemaCheck check = StoreSql.read(PostgresJdbi.create(dataSource, schema), "checking schema " + schema,
          sql -> sql.schemaCheck(schema));
      if (!check.tables()) {
        throw new InvalidRequestException("schema", schema,
            "holds no ledger tables; run PostgresLedgerSchema.migrate(dataSource, \"" + schema + "\") first");
      }
      requireVersion(check.stateChecks(), "function account_changed", "V2__state_checks_and_checkpoints.sql");
      requireVersion(check.valueDates(), "table value_balances", "V7__value_dates.sql");
      requireVersion(check.imports(), "table history_import", "V8__history_import.sql");
      requireVersion(check.feed(), "table changes", "V9__change_feed.sql");
      requireVersion(check.hashChains(), "table hash_chain_checkpoints", "V10__hash_chains.sql");
      requireVersion(check.categories(), "table category_accounts", "V11__account_categories.sql");
      requireVersion(check.monitors(), "table monitor_alerts", "V12__balance_monitors.sql");
      return new PostgresLedgerStore(this);
    }

    /** Refuses a schema that lacks what a migration added: the store would fail on first use. */
    private void requireVersion(boolean present, String object, String script) {
      if (!present) {
        throw new InvalidRequestException("schema", schema, "is at an older version of the ledger schema (" + object
            + ", added by " + script + ", is missing); run PostgresLedgerSchema.migrate(dataSource, \"" + schema
            + "\") or apply the new scripts with your migration tool");
      }
    }
  }
}
