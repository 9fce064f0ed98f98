package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.AccountDelta;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.EntryDraft;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.spi.StorePosting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Retries serialization failures and deadlocks with jitter, and settles a commit whose
 * connection was lost by looking the outcome up on a fresh connection. Not supported for use
 * outside the library.
 */
public final class PostingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(PostingEngine.class);

  private final DataSource dataSource;
  private final SqlResources sql;
  private final String keyLockPrefix;
  private final String lockTimeout;
  private final String statementTimeout;
  private final int maxRetries;
  private final Partitions partitions;
  private final StoreObserver observer;
  private final AccountStates states;
  private final Map<Integer, String> writeStatements = new java.util.concurrent.ConcurrentHashMap<>();

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
   */
  public PostingEngine(DataSource dataSource, SqlResources sql, String schema, Duration lockTimeout,
      Duration statementTimeout, int maxRetries, Partitions partitions, StoreObserver observer,
      AccountStates states) {
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
   * The outcome of one posting of a batch: its result or the typed rejection.
   *
   * @param applied the result, when accepted or replayed
   * @param error   the rejection, otherwise
   */
  public record Result(@Nullable AppliedPosting applied, @Nullable LedgerException error) {

    /**
     * @return the result
     * @throws LedgerException the rejection
     */
    public AppliedPosting get() {
      if (error != null) {
        throw error;
      }
      return applied;
    }
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
  public List<Result> apply(List<StorePosting> postings, boolean atomic) {
    partitions.ensureFor(postings);
    Object batch = new Object();
    Set<AccountId> ids = accountIds(postings);
    states.enter(batch, ids);
    try {
      return applyEntered(postings, ids, atomic);
    } finally {
      states.exit(batch, ids);
    }
  }

  private static Set<AccountId> accountIds(List<StorePosting> postings) {
    Set<AccountId> ids = new java.util.HashSet<>();
    for (StorePosting p : postings) {
      for (EntryDraft e : p.entries()) {
        ids.add(e.accountId());
      }
      for (AccountDelta d : p.deltas()) {
        ids.add(d.accountId());
      }
    }
    return ids;
  }

  private List<Result> applyEntered(List<StorePosting> postings, Set<AccountId> ids, boolean atomic) {
    int attempt = 0;
    boolean partitionRetried = false;
    boolean fromStates = true;
    while (true) {
      Planned planned = null;
      boolean checked = false;
      boolean committing = false;
      Connection c = null;
      try {
        if (fromStates) {
          fromStates = false;
          planned = planFromStates(postings, ids);
          checked = planned != null;
        }
        c = dataSource.getConnection();
        c.setAutoCommit(false);
        if (planned == null) {
          states.rowBatch();
          planned = plan(c, postings);
          if (atomic && planned.firstError() != null) {
            c.rollback();
            throw planned.firstError();
          }
        }
        committing = true;
        if (planned.writes()) {
          writeAndCommit(c, planned, checked);
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
          Boolean committed = committed(planned.probe());
          if (committed == null) {
            states.forget(planned.accounts.keySet());
            StorePosting probe = planned.probe();
            throw new OutcomeUnknownException(probe.createsTransaction() ? "idempotencyKey" : "transactionId",
                probe.createsTransaction() ? probe.idempotencyKey() : probe.transactionId(),
                "has an unknown outcome: the connection was lost while committing and the database cannot be "
                    + "reached to check; look the transaction up before retrying", e);
          }
          if (committed) {
            states.put(planned.finalStates());
            return planned.results();
          }
        }
        if (planned != null) {
          states.forget(planned.accounts.keySet());
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
          states.forget(planned.accounts.keySet());
        }
        throw e;
      } finally {
        close(c);
      }
    }
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
      return new TransactionStateException("transactionId", p.reverses(), "was already reversed", e);
    }
    return SqlStates.translate(e, postings.size() == 1 ? "posting" : "posting a batch of " + postings.size());
  }

  private void backoff(int attempt) {
    long capMillis = Math.min(200, 5L << Math.min(attempt, 6));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, capMillis + 1) * 1_000_000);
  }

  // ---- planning ----

  /** What a batch will write and what each posting gets. */
  private static final class Planned {
    final Result[] results;
    final Map<AccountId, Balance> balances = new LinkedHashMap<>();
    final Map<AccountId, Account> accounts = new HashMap<>();
    final Set<AccountId> touched = new TreeSet<>();
    final List<StorePosting> created = new ArrayList<>();
    final List<StorePosting> settled = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    /** The remembered states a batch was planned on; empty when planned from locked rows. */
    final Map<AccountId, AccountStates.State> before = new HashMap<>();
    @Nullable StorePosting probe;

    Planned(int size) {
      results = new Result[size];
    }

    boolean writes() {
      return probe != null;
    }

    StorePosting probe() {
      return probe;
    }

    @Nullable LedgerException firstError() {
      for (Result r : results) {
        if (r.error() != null) {
          return r.error();
        }
      }
      return null;
    }

    List<Result> results() {
      return List.of(results);
    }

    /** @return every account of the batch as it is once the batch committed */
    List<AccountStates.State> finalStates() {
      List<AccountStates.State> result = new ArrayList<>(accounts.size());
      for (Account a : accounts.values()) {
        result.add(new AccountStates.State(a, balances.get(a.id())));
      }
      return result;
    }
  }

  /**
   * Plans a batch from remembered account states, without reading the database: only for new
   * transactions (no hold to settle, nothing to reverse) on accounts whose states are all known,
   * and only when every posting is accepted (a rejection is confirmed against locked rows).
   */
  private @Nullable Planned planFromStates(List<StorePosting> postings, Set<AccountId> ids) {
    for (StorePosting p : postings) {
      if (p.kind() != StorePosting.Kind.CREATE) {
        return null;
      }
    }
    Map<AccountId, AccountStates.State> known = states.all(ids);
    if (known == null) {
      return null;
    }
    Planned planned = new Planned(postings.size());
    for (AccountStates.State st : known.values()) {
      planned.accounts.put(st.account().id(), st.account());
      planned.balances.put(st.account().id(), st.balance());
      planned.before.put(st.account().id(), st);
    }
    Map<String, Loaded> keysInBatch = new HashMap<>();
    Map<TransactionId, Loaded> targetsInBatch = new HashMap<>();
    for (int i = 0; i < postings.size(); i++) {
      try {
        planned.results[i] = new Result(planOne(postings.get(i), planned, Map.of(), Map.of(), keysInBatch,
            targetsInBatch), null);
      } catch (LedgerException e) {
        return null;
      }
    }
    return planned;
  }

  private Planned plan(Connection c, List<StorePosting> postings) throws SQLException {
    Set<String> keys = new TreeSet<>();
    Set<UUID> accountIds = new TreeSet<>();
    Set<UUID> targets = new TreeSet<>();
    for (StorePosting p : postings) {
      if (p.createsTransaction()) {
        keys.add(p.idempotencyKey());
      }
      for (AccountDelta d : p.deltas()) {
        accountIds.add(d.accountId().value());
      }
      for (EntryDraft e : p.entries()) {
        accountIds.add(e.accountId().value());
      }
      if (p.kind() == StorePosting.Kind.COMMIT || p.kind() == StorePosting.Kind.VOID) {
        targets.add(p.transactionId().value());
      } else if (p.kind() == StorePosting.Kind.REVERSE) {
        targets.add(p.reverses().value());
      }
    }
    Planned planned = new Planned(postings.size());
    Map<String, UUID> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("batch_prepare"))) {
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
          planned.accounts.put(a.id(), a);
          planned.balances.put(a.id(), Rows.balance(rs, a));
        }
      }
    }
    Set<UUID> toLoad = new TreeSet<>(targets);
    toLoad.addAll(stored.values());
    Map<TransactionId, Loaded> loaded = toLoad.isEmpty() ? Map.of() : loadTransactions(c, toLoad);

    Map<String, Loaded> keysInBatch = new HashMap<>();
    Map<TransactionId, Loaded> targetsInBatch = new HashMap<>();
    for (int i = 0; i < postings.size(); i++) {
      StorePosting p = postings.get(i);
      try {
        planned.results[i] = new Result(planOne(p, planned, stored, loaded, keysInBatch, targetsInBatch), null);
      } catch (LedgerException e) {
        planned.results[i] = new Result(null, e);
      }
    }
    return planned;
  }

  private static void nextResult(PreparedStatement ps) throws SQLException {
    if (!ps.getMoreResults() && ps.getUpdateCount() == -1) {
      throw new SQLException("batch_prepare.sql returned fewer results than expected");
    }
  }

  private AppliedPosting planOne(StorePosting p, Planned planned, Map<String, UUID> stored,
      Map<TransactionId, Loaded> loaded, Map<String, Loaded> keysInBatch, Map<TransactionId, Loaded> targetsInBatch) {
    if (p.createsTransaction()) {
      Loaded earlier = keysInBatch.get(p.idempotencyKey());
      if (earlier != null) {
        return PostingPlanner.resolveDuplicateKey(p, earlier.transaction(), earlier.requestHash());
      }
      UUID storedId = stored.get(p.idempotencyKey());
      if (storedId != null) {
        Loaded original = loaded.get(new TransactionId(storedId));
        return PostingPlanner.resolveDuplicateKey(p, original.transaction(), original.requestHash());
      }
    }
    Loaded target = null;
    if (!p.createsTransaction() || p.kind() == StorePosting.Kind.REVERSE) {
      TransactionId targetId = p.kind() == StorePosting.Kind.REVERSE ? p.reverses() : p.transactionId();
      target = targetsInBatch.getOrDefault(targetId, loaded.get(targetId));
      if (target == null) {
        throw new TransactionNotFoundException("transactionId", targetId, "does not exist");
      }
      PostingPlanner.checkTarget(p, target.transaction());
    }
    PostingPlanner.Plan plan = PostingPlanner.plan(p, planned.accounts, planned.balances);

    for (Balance b : plan.balances()) {
      planned.balances.put(b.accountId(), b);
      planned.touched.add(b.accountId());
    }
    planned.entries.addAll(plan.entries());
    if (planned.probe == null) {
      planned.probe = p;
    }
    Transaction result;
    if (p.createsTransaction()) {
      result = PostingPlanner.newTransaction(p, plan.entries());
      planned.created.add(p);
      Loaded mine = new Loaded(result, p.requestHash(), null);
      keysInBatch.put(p.idempotencyKey(), mine);
      targetsInBatch.put(p.transactionId(), mine);
      if (p.kind() == StorePosting.Kind.REVERSE) {
        Transaction o = target.transaction();
        targetsInBatch.put(o.id(), new Loaded(new Transaction(o.id(), o.idempotencyKey(), o.description(),
            o.effectiveDate(), o.postedAt(), o.status(), o.entries(), o.metadata(), o.expiresAt(), o.reverses(),
            p.transactionId(), false), target.requestHash(), target.settledAt()));
      }
    } else {
      result = PostingPlanner.settled(target.transaction(), p, plan.entries());
      planned.settled.add(p);
      targetsInBatch.put(p.transactionId(), new Loaded(result, target.requestHash(), p.postedAt()));
    }
    return new AppliedPosting(result, plan.balances());
  }

  // ---- writing ----

  private static final int CHECKED = 1;
  private static final int TRANSACTIONS = 2;
  private static final int SETTLEMENTS = 4;
  private static final int ENTRIES = 8;

  /** The statements of one write round trip, by the parts it needs. */
  private String writeStatement(int parts) {
    return writeStatements.computeIfAbsent(parts, k -> {
      List<String> statements = new ArrayList<>();
      if ((k & CHECKED) != 0) {
        statements.add(sql.get("write_timeouts"));
        statements.add(sql.get("write_accounts_checked"));
      } else {
        statements.add(sql.get("write_accounts"));
      }
      if ((k & TRANSACTIONS) != 0) {
        statements.add(sql.get("write_transactions"));
      }
      if ((k & SETTLEMENTS) != 0) {
        statements.add(sql.get("write_settlements"));
      }
      if ((k & ENTRIES) != 0) {
        statements.add(sql.get("write_entries"));
      }
      statements.add(sql.get("commit"));
      return String.join(";\n", statements);
    });
  }

  /**
   * Writes the batch and commits in the same round trip: the counters of the touched accounts
   * (checked against the states they were planned on, when planned from remembered states), the
   * new transactions, the settled holds and the entries.
   */
  private void writeAndCommit(Connection c, Planned planned, boolean checked) throws SQLException {
    int n = planned.touched.size();
    int t = planned.created.size();
    int s = planned.settled.size();
    int e = planned.entries.size();
    int parts = (checked ? CHECKED : 0) | (t > 0 ? TRANSACTIONS : 0) | (s > 0 ? SETTLEMENTS : 0)
        | (e > 0 ? ENTRIES : 0);
    try (PreparedStatement ps = c.prepareStatement(writeStatement(parts))) {
      int k = 1;
      if (checked) {
        ps.setString(k++, lockTimeout);
        ps.setString(k++, statementTimeout);
      }
      k = bindAccounts(c, ps, k, planned, checked, n);
      if (t > 0) {
        k = bindTransactions(c, ps, k, planned.created);
      }
      if (s > 0) {
        k = bindSettlements(c, ps, k, planned.settled);
      }
      if (e > 0) {
        bindEntries(c, ps, k, planned.entries);
      }
      ps.execute();
      // Drain every result so that an error in any statement surfaces here.
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // nothing to read: update counts only
      }
    }
  }

  private static int bindAccounts(Connection c, PreparedStatement ps, int k, Planned planned, boolean checked, int n)
      throws SQLException {
    UUID[] ids = new UUID[n];
    List<Balance> after = new ArrayList<>(n);
    int i = 0;
    for (AccountId id : planned.touched) {
      ids[i++] = id.value();
      after.add(planned.balances.get(id));
    }
    ps.setArray(k++, c.createArrayOf("uuid", ids));
    k = bindCounters(c, ps, k, after);
    if (!checked) {
      return k;
    }
    String[] statuses = new String[n];
    List<Balance> before = new ArrayList<>(n);
    i = 0;
    for (AccountId id : planned.touched) {
      AccountStates.State state = planned.before.get(id);
      statuses[i++] = state.account().status().name();
      before.add(state.balance());
    }
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

  private static int bindTransactions(Connection c, PreparedStatement ps, int k, List<StorePosting> created)
      throws SQLException {
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
    for (int i = 0; i < t; i++) {
      StorePosting p = created.get(i);
      txIds[i] = p.transactionId().value();
      keys[i] = p.idempotencyKey();
      hashes[i] = p.requestHash();
      descriptions[i] = p.description();
      dates[i] = p.effectiveDate().toString();
      postedAt[i] = Rows.text(p.postedAt());
      statuses[i] = p.status().name();
      metadata[i] = Rows.json(p.metadata());
      expires[i] = Rows.text(p.expiresAt());
      reverses[i] = p.reverses() == null ? null : p.reverses().value();
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
    return k;
  }

  private static int bindSettlements(Connection c, PreparedStatement ps, int k, List<StorePosting> settled)
      throws SQLException {
    int s = settled.size();
    UUID[] settledIds = new UUID[s];
    String[] settledStatus = new String[s];
    String[] settledAt = new String[s];
    for (int i = 0; i < s; i++) {
      StorePosting p = settled.get(i);
      settledIds[i] = p.transactionId().value();
      settledStatus[i] = p.status().name();
      settledAt[i] = Rows.text(p.postedAt());
    }
    ps.setArray(k++, c.createArrayOf("uuid", settledIds));
    ps.setArray(k++, c.createArrayOf("text", settledStatus));
    ps.setArray(k++, c.createArrayOf("text", settledAt));
    return k;
  }

  private static void bindEntries(Connection c, PreparedStatement ps, int k, List<Entry> list) throws SQLException {
    int e = list.size();
    UUID[] entryIds = new UUID[e];
    UUID[] entryTx = new UUID[e];
    Integer[] ordinals = new Integer[e];
    UUID[] accounts = new UUID[e];
    String[] sides = new String[e];
    Long[] amounts = new Long[e];
    String[] currencies = new String[e];
    Integer[] scales = new Integer[e];
    Boolean[] pending = new Boolean[e];
    String[] entryAt = new String[e];
    Long[] after = new Long[e];
    Long[] versions = new Long[e];
    for (int i = 0; i < e; i++) {
      Entry x = list.get(i);
      entryIds[i] = x.id().value();
      entryTx[i] = x.transactionId().value();
      ordinals[i] = x.ordinal();
      accounts[i] = x.accountId().value();
      sides[i] = x.side().name();
      amounts[i] = x.amount().minorUnits();
      currencies[i] = x.amount().currency().code();
      scales[i] = x.amount().currency().scale();
      pending[i] = x.pending();
      entryAt[i] = Rows.text(x.postedAt());
      after[i] = x.balanceAfter().minorUnits();
      versions[i] = x.accountVersion();
    }
    ps.setArray(k++, c.createArrayOf("uuid", entryIds));
    ps.setArray(k++, c.createArrayOf("uuid", entryTx));
    ps.setArray(k++, c.createArrayOf("int4", ordinals));
    ps.setArray(k++, c.createArrayOf("uuid", accounts));
    ps.setArray(k++, c.createArrayOf("text", sides));
    ps.setArray(k++, c.createArrayOf("int8", amounts));
    ps.setArray(k++, c.createArrayOf("text", currencies));
    ps.setArray(k++, c.createArrayOf("int4", scales));
    ps.setArray(k++, c.createArrayOf("bool", pending));
    ps.setArray(k++, c.createArrayOf("text", entryAt));
    ps.setArray(k++, c.createArrayOf("int8", after));
    ps.setArray(k, c.createArrayOf("int8", versions));
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
   * Reads transactions with their entries.
   *
   * @param c   the connection
   * @param ids the transactions
   * @return those that exist
   * @throws SQLException when reading fails
   */
  public Map<TransactionId, Loaded> loadTransactions(Connection c, Collection<UUID> ids) throws SQLException {
    List<Rows.TxRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("transactions_by_ids"))) {
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
  public @Nullable Loaded loadByKey(Connection c, String key) throws SQLException {
    List<Rows.TxRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.get("transaction_by_key"))) {
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
    try (PreparedStatement ps = c.prepareStatement(sql.get("entries_by_transactions"))) {
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

  // ---- commit outcome ----

  /**
   * Whether a posting whose commit lost its connection was committed, asked on a fresh
   * connection: a new transaction is found by its idempotency key and id; a settled hold by its
   * status and settlement instant.
   *
   * @param probe a posting that wrote in the batch (the batch committed as a whole or not at all)
   * @return true or false, or null when the database cannot be reached
   */
  private @Nullable Boolean committed(StorePosting probe) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      if (probe.createsTransaction()) {
        try (PreparedStatement ps = c.prepareStatement(sql.get("transaction_id_by_key"))) {
          ps.setString(1, probe.idempotencyKey());
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && probe.transactionId().value().equals(rs.getObject(1, UUID.class));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql.get("transaction_status"))) {
        ps.setObject(1, probe.transactionId().value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          Instant settledAt = Rows.nullableInstant(rs, 2);
          return TransactionStatus.valueOf(rs.getString(1)) == probe.status() && probe.postedAt().equals(settledAt);
        }
      }
    } catch (SQLException e) {
      LOG.warn("cannot tell whether a batch committed: {}", e.getMessage());
      return null;
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
