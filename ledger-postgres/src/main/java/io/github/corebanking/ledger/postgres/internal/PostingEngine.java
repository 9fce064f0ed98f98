package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.spi.BatchPlan;
import io.github.corebanking.ledger.spi.HistoryImport;
import io.github.corebanking.ledger.spi.ImportPlan;
import io.github.corebanking.ledger.internal.EntryHashes;
import io.github.corebanking.ledger.spi.LockedState;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.StoredTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Applies postings to PostgreSQL, one database transaction per batch, planning every posting in
 * Java against the state left by the ones before it ({@link PostingPlanner}).
 *
 * <p>A batch of new transactions on accounts whose state the store remembers ({@link AccountStates})
 * is planned from those states and written and committed in a single round trip; the database
 * checks each account row against the state it was planned on and a duplicate idempotency key
 * against its unique index, and either aborts the transaction before COMMIT, after which the batch
 * is planned again the other way. Otherwise a first round trip locks the idempotency keys and the
 * union of the touched accounts (ascending id order) and reads them, and a second writes counters,
 * transactions and entries and commits.
 *
 * <p>This is the one place the library talks to the connection without Jdbi
 * ({@link PostgresJdbi} states the convention everywhere else): a posting's round trip is one
 * {@code PreparedStatement} carrying several statements (lock, check, write, {@code COMMIT}) with
 * array parameters, whose several results are read in order; Jdbi runs one statement per
 * execution, which would cost a round trip per statement. Its statements live in resources
 * like every other ({@link PostingSql}).
 *
 * <p>Retries serialization failures and deadlocks with jitter, and settles a commit whose
 * connection was lost from the server's record of that transaction ({@link CommitOutcome}): a
 * batch found committed is answered as committed, one found not committed is applied again (a
 * key stored meanwhile then replays). Not supported for use outside the library.
 */
public final class PostingEngine {

  private final DataSource dataSource;
  private final PostingSql sql;
  /**
   * The date the books are closed through as last read under a posting's locks or set by this
   * store's close or reopen; null until known, when batches are planned from locked rows.
   */
  private volatile @Nullable Optional<LocalDate> closedThrough;
  private final String keyLockPrefix;
  private final String lockTimeout;
  private final String statementTimeout;
  private final int maxRetries;
  private final Partitions partitions;
  private final StoreObserver observer;
  private final AccountStates states;
  private final CommitOutcome outcome;
  /** The write round trip after the rows were read and locked, and when nothing was read first. */
  private final String writeAfterRead;
  private final String writeChecked;
  /**
   * Whether this process saw a live batch commit, after which the ledger is live for good
   * ({@code history_import.live_since} is set). Until then every live batch is planned from locked
   * rows, reads the {@code history_import} row under its lock and marks the ledger live before it
   * writes.
   */
  private volatile boolean liveMarked;

  /**
   * @param dataSource       the primary database
   * @param sql              the schema's statements
   * @param schema           the schema's name, part of every advisory lock key
   * @param lockTimeout      {@code lock_timeout} for each posting transaction
   * @param statementTimeout {@code statement_timeout} for each posting transaction
   * @param maxRetries       retries after a serialization failure or deadlock
   * @param partitions       the partition keeper
   * @param observer         told about contention
   * @param states           the remembered account states
   * @param outcomeTimeout   how long a commit whose connection was lost waits for its database
   *                         transaction to end before the server is made to end it
   */
  public PostingEngine(DataSource dataSource, PostingSql sql, String schema, Duration lockTimeout,
      Duration statementTimeout, int maxRetries, Partitions partitions, StoreObserver observer,
      AccountStates states, Duration outcomeTimeout) {
    this.outcome = new CommitOutcome(dataSource, sql, outcomeTimeout);
    this.writeAfterRead = sql.get("postBatch") + ";\n" + sql.get("commit");
    this.writeChecked = sql.get("writeTimeouts") + ";\n" + writeAfterRead;
    this.observer = observer;
    this.states = states;
    this.dataSource = dataSource;
    this.sql = sql;
    this.keyLockPrefix = "corebanking-ledger:key:" + schema + ":";
    this.lockTimeout = lockTimeout.toMillis() + "ms";
    this.statementTimeout = statementTimeout.toMillis() + "ms";
    this.maxRetries = maxRetries;
    this.partitions = partitions;
  }

  /**
   * Applies postings in one database transaction.
   *
   * @param postings the postings, their instants already at microsecond precision
   * @param atomic   true: all or nothing, the first rejection is thrown; false: a rejected posting
   *                 is left out and reported in its result
   * @return one result per posting, in order
   * @throws LedgerException a rejection (atomic), or a failure of the database for the whole batch
   */
  public List<BatchPlan.Outcome> apply(List<StorePosting> postings, boolean atomic) {
    return enter(postings, atomic, false);
  }

  /**
   * Imports history in one database transaction, all or nothing: planned from locked rows by
   * {@link PostingPlanner#planImport} against the {@code history_import} row, locked after the
   * accounts, and written with the repair of the accounts' snapshots ({@code record_import}).
   *
   * @param postings new posted transactions, their instants already at microsecond precision
   * @return one result per posting, in order
   * @throws LedgerException a rejection, or a failure of the database
   */
  public List<BatchPlan.Outcome> importHistory(List<StorePosting> postings) {
    return enter(postings, true, true);
  }

  /**
   * Applies postings in a database transaction the caller owns, on its connection, without
   * committing: planned from locked rows (the same key locks, account locks in ascending id order
   * and checks as every batch) inside a savepoint, so that a rejection or a failure rolls back what
   * the posting did and leaves the caller's transaction usable. The settings a posting changes
   * ({@code lock_timeout}, {@code statement_timeout}, planner settings) are given back afterwards. A
   * deadlock is retried inside the savepoint; a serialization failure (the caller's transaction is
   * REPEATABLE READ or SERIALIZABLE) cannot be, and is thrown as a {@link ConcurrencyException}.
   * The accounts' remembered states are forgotten, since the caller may still roll back.
   *
   * @param c        the caller's connection, in a transaction (auto-commit off)
   * @param postings the postings, their instants already at microsecond precision
   * @param atomic   true: all or nothing, the first rejection is thrown; false: a rejected posting
   *                 is left out and reported in its result
   * @return one result per posting, in order
   * @throws LedgerException a rejection, or a failure of the database
   */
  public List<BatchPlan.Outcome> applyJoined(Connection c, List<StorePosting> postings, boolean atomic) {
    try {
      if (c.getAutoCommit()) {
        throw new io.github.corebanking.ledger.InvalidRequestException("connection", "autoCommit=true",
            "must be in a transaction the caller owns (auto-commit off); nothing was written");
      }
    } catch (SQLException e) {
      throw SqlStates.translate(e, "joining the caller's transaction");
    }
    partitions.ensureFor(postings);
    int attempt = 0;
    boolean partitionRetried = false;
    while (true) {
      Planned planned = null;
      java.sql.Savepoint savepoint = null;
      try {
        String[] settings = joinedSettings(c);
        savepoint = c.setSavepoint();
        planned = plan(c, postings, false);
        if (atomic && planned.plan.firstRejection().isPresent()) {
          c.rollback(savepoint);
          throw planned.plan.firstRejection().get();
        }
        if (planned.writes()) {
          if (!liveMarked) {
            markLive(c, planned);
          }
          write(c, planned, sql.get("postBatch"), false);
        }
        c.releaseSavepoint(savepoint);
        restoreSettings(c, settings);
        states.forget(planned.accounts());
        return planned.results();
      } catch (SQLException e) {
        if (savepoint != null) {
          try {
            c.rollback(savepoint);
          } catch (SQLException ignored) {
            // The connection is broken: the original failure says so.
          }
        }
        if (planned != null) {
          states.forget(planned.accounts());
        }
        if (SqlStates.isMissingPartition(e) && !partitionRetried) {
          partitionRetried = true;
          partitions.forget();
          partitions.ensureFor(postings);
          continue;
        }
        boolean retry = SqlStates.state(e).equals(SqlStates.DEADLOCK) && savepoint != null;
        Observers.contention(observer, "joined", SqlStates.state(e), attempt + 1, retry && attempt < maxRetries);
        if (retry && attempt < maxRetries) {
          attempt++;
          backoff(attempt);
          continue;
        }
        throw translate(e, postings);
      } catch (RuntimeException | Error e) {
        if (planned != null) {
          states.forget(planned.accounts());
        }
        throw e;
      }
    }
  }

  private String[] joinedSettings(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("joinedSettings")); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
    }
  }

  private void restoreSettings(Connection c, String[] settings) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("joinedRestore"))) {
      for (int i = 0; i < settings.length; i++) {
        ps.setString(i + 1, settings[i]);
      }
      ps.execute();
    }
  }

  /**
   * Reads transactions with their entries on a connection the caller owns, as its transaction sees
   * them.
   *
   * @param c   the caller's connection
   * @param ids the transactions
   * @return those that exist
   * @throws LedgerException typed, when the database fails
   */
  public List<Transaction> findTransactionsOn(Connection c, Collection<TransactionId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try {
      return loadTransactions(c, uuids(ids)).values().stream().map(Loaded::transaction).toList();
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading " + ids.size() + " transactions");
    }
  }

  /**
   * Reads the transaction stored under a key on a connection the caller owns.
   *
   * @param c   the caller's connection
   * @param key the idempotency key
   * @return it, when one is stored
   * @throws LedgerException typed, when the database fails
   */
  public Optional<Transaction> findTransactionByKeyOn(Connection c, String key) {
    try {
      return Optional.ofNullable(loadByKey(c, key)).map(Loaded::transaction);
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading the transaction of key " + key);
    }
  }

  /**
   * Reads balances on a connection the caller owns, as its transaction sees them.
   *
   * @param c   the caller's connection
   * @param ids the accounts
   * @return the balances of those that exist
   * @throws LedgerException typed, when the database fails
   */
  public List<Balance> balancesOn(Connection c, Collection<AccountId> ids) {
    Set<UUID> uuids = new TreeSet<>();
    for (AccountId id : ids) {
      uuids.add(id.value());
    }
    List<Balance> result = new ArrayList<>(uuids.size());
    try (PreparedStatement ps = c.prepareStatement(sql.get("balancesByIds"))) {
      ps.setArray(1, Rows.uuids(c, uuids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(Rows.balance(rs, Rows.account(rs)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading " + uuids.size() + " balances");
    }
  }

  private List<BatchPlan.Outcome> enter(List<StorePosting> postings, boolean atomic, boolean importing) {
    if (!importing) {
      // An import's partitions wait until it is planned and accepted (the missing-partition retry
      // below creates them), so that a refused import creates none.
      partitions.ensureFor(postings);
    }
    Object batch = new Object();
    Set<AccountId> ids = accountIds(postings);
    states.enter(batch, ids);
    try {
      return applyEntered(postings, ids, atomic, importing);
    } finally {
      states.exit(batch, ids);
    }
  }

  /** The accounts of the batch's new transactions: those that may be planned from remembered states. */
  private static Set<AccountId> accountIds(List<StorePosting> postings) {
    Set<AccountId> ids = new java.util.HashSet<>();
    for (StorePosting p : postings) {
      if (p instanceof StorePosting.NewTransaction n) {
        for (EntryRequest line : n.lines()) {
          ids.add(line.accountId());
        }
      }
    }
    return ids;
  }

  private List<BatchPlan.Outcome> applyEntered(List<StorePosting> postings, Set<AccountId> ids, boolean atomic,
      boolean importing) {
    int attempt = 0;
    boolean partitionRetried = false;
    boolean fromStates = !importing && liveMarked;
    while (true) {
      Planned planned = null;
      boolean checked = false;
      boolean committing = false;
      Connection c = null;
      CommitOutcome.Attempt started = null;
      try {
        if (fromStates) {
          fromStates = false;
          planned = planFromStates(postings, ids);
          checked = planned != null;
        }
        c = dataSource.getConnection();
        started = CommitOutcome.Attempt.on(c);
        c.setAutoCommit(false);
        if (planned == null) {
          states.rowBatch();
          planned = plan(c, postings, importing);
          if (atomic && planned.plan.firstRejection().isPresent()) {
            c.rollback();
            throw planned.plan.firstRejection().get();
          }
          if (planned.writes()) {
            if (importing) {
              recordImport(c, planned);
            } else if (!liveMarked) {
              markLive(c, planned);
            }
          }
        }
        committing = true;
        if (planned.writes()) {
          writeAndCommit(c, planned, checked);
          if (!importing) {
            liveMarked = true;
          }
        } else {
          c.commit();
        }
        if (checked) {
          states.checkedBatch(false);
        }
        states.put(planned.finalStates());
        return planned.results();
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (committing && planned.writes() && SqlStates.isConnectionFailure(e)) {
          abortQuietly(c);
          Boolean committed = outcome.committed(planned.probe(), java.util.Objects.requireNonNull(started));
          if (committed == null) {
            states.forget(planned.accounts());
            throw OutcomeUnknownException.of(planned.probe(), e);
          }
          if (committed) {
            states.put(planned.finalStates());
            return planned.results();
          }
        }
        if (planned != null) {
          states.forget(planned.accounts());
        }
        if (SqlStates.state(e).equals(SqlStates.PERIOD_CLOSED) && attempt < maxRetries) {
          // A period closed after the batch was planned: plan it again from locked rows, which
          // reads the closures again, so that the postings in it are refused and the rest booked.
          attempt++;
          closedThrough = null;
          continue;
        }
        if (checked && (SqlStates.isAccountChanged(e) || isKeyViolation(e))) {
          // Planned on a state that is gone, or a key stored meanwhile: plan again from locked rows.
          states.checkedBatch(SqlStates.isAccountChanged(e));
          continue;
        }
        if (SqlStates.isMissingPartition(e) && !partitionRetried) {
          partitionRetried = true;
          partitions.forget();
          partitions.ensureFor(postings);
          continue;
        }
        boolean retry = SqlStates.isRetryable(e) || SqlStates.isConnectionFailure(e)
            || isKeyViolation(e);
        String operation = atomic ? "applyAll" : "apply";
        Observers.contention(observer, operation, SqlStates.state(e), attempt + 1, retry && attempt < maxRetries);
        if (retry && attempt < maxRetries) {
          attempt++;
          backoff(attempt);
          continue;
        }
        throw translate(e, postings);
      } catch (RuntimeException | Error e) {
        if (planned != null) {
          states.forget(planned.accounts());
        }
        throw e;
      } finally {
        close(c);
      }
    }
  }

  /**
   * Sets the date the books are closed through, as this store's own close or reopen left it. A
   * batch planned from remembered states plans against it; the database checks it again.
   *
   * @param through the date, or empty when no period is closed
   */
  public void closedThrough(Optional<LocalDate> through) {
    closedThrough = through;
  }

  /**
   * Forgets accounts whose state changed outside a posting (a status change).
   *
   * @param ids the accounts
   */
  public void forget(Collection<AccountId> ids) {
    states.forget(ids);
  }

  private static boolean isKeyViolation(SQLException e) {
    return SqlStates.state(e).equals(SqlStates.UNIQUE_VIOLATION)
        && "transactions_idempotency_key_key".equals(SqlStates.constraint(e));
  }

  private static LedgerException translate(SQLException e, List<StorePosting> postings) {
    String state = SqlStates.state(e);
    if (state.equals(SqlStates.SERIALIZATION_FAILURE) || state.equals(SqlStates.DEADLOCK)) {
      return new ConcurrencyException(null, null, "posting failed after retries because of concurrent activity "
          + "(SQLSTATE " + state + "); nothing was written, retry with the same idempotency key", e);
    }
    if (state.equals(SqlStates.UNIQUE_VIOLATION) && "transactions_reverses_key".equals(SqlStates.constraint(e))) {
      StorePosting p = postings.get(0);
      return new TransactionStateException("transactionId", p.target(), "was already reversed", e);
    }
    return SqlStates.translate(e, postings.size() == 1 ? "posting" : "posting a batch of " + postings.size());
  }

  private void backoff(int attempt) {
    long capMillis = Math.min(200, 5L << Math.min(attempt, 6));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, capMillis + 1) * 1_000_000);
  }

  // ---- planning ----

  /** A batch planned by {@link PostingPlanner}, with the locked state it was planned on. */
  private static final class Planned {
    final BatchPlan plan;
    /** The batch's accounts as read (or remembered), definitions and balances before the batch. */
    final Map<AccountId, AccountStates.State> read;
    /** Whether {@link #read} came from remembered states, which the write checks against the rows. */
    final boolean remembered;

    /** The import's plan, for an import batch. */
    final @Nullable ImportPlan imported;

    Planned(BatchPlan plan, Map<AccountId, AccountStates.State> read, boolean remembered) {
      this(plan, read, remembered, null);
    }

    Planned(BatchPlan plan, Map<AccountId, AccountStates.State> read, boolean remembered,
        @Nullable ImportPlan imported) {
      this.plan = plan;
      this.read = read;
      this.remembered = remembered;
      this.imported = imported;
    }

    boolean writes() {
      return plan.writes();
    }

    StorePosting probe() {
      return java.util.Objects.requireNonNull(plan.firstWriting());
    }

    List<BatchPlan.Outcome> results() {
      return plan.outcomes();
    }

    Set<AccountId> accounts() {
      return read.keySet();
    }

    /** @return every account of the batch as it is once the batch committed */
    List<AccountStates.State> finalStates() {
      Map<AccountId, String> heads = new HashMap<>();
      for (Entry e : plan.entries()) {
        heads.put(e.accountId(), e.hash());
      }
      List<AccountStates.State> result = new ArrayList<>(read.size());
      for (AccountStates.State st : read.values()) {
        Balance after = plan.balances().get(st.account().id());
        String head = heads.getOrDefault(st.account().id(), st.lastEntryHash());
        result.add(after == null ? st : new AccountStates.State(st.account(), after, head));
      }
      return result;
    }
  }

  /** The locked (or remembered) state a batch is planned on. */
  private record Read(Map<AccountId, AccountStates.State> accounts, Map<String, UUID> keys,
      Map<TransactionId, Loaded> transactions, Optional<LocalDate> closedThrough, @Nullable Instant importedThrough)
      implements LockedState {

    @Override
    public Optional<Account> account(AccountId id) {
      AccountStates.State st = accounts.get(id);
      return st == null ? Optional.empty() : Optional.of(st.account());
    }

    @Override
    public Balance balance(AccountId id) {
      return accounts.get(id).balance();
    }

    @Override
    public @Nullable String lastEntryHash(AccountId id) {
      return accounts.get(id).lastEntryHash();
    }

    @Override
    public Optional<StoredTransaction> byKey(String idempotencyKey) {
      UUID id = keys.get(idempotencyKey);
      return id == null ? Optional.empty() : transaction(new TransactionId(id));
    }

    @Override
    public Optional<StoredTransaction> transaction(TransactionId id) {
      Loaded loaded = transactions.get(id);
      return loaded == null ? Optional.empty()
          : Optional.of(new StoredTransaction(loaded.transaction(), loaded.requestHash()));
    }
  }

  /**
   * Plans a batch from remembered account states, without reading the database: only for new
   * transactions (no hold to settle, nothing to reverse) on accounts whose states are all known,
   * and only when every posting is accepted (a rejection is confirmed against locked rows). A key
   * stored meanwhile is caught by its unique index, after which the batch is planned from rows.
   */
  private @Nullable Planned planFromStates(List<StorePosting> postings, Set<AccountId> ids) {
    for (StorePosting p : postings) {
      if (!(p instanceof StorePosting.NewTransaction)) {
        return null;
      }
    }
    Map<AccountId, AccountStates.State> known = states.all(ids);
    if (known == null) {
      return null;
    }
    Optional<LocalDate> closed = closedThrough;
    if (closed == null) {
      return null;
    }
    BatchPlan plan = PostingPlanner.plan(postings, new Read(known, Map.of(), Map.of(), closed, null));
    return plan.firstRejection().isPresent() ? null : new Planned(plan, known, true);
  }

  /**
   * Plans a batch from locked rows: reads the targets to learn their accounts, then in one round
   * trip locks the keys (advisory locks) and the accounts (ascending id), reads them and the
   * stored keys, and reads the targets again under the locks.
   */
  private Planned plan(Connection c, List<StorePosting> postings, boolean importing) throws SQLException {
    Set<TransactionId> targets = PostingPlanner.targets(postings);
    Map<TransactionId, Loaded> unlocked = targets.isEmpty() ? Map.of() : loadTransactions(c, uuids(targets));
    Set<UUID> accountIds = new TreeSet<>();
    for (AccountId id : PostingPlanner.accountsToLock(postings,
        id -> Optional.ofNullable(unlocked.get(id)).map(Loaded::transaction))) {
      accountIds.add(id.value());
    }
    Set<String> keys = PostingPlanner.idempotencyKeys(postings);
    Map<String, UUID> stored = new HashMap<>();
    Map<AccountId, AccountStates.State> read = new LinkedHashMap<>();
    Optional<LocalDate> closed;
    try (PreparedStatement ps = c.prepareStatement(sql.get("batchPrepare"))) {
      ps.setString(1, lockTimeout);
      ps.setString(2, statementTimeout);
      ps.setString(3, keyLockPrefix);
      ps.setArray(4, Rows.texts(c, keys));
      ps.setArray(5, Rows.texts(c, keys));
      ps.setArray(6, Rows.uuids(c, accountIds));
      ps.execute();
      nextResult(ps); // the advisory locks
      nextResult(ps);
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          stored.put(rs.getString(1), rs.getObject(2, UUID.class));
        }
      }
      nextResult(ps);
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          Account a = Rows.account(rs);
          read.put(a.id(), new AccountStates.State(a, Rows.balance(rs, a), EntryHashes.hex(rs.getBytes(17))));
        }
      }
      nextResult(ps);
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        LocalDate through = rs.getObject(1, LocalDate.class);
        closed = Optional.ofNullable(through);
      }
    }
    closedThrough = closed;
    Set<UUID> toLoad = new TreeSet<>(uuids(targets));
    toLoad.addAll(stored.values());
    Map<TransactionId, Loaded> loaded = toLoad.isEmpty() ? Map.of() : loadTransactions(c, toLoad);
    if (!importing) {
      // Until this process has seen the ledger live, an import may commit meanwhile: read (and
      // lock) where it stands, so that no live entry is planned before imported history.
      Instant importedThrough = liveMarked ? null : lockHistoryImport(c).bookedThrough();
      Read state = new Read(read, stored, loaded, closed, importedThrough);
      return new Planned(PostingPlanner.plan(postings, state), read, false);
    }
    Read state = new Read(read, stored, loaded, closed, null);
    HistoryImport history = lockHistoryImport(c);
    List<StorePosting.NewTransaction> imported = new ArrayList<>(postings.size());
    for (StorePosting p : postings) {
      imported.add((StorePosting.NewTransaction) p);
    }
    ImportPlan plan;
    try {
      plan = PostingPlanner.planImport(imported, state, history);
    } catch (LedgerException e) {
      c.rollback();
      throw e;
    }
    return new Planned(plan.batch(), read, false, plan);
  }

  // ---- importing ----

  /** Locks the {@code history_import} row for the rest of the transaction and reads it. */
  private HistoryImport lockHistoryImport(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("lockHistoryImport"));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("lock_history_import() returned no row: the history_import row is missing");
      }
      return new HistoryImport(Rows.nullableInstant(rs, 1), rs.getBoolean(2));
    }
  }

  /** Checks the import batch against the locked row again, repairs snapshots and moves the row on. */
  private void recordImport(Connection c, Planned planned) throws SQLException {
    ImportPlan plan = java.util.Objects.requireNonNull(planned.imported);
    Set<UUID> accounts = new TreeSet<>();
    for (AccountId id : plan.batch().balances().keySet()) {
      accounts.add(id.value());
    }
    try (PreparedStatement ps = c.prepareStatement(sql.get("recordImport"))) {
      ps.setString(1, Rows.text(plan.firstBooked()));
      ps.setString(2, Rows.text(plan.after().bookedThrough()));
      ps.setLong(3, plan.batch().created().size());
      ps.setArray(4, Rows.uuids(c, accounts));
      ps.execute();
    }
  }

  /** Marks the ledger live (once per process), before the first live batch this process writes. */
  private void markLive(Connection c, Planned planned) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("markLive"))) {
      ps.setString(1, Rows.text(planned.probe().postedAt()));
      ps.execute();
    }
  }

  private static Set<UUID> uuids(Collection<TransactionId> ids) {
    Set<UUID> result = new TreeSet<>();
    for (TransactionId id : ids) {
      result.add(id.value());
    }
    return result;
  }

  private static void nextResult(PreparedStatement ps) throws SQLException {
    if (!ps.getMoreResults() && ps.getUpdateCount() == -1) {
      throw new SQLException("batchPrepare.sql returned fewer results than expected");
    }
  }

  // ---- writing ----

  /**
   * Writes the batch and commits in the same round trip, through the schema's {@code post_batch}:
   * the counters of the touched accounts (checked against the states they were planned on), the
   * new transactions, the settled holds and the entries, which the database checks agree.
   */
  private void writeAndCommit(Connection c, Planned planned, boolean checked) throws SQLException {
    write(c, planned, checked ? writeChecked : writeAfterRead, checked);
  }

  /** Writes the batch through {@code post_batch} in one statement of SQL {@code statement}. */
  private void write(Connection c, Planned planned, String statement, boolean checked) throws SQLException {
    BatchPlan plan = planned.plan;
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      int k = 1;
      if (checked) {
        ps.setString(k++, lockTimeout);
        ps.setString(k++, statementTimeout);
      }
      Map<AccountId, Integer> accountAt = new HashMap<>();
      k = bindAccounts(c, ps, k, planned, accountAt);
      Map<TransactionId, Integer> created = new HashMap<>();
      k = bindTransactions(c, ps, k, plan.created(), created);
      Map<TransactionId, Integer> settled = new HashMap<>();
      k = bindSettlements(c, ps, k, plan.settled(), settled);
      bindEntries(c, ps, k, plan.entries(), accountAt, created, settled);
      ps.execute();
      // Drain every result so that an error in any statement surfaces here.
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // nothing to read
      }
    }
  }

  /**
   * Binds the accounts in id order: ids, then the currency, scale and normal side planned on, the
   * final counters, and the status and counters planned on. Records each account's position (from 1),
   * by which its entries name it.
   */
  private static int bindAccounts(Connection c, PreparedStatement ps, int k, Planned planned,
      Map<AccountId, Integer> accountAt) throws SQLException {
    int n = planned.plan.balances().size();
    UUID[] ids = new UUID[n];
    String[] currencies = new String[n];
    Integer[] scales = new Integer[n];
    Boolean[] debitNormal = new Boolean[n];
    String[] statuses = new String[n];
    List<Balance> after = new ArrayList<>(n);
    List<Balance> before = new ArrayList<>(n);
    int i = 0;
    for (Map.Entry<AccountId, Balance> b : planned.plan.balances().entrySet()) {
      AccountStates.State state = planned.read.get(b.getKey());
      Account account = state.account();
      ids[i] = b.getKey().value();
      currencies[i] = account.currency().code();
      scales[i] = account.currency().scale();
      debitNormal[i] = account.type().normalSide() == Side.DEBIT;
      statuses[i] = account.status().name();
      after.add(b.getValue());
      before.add(state.balance());
      accountAt.put(b.getKey(), ++i);
    }
    ps.setArray(k++, c.createArrayOf("uuid", ids));
    ps.setArray(k++, c.createArrayOf("text", currencies));
    ps.setArray(k++, c.createArrayOf("int2", scales));
    ps.setArray(k++, c.createArrayOf("bool", debitNormal));
    k = bindCounters(c, ps, k, after);
    ps.setArray(k++, c.createArrayOf("text", statuses));
    return bindCounters(c, ps, k, before);
  }

  /** Binds posted debits, posted credits, pending debits, pending credits and version, in that order. */
  private static int bindCounters(Connection c, PreparedStatement ps, int k, List<Balance> balances)
      throws SQLException {
    int n = balances.size();
    Long[] pd = new Long[n];
    Long[] pc = new Long[n];
    Long[] qd = new Long[n];
    Long[] qc = new Long[n];
    Long[] ver = new Long[n];
    for (int i = 0; i < n; i++) {
      Balance b = balances.get(i);
      pd[i] = b.postedDebits();
      pc[i] = b.postedCredits();
      qd[i] = b.pendingDebits();
      qc[i] = b.pendingCredits();
      ver[i] = b.version();
    }
    ps.setArray(k++, c.createArrayOf("int8", pd));
    ps.setArray(k++, c.createArrayOf("int8", pc));
    ps.setArray(k++, c.createArrayOf("int8", qd));
    ps.setArray(k++, c.createArrayOf("int8", qc));
    ps.setArray(k++, c.createArrayOf("int8", ver));
    return k;
  }

  /** Binds the transactions created; the k-th (from 1) is at position k. */
  private static int bindTransactions(Connection c, PreparedStatement ps, int k, List<StoredTransaction> created,
      Map<TransactionId, Integer> createdAt) throws SQLException {
    int t = created.size();
    UUID[] txIds = new UUID[t];
    String[] keys = new String[t];
    String[] hashes = new String[t];
    String[] descriptions = new String[t];
    String[] dates = new String[t];
    String[] postedAt = new String[t];
    String[] statuses = new String[t];
    String[] metadata = new String[t];
    String[] expires = new String[t];
    UUID[] reverses = new UUID[t];
    String[] digests = new String[t];
    for (int i = 0; i < t; i++) {
      Transaction tx = created.get(i).transaction();
      createdAt.put(tx.id(), i + 1);
      txIds[i] = tx.id().value();
      keys[i] = tx.idempotencyKey();
      hashes[i] = created.get(i).requestHash();
      descriptions[i] = tx.description();
      dates[i] = tx.effectiveDate().toString();
      postedAt[i] = Rows.text(tx.postedAt());
      statuses[i] = tx.status().name();
      metadata[i] = Rows.json(tx.metadata());
      expires[i] = Rows.text(tx.expiresAt());
      reverses[i] = tx.reverses() == null ? null : tx.reverses().value();
      digests[i] = tx.digest();
    }
    ps.setArray(k++, c.createArrayOf("uuid", txIds));
    ps.setArray(k++, c.createArrayOf("text", keys));
    ps.setArray(k++, c.createArrayOf("text", hashes));
    ps.setArray(k++, c.createArrayOf("text", descriptions));
    ps.setArray(k++, c.createArrayOf("text", dates));
    ps.setArray(k++, c.createArrayOf("text", postedAt));
    ps.setArray(k++, c.createArrayOf("text", statuses));
    ps.setArray(k++, c.createArrayOf("text", metadata));
    ps.setArray(k++, c.createArrayOf("text", expires));
    ps.setArray(k++, c.createArrayOf("uuid", reverses));
    ps.setArray(k++, c.createArrayOf("text", digests));
    return k;
  }

  /** Binds the holds settled; the k-th (from 1) is at position -k. */
  private static int bindSettlements(Connection c, PreparedStatement ps, int k, List<BatchPlan.Settlement> settled,
      Map<TransactionId, Integer> settledPositions) throws SQLException {
    int s = settled.size();
    UUID[] settledIds = new UUID[s];
    String[] settledStatus = new String[s];
    String[] settledAt = new String[s];
    String[] digests = new String[s];
    for (int i = 0; i < s; i++) {
      BatchPlan.Settlement st = settled.get(i);
      settledPositions.put(st.transaction().id(), -(i + 1));
      settledIds[i] = st.transaction().id().value();
      settledStatus[i] = st.transaction().status().name();
      settledAt[i] = Rows.text(st.settledAt());
      digests[i] = st.transaction().digest();
    }
    ps.setArray(k++, c.createArrayOf("uuid", settledIds));
    ps.setArray(k++, c.createArrayOf("text", settledStatus));
    ps.setArray(k++, c.createArrayOf("text", settledAt));
    ps.setArray(k++, c.createArrayOf("text", digests));
    return k;
  }

  /**
   * Binds the entries, each naming its transaction and account by position; its account id,
   * currency and scale are its account's. A hold created and committed in one batch has its
   * pending entries under its creation and its posted ones under its settlement.
   */
  private static void bindEntries(Connection c, PreparedStatement ps, int k, List<Entry> list,
      Map<AccountId, Integer> accountAt, Map<TransactionId, Integer> createdAt, Map<TransactionId, Integer> settledAt)
      throws SQLException {
    int e = list.size();
    UUID[] entryIds = new UUID[e];
    Integer[] transactions = new Integer[e];
    Integer[] ordinals = new Integer[e];
    Integer[] accounts = new Integer[e];
    Boolean[] debits = new Boolean[e];
    Long[] amounts = new Long[e];
    Boolean[] pending = new Boolean[e];
    String[] entryAt = new String[e];
    Long[] after = new Long[e];
    Long[] versions = new Long[e];
    String[] hashes = new String[e];
    for (int i = 0; i < e; i++) {
      Entry x = list.get(i);
      entryIds[i] = x.id().value();
      Integer settled = x.pending() ? null : settledAt.get(x.transactionId());
      transactions[i] = settled != null ? settled : createdAt.get(x.transactionId());
      ordinals[i] = x.ordinal();
      accounts[i] = accountAt.get(x.accountId());
      debits[i] = x.side() == Side.DEBIT;
      amounts[i] = x.amount().minorUnits();
      pending[i] = x.pending();
      entryAt[i] = Rows.text(x.postedAt());
      after[i] = x.balanceAfter().minorUnits();
      versions[i] = x.accountVersion();
      hashes[i] = x.hash();
    }
    ps.setArray(k++, c.createArrayOf("uuid", entryIds));
    ps.setArray(k++, c.createArrayOf("int4", transactions));
    ps.setArray(k++, c.createArrayOf("int4", ordinals));
    ps.setArray(k++, c.createArrayOf("int4", accounts));
    ps.setArray(k++, c.createArrayOf("bool", debits));
    ps.setArray(k++, c.createArrayOf("int8", amounts));
    ps.setArray(k++, c.createArrayOf("bool", pending));
    ps.setArray(k++, c.createArrayOf("text", entryAt));
    ps.setArray(k++, c.createArrayOf("int8", after));
    ps.setArray(k++, c.createArrayOf("int8", versions));
    ps.setArray(k, c.createArrayOf("text", hashes));
  }

  // ---- reading transactions ----

  /**
   * A stored transaction with what the store keeps beside it.
   *
   * @param transaction the transaction with its entries
   * @param requestHash the digest of the request that created it
   * @param settledAt   when a hold was settled, or null
   */
  public record Loaded(Transaction transaction, String requestHash, @Nullable Instant settledAt) {}

  /**
   * Reads one transaction with its entries, on a connection of its own.
   *
   * @param id the transaction
   * @return it, when it exists
   * @throws LedgerException typed, when the database fails
   */
  public Optional<Transaction> findTransaction(TransactionId id) {
    try (Connection c = dataSource.getConnection()) {
      return Optional.ofNullable(loadTransactions(c, List.of(id.value())).get(id)).map(Loaded::transaction);
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading transaction " + id);
    }
  }

  /**
   * Reads transactions with their entries, on a connection of its own.
   *
   * @param ids the transactions
   * @return those that exist
   * @throws LedgerException typed, when the database fails
   */
  public List<Transaction> findTransactions(Collection<TransactionId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection()) {
      return findTransactionsOn(c, ids);
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading " + ids.size() + " transactions");
    }
  }

  /**
   * Reads the transaction stored under an idempotency key, on a connection of its own.
   *
   * @param key the key
   * @return it, when one is stored
   * @throws LedgerException typed, when the database fails
   */
  public Optional<Transaction> findTransactionByKey(String key) {
    try (Connection c = dataSource.getConnection()) {
      return Optional.ofNullable(loadByKey(c, key)).map(Loaded::transaction);
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading the transaction of key " + key);
    }
  }

  /**
   * Reads transactions with their entries.
   *
   * @param c   the connection
   * @param ids the transactions
   * @return those that exist
   * @throws SQLException when reading fails
   */
  private Map<TransactionId, Loaded> loadTransactions(Connection c, Collection<UUID> ids) throws SQLException {
    List<Rows.TxRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("transactionsByIds"))) {
      ps.setArray(1, Rows.uuids(c, ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(Rows.txRow(rs));
        }
      }
    }
    return withEntries(c, rows);
  }

  /**
   * Reads the transaction stored under a key, with its entries.
   *
   * @param c   the connection
   * @param key the idempotency key
   * @return the transaction, or null
   * @throws SQLException when reading fails
   */
  private @Nullable Loaded loadByKey(Connection c, String key) throws SQLException {
    List<Rows.TxRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("transactionByKey"))) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(Rows.txRow(rs));
        }
      }
    }
    return rows.isEmpty() ? null : withEntries(c, rows).values().iterator().next();
  }

  private Map<TransactionId, Loaded> withEntries(Connection c, List<Rows.TxRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return Map.of();
    }
    Set<UUID> ids = new TreeSet<>();
    Set<String> instants = new TreeSet<>();
    for (Rows.TxRow r : rows) {
      ids.add(r.id().value());
      instants.add(r.postedAt().toString());
      if (r.settledAt() != null) {
        instants.add(r.settledAt().toString());
      }
    }
    Map<TransactionId, List<Entry>> entries = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("entriesByTransactions"))) {
      ps.setArray(1, Rows.uuids(c, ids));
      ps.setArray(2, Rows.texts(c, instants));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Entry e = Rows.entry(rs);
          entries.computeIfAbsent(e.transactionId(), k -> new ArrayList<>()).add(e);
        }
      }
    }
    Map<TransactionId, Loaded> result = new LinkedHashMap<>();
    for (Rows.TxRow r : rows) {
      result.put(r.id(), new Loaded(r.toTransaction(entries.getOrDefault(r.id(), List.of())), r.requestHash(),
          r.settledAt()));
    }
    return result;
  }

  /** Closes the client's side of a lost connection, so the server reads the end of its stream. */
  private static void abortQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.abort(Runnable::run);
    } catch (SQLException | RuntimeException ignored) {
      // Already closed; the pool discards it.
    }
  }

  private static void rollbackQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is broken or the transaction already ended; the original failure matters.
    }
  }

  private static void close(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // A broken connection is discarded by the pool.
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing useful to do; the pool logs it.
    }
  }
}
