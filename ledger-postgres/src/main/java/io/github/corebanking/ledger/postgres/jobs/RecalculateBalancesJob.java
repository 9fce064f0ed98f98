package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.spi.BalanceCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds accounts' balance counters from their entries: posted debits and credits are the sums
 * of the account's posted entries; pending debits and credits the sums of its pending entries whose
 * transaction is still PENDING. Accounts are handled in ascending id order, a batch at a time; each
 * batch is one transaction that locks its account rows ({@code SELECT ... FOR UPDATE}, the order
 * postings lock in, so the two never deadlock), sums their entries, and rewrites only the counters
 * that differ. While a row is locked no posting can touch the account, so the sums and the counters
 * describe the same moment.
 *
 * <p>The account's version is left alone: it numbers the postings that touched the account and is
 * carried by its entries. Balance caches hold the wrong counters at the same version, so give
 * {@link PostgresLedgerJobs.Builder#balanceCache} the ledger's cache and the job invalidates every
 * account it fixes.
 *
 * <p>Counts: {@code checked}, {@code wrong} (fixed), {@code notFound} (given ids without an
 * account). Run it after {@link IntegrityCheckJob} reports counter mismatches, for those accounts;
 * it is not a scheduled job. Each lock waits at most {@value #LOCK_TIMEOUT} for postings in flight.
 */
public final class RecalculateBalancesJob extends LockedJob {

  private static final Logger LOG = LoggerFactory.getLogger(RecalculateBalancesJob.class);

  /** The longest a batch waits for an account's lock. */
  static final String LOCK_TIMEOUT = "10s";

  /** Accounts per transaction. */
  static final int BATCH = 100;

  /** An account's four counters. */
  record Counters(UUID id, long postedDebits, long postedCredits, long pendingDebits, long pendingCredits) {}

  /** Maps {@code id} and the four counters. */
  private static Counters counters(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Counters(rs.getObject("id", UUID.class), rs.getLong("posted_debits"), rs.getLong("posted_credits"),
        rs.getLong("pending_debits"), rs.getLong("pending_credits"));
  }

  /** The statements, in the ledger's schema; rows map with {@link #counters}. */
  interface Sql {
    @SqlUpdate("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'")
    void setLockTimeout();

    @SqlQuery("SELECT id FROM <schema>.accounts ORDER BY id LIMIT :limit")
    List<UUID> firstAccountIds(@Bind("limit") int limit);

    @SqlQuery("SELECT id FROM <schema>.accounts WHERE id > :after ORDER BY id LIMIT :limit")
    List<UUID> accountIdsAfter(@Bind("after") UUID after, @Bind("limit") int limit);

    @SqlQuery("""
        SELECT id, posted_debits, posted_credits, pending_debits, pending_credits
        FROM <schema>.accounts
        WHERE id IN (<ids>)
        ORDER BY id
        FOR UPDATE
        """)
    List<Counters> lockAccounts(@BindList("ids") List<UUID> ids);

    @SqlQuery("""
        SELECT e.account_id AS id,
               CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS bigint) AS posted_debits,
               CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS bigint) AS posted_credits,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0) AS bigint)
                   AS pending_debits,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0) AS bigint)
                   AS pending_credits
        FROM <schema>.entries e
        LEFT JOIN <schema>.transactions t ON e.pending AND t.id = e.transaction_id
        WHERE e.account_id IN (<ids>)
        GROUP BY e.account_id
        """)
    List<Counters> sumEntries(@BindList("ids") List<UUID> ids);

    @SqlUpdate("""
        UPDATE <schema>.accounts
        SET posted_debits = :postedDebits, posted_credits = :postedCredits,
            pending_debits = :pendingDebits, pending_credits = :pendingCredits
        WHERE id = :id
        """)
    int writeCounters(@Bind("id") UUID id, @Bind("postedDebits") long postedDebits,
        @Bind("postedCredits") long postedCredits, @Bind("pendingDebits") long pendingDebits,
        @Bind("pendingCredits") long pendingCredits);
  }

  private final @Nullable List<UUID> accounts;
  private final BalanceCache cache;

  RecalculateBalancesJob(JobContext context, @Nullable List<UUID> accounts, BalanceCache cache) {
    super("recalculate-balances", context);
    this.accounts = accounts;
    this.cache = cache;
  }

  @Override
  Outcome work(Handle handle, Map<String, Long> counts) {
    long checked = 0;
    long notFound = 0;
    List<AccountId> fixed = new ArrayList<>();
    if (accounts != null) {
      for (int from = 0; from < accounts.size(); from += BATCH) {
        List<UUID> batch = accounts.subList(from, Math.min(accounts.size(), from + BATCH));
        int found = fixBatch(handle, batch, fixed);
        checked += found;
        notFound += batch.size() - found;
      }
    } else {
      Sql sql = handle.attach(Sql.class);
      List<UUID> batch = sql.firstAccountIds(BATCH);
      while (!batch.isEmpty()) {
        checked += fixBatch(handle, batch, fixed);
        batch = batch.size() < BATCH ? List.of() : sql.accountIdsAfter(batch.get(batch.size() - 1), BATCH);
      }
    }
    counts.put("checked", checked);
    counts.put("wrong", (long) fixed.size());
    counts.put("notFound", notFound);
    String message = "checked " + checked + " accounts, " + fixed.size() + " had wrong counters"
        + (fixed.isEmpty() ? "" : " and were fixed: " + fixed.subList(0, Math.min(20, fixed.size()))
            + (fixed.size() > 20 ? " and " + (fixed.size() - 20) + " more" : ""))
        + (notFound == 0 ? "" : "; " + notFound + " given ids have no account");
    if (!fixed.isEmpty()) {
      LOG.warn("schema {}: {}", context().schema(), message);
    }
    return Outcome.done(message);
  }

  /** Fixes one batch in one transaction; returns how many of its accounts exist. */
  private int fixBatch(Handle handle, List<UUID> ids, List<AccountId> fixed) {
    List<AccountId> fixedHere = new ArrayList<>();
    int found = handle.inTransaction(h -> {
      h.registerRowMapper(Counters.class, RecalculateBalancesJob::counters);
      Sql sql = h.attach(Sql.class);
      sql.setLockTimeout();
      List<Counters> stored = sql.lockAccounts(ids);
      if (stored.isEmpty()) {
        return 0;
      }
      Map<UUID, Counters> expected = new HashMap<>();
      for (Counters c : sql.sumEntries(stored.stream().map(Counters::id).toList())) {
        expected.put(c.id(), c);
      }
      for (Counters s : stored) {
        Counters e = expected.getOrDefault(s.id(), new Counters(s.id(), 0, 0, 0, 0));
        if (!e.equals(s)) {
          sql.writeCounters(s.id(), e.postedDebits(), e.postedCredits(), e.pendingDebits(), e.pendingCredits());
          fixedHere.add(AccountId.of(s.id()));
        }
      }
      return stored.size();
    });
    for (AccountId id : fixedHere) {
      try {
        cache.invalidate(id);
      } catch (RuntimeException e) {
        LOG.warn("could not invalidate the cached balance of {}: {}", id, e.toString());
      }
    }
    fixed.addAll(fixedHere);
    return found;
  }
}
