package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.postgres.jobs.RecalculateBalancesSql.Counters;
import io.github.corebanking.ledger.spi.BalanceCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds accounts' balance counters from their entries: posted debits and credits are the sums
 * of the account's posted entries; pending debits and credits the sums of its pending entries whose
 * transaction is still PENDING. It rebuilds the account's value-dated balances too (its
 * {@code value_balances} rows: per value date with posted entries, their sums through that date).
 * Accounts are handled in ascending id order, a batch at a time; each batch is one transaction that
 * locks its account rows ({@code SELECT ... FOR UPDATE}, the order postings lock in, so the two
 * never deadlock), sums their entries, and rewrites only the accounts whose counters or value-dated
 * balances differ. While a row is locked no posting can touch the account, so the sums, the counters
 * and the value-dated balances describe the same moment.
 *
 * <p>The account's version is left alone: it numbers the postings that touched the account and is
 * carried by its entries. Balance caches hold the wrong counters at the same version, so give
 * {@link PostgresLedgerJobs.Builder#balanceCache} the ledger's cache and the job invalidates every
 * account it fixes.
 *
 * <p>Counts: {@code checked}, {@code wrong} (fixed: counters, value-dated balances or both),
 * {@code notFound} (given ids without an account). Run it after {@link IntegrityCheckJob} reports counter mismatches, for those accounts;
 * it is not a scheduled job. Each lock waits at most {@value #LOCK_TIMEOUT} for postings in flight.
 */
public final class RecalculateBalancesJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "recalculate-balances";

  private static final Logger LOG = LoggerFactory.getLogger(RecalculateBalancesJob.class);

  /** The longest a batch waits for an account's lock. */
  static final String LOCK_TIMEOUT = "10s";

  /** Accounts per transaction. */
  static final int BATCH = 100;

  private final @Nullable List<UUID> accounts;
  private final BalanceCache cache;

  RecalculateBalancesJob(JobContext context, @Nullable List<UUID> accounts, BalanceCache cache) {
    super(NAME, context);
    this.accounts = accounts;
    this.cache = cache;
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
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
      RecalculateBalancesSql sql = handle.attach(RecalculateBalancesSql.class);
      List<UUID> batch = sql.firstAccountIds(BATCH);
      while (!batch.isEmpty()) {
        checked += fixBatch(handle, batch, fixed);
        batch = batch.size() < BATCH ? List.of() : sql.accountIdsAfter(batch.get(batch.size() - 1), BATCH);
      }
    }
    counts.put("checked", checked);
    counts.put("wrong", (long) fixed.size());
    counts.put("notFound", notFound);
    String message = "checked " + checked + " accounts, " + fixed.size()
        + " had wrong counters or value-dated balances"
        + (fixed.isEmpty() ? "" : " and were fixed: " + fixed.subList(0, Math.min(20, fixed.size()))
            + (fixed.size() > 20 ? " and " + (fixed.size() - 20) + " more" : ""))
        + (notFound == 0 ? "" : "; " + notFound + " given ids have no account");
    if (!fixed.isEmpty()) {
      LOG.warn("schema {}: {}", context().schema(), message);
    }
    return message;
  }

  /** Fixes one batch in one transaction; returns how many of its accounts exist. */
  private int fixBatch(Handle handle, List<UUID> ids, List<AccountId> fixed) {
    List<AccountId> fixedHere = new ArrayList<>();
    int found = handle.inTransaction(h -> {
      RecalculateBalancesSql sql = h.attach(RecalculateBalancesSql.class);
      sql.setLockTimeout(LOCK_TIMEOUT);
      List<Counters> stored = sql.lockAccounts(ids);
      if (stored.isEmpty()) {
        return 0;
      }
      List<UUID> locked = stored.stream().map(Counters::id).toList();
      Map<UUID, Counters> expected = new HashMap<>();
      for (Counters c : sql.sumEntries(locked)) {
        expected.put(c.id(), c);
      }
      Set<UUID> valueDated = new HashSet<>(sql.valueBalanceMismatches(locked));
      for (Counters s : stored) {
        Counters e = expected.getOrDefault(s.id(), new Counters(s.id(), 0, 0, 0, 0));
        if (!e.equals(s) || valueDated.contains(s.id())) {
          if (sql.writeCounters(s.id())) {
            fixedHere.add(AccountId.of(s.id()));
          }
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
