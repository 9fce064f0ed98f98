package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.TransactionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the whole ledger from its entries, in one consistent read-only snapshot of the database:
 * <ul>
 *   <li>the trial balance: per currency, posted debits equal posted credits, both over all entries
 *       and over the accounts' counters;</li>
 *   <li>every transaction balances per currency and phase (its pending and its posted entries each
 *       balance) and has entries;</li>
 *   <li>no orphan entries (every entry's transaction and account exist);</li>
 *   <li>every account's four counters equal the sums of its entries (pending counters count the
 *       pending entries of transactions still PENDING);</li>
 *   <li>every daily snapshot equals the sums of its account's posted entries up to its
 *       {@code as_of}, and carries the version of the last of them.</li>
 * </ul>
 *
 * <p>Finding problems is the job doing its work: the run SUCCEEDS, its count {@code problems} is
 * non-zero, its message lists the offending ids (up to the limit per kind), and it logs a warning.
 * Alert on {@code problems > 0}. The full findings of the last run are in {@link #lastFindings()}.
 * Counters found wrong are rebuilt by {@link RecalculateBalancesJob}; snapshots by re-running
 * {@link DailyBalanceSnapshotJob} for their days.
 *
 * <p>Counts: {@code problems}, {@code unbalancedCurrencies}, {@code unbalancedTransactions},
 * {@code orphanEntries}, {@code counterMismatches}, {@code snapshotMismatches},
 * {@code accountsChecked}, {@code transactionsChecked}, {@code entriesChecked},
 * {@code snapshotsChecked}. Cost: a few sequential scans of {@code entries} and one sort of the
 * posted entries of snapshotted accounts. Recommended schedule: daily, off-peak (say 03:00, after
 * the snapshots).
 */
public final class IntegrityCheckJob extends LockedJob {

  private static final Logger LOG = LoggerFactory.getLogger(IntegrityCheckJob.class);

  /** A problem's id and how many problems of its kind there are in all. */
  record IdRow(UUID id, @Nullable LocalDate snapshotDate, long total) {}

  /** Maps {@code id}, an optional {@code snapshot_date} and {@code total}. */
  private static IdRow idRow(ResultSet rs, StatementContext ctx) throws SQLException {
    LocalDate date = null;
    if (rs.getMetaData().getColumnCount() > 2) {
      date = rs.getObject("snapshot_date", LocalDate.class);
    }
    return new IdRow(rs.getObject("id", UUID.class), date, rs.getLong("total"));
  }

  /** The checks, in the ledger's schema; rows map with {@link #idRow} and {@link #totals}. */
  interface Sql {
    @SqlUpdate("SET TRANSACTION READ ONLY")
    void readOnly();

    @SqlQuery("""
        SELECT currency
        FROM (
            SELECT currency, sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) AS net
            FROM <schema>.entries
            WHERE NOT pending
            GROUP BY currency
            UNION ALL
            SELECT currency, sum(posted_debits - posted_credits) AS net
            FROM <schema>.accounts
            GROUP BY currency
        ) per_currency
        GROUP BY currency
        HAVING bool_or(net <> 0)
        ORDER BY currency
        """)
    List<String> unbalancedCurrencies();

    @SqlQuery("""
        SELECT t.id, count(*) OVER () AS total
        FROM <schema>.transactions t
        LEFT JOIN (
            SELECT transaction_id, bool_and(net = 0) AS balanced
            FROM (
                SELECT transaction_id, currency, pending,
                       sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) AS net
                FROM <schema>.entries
                GROUP BY transaction_id, currency, pending
            ) per_phase
            GROUP BY transaction_id
        ) b ON b.transaction_id = t.id
        WHERE b.balanced IS NOT TRUE
        ORDER BY t.id
        LIMIT :limit
        """)
    List<IdRow> unbalancedTransactions(@Bind("limit") int limit);

    @SqlQuery("""
        SELECT e.id, count(*) OVER () AS total
        FROM <schema>.entries e
        WHERE NOT EXISTS (SELECT 1 FROM <schema>.transactions t WHERE t.id = e.transaction_id)
           OR NOT EXISTS (SELECT 1 FROM <schema>.accounts a WHERE a.id = e.account_id)
        ORDER BY e.id
        LIMIT :limit
        """)
    List<IdRow> orphanEntries(@Bind("limit") int limit);

    @SqlQuery("""
        WITH posted AS (
            SELECT account_id,
                   coalesce(sum(amount) FILTER (WHERE side = 'DEBIT'), 0) AS debits,
                   coalesce(sum(amount) FILTER (WHERE side = 'CREDIT'), 0) AS credits
            FROM <schema>.entries
            WHERE NOT pending
            GROUP BY account_id
        ),
        held AS (
            SELECT e.account_id,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
            FROM <schema>.entries e
            JOIN <schema>.transactions t ON t.id = e.transaction_id
            WHERE e.pending AND t.status = 'PENDING'
            GROUP BY e.account_id
        )
        SELECT a.id, count(*) OVER () AS total
        FROM <schema>.accounts a
        LEFT JOIN posted p ON p.account_id = a.id
        LEFT JOIN held h ON h.account_id = a.id
        WHERE a.posted_debits <> coalesce(p.debits, 0)
           OR a.posted_credits <> coalesce(p.credits, 0)
           OR a.pending_debits <> coalesce(h.debits, 0)
           OR a.pending_credits <> coalesce(h.credits, 0)
        ORDER BY a.id
        LIMIT :limit
        """)
    List<IdRow> counterMismatches(@Bind("limit") int limit);

    /*
     * Entries, snapshots and intra-day checkpoints of each snapshotted account in one time line;
     * at equal instants the entries come first, since a snapshot or checkpoint counts every entry
     * with posted_at <= as_of. The running sums at a snapshot's or checkpoint's row are what it
     * should hold; a wrong checkpoint is reported as a mismatch of its day's snapshot (re-running
     * the day rewrites both).
     */
    @SqlQuery("""
        WITH points AS (
            SELECT account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version
            FROM <schema>.balance_snapshots
            UNION ALL
            SELECT account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version
            FROM <schema>.balance_checkpoints
        ),
        timeline AS (
            SELECT e.account_id, e.posted_at AS at, 0 AS kind,
                   CASE WHEN e.side = 'DEBIT' THEN e.amount ELSE 0 END AS debit,
                   CASE WHEN e.side = 'CREDIT' THEN e.amount ELSE 0 END AS credit,
                   e.account_version AS version,
                   CAST(NULL AS date) AS snapshot_date,
                   CAST(NULL AS bigint) AS held_debits, CAST(NULL AS bigint) AS held_credits,
                   CAST(NULL AS bigint) AS held_version
            FROM <schema>.entries e
            WHERE NOT e.pending
              AND e.account_id IN (SELECT account_id FROM points)
            UNION ALL
            SELECT p.account_id, p.as_of, 1, 0, 0, 0, p.snapshot_date, p.posted_debits, p.posted_credits,
                   p.account_version
            FROM points p
        ),
        running AS (
            SELECT account_id, kind, snapshot_date, held_debits, held_credits, held_version,
                   sum(debit) OVER w AS debits,
                   sum(credit) OVER w AS credits,
                   max(version) OVER w AS version
            FROM timeline
            WINDOW w AS (PARTITION BY account_id ORDER BY at, kind ROWS UNBOUNDED PRECEDING)
        ),
        mismatched AS (
            SELECT DISTINCT account_id, snapshot_date
            FROM running
            WHERE kind = 1
              AND (held_debits <> debits OR held_credits <> credits OR held_version <> version)
        )
        SELECT account_id AS id, snapshot_date, count(*) OVER () AS total
        FROM mismatched
        ORDER BY account_id, snapshot_date
        LIMIT :limit
        """)
    List<IdRow> snapshotMismatches(@Bind("limit") int limit);

    @SqlQuery("""
        SELECT (SELECT count(*) FROM <schema>.accounts) AS accounts,
               (SELECT count(*) FROM <schema>.transactions) AS transactions,
               (SELECT count(*) FROM <schema>.entries) AS entries,
               (SELECT count(*) FROM <schema>.balance_snapshots) AS snapshots
        """)
    Totals totals();
  }

  /** How much was checked. */
  record Totals(long accounts, long transactions, long entries, long snapshots) {}

  /** Maps the four totals. */
  private static Totals totals(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
  }

  /** How many ids of each kind a message shows. */
  private static final int SHOWN = 20;

  private final int limit;
  private final AtomicReference<@Nullable IntegrityFindings> last = new AtomicReference<>();

  IntegrityCheckJob(JobContext context, int limit) {
    super("integrity-check", context);
    this.limit = limit;
  }

  /** @return the findings of the last run that completed its checks, if any */
  public Optional<IntegrityFindings> lastFindings() {
    return Optional.ofNullable(last.get());
  }

  @Override
  Outcome work(Handle handle, Map<String, Long> counts) {
    Instant now = context().clock().instant();
    IntegrityFindings f = handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
      h.registerRowMapper(IdRow.class, IntegrityCheckJob::idRow);
      h.registerRowMapper(Totals.class, IntegrityCheckJob::totals);
      Sql sql = h.attach(Sql.class);
      sql.readOnly();
      List<String> currencies = sql.unbalancedCurrencies();
      List<IdRow> transactions = sql.unbalancedTransactions(limit);
      List<IdRow> orphans = sql.orphanEntries(limit);
      List<IdRow> counters = sql.counterMismatches(limit);
      List<IdRow> snapshots = sql.snapshotMismatches(limit);
      Totals totals = sql.totals();
      return new IntegrityFindings(now, currencies,
          ids(transactions, TransactionId::of), total(transactions),
          ids(orphans, EntryId::of), total(orphans),
          ids(counters, AccountId::of), total(counters),
          snapshots.stream().map(r -> new IntegrityFindings.SnapshotKey(AccountId.of(r.id()),
              java.util.Objects.requireNonNull(r.snapshotDate()))).toList(), total(snapshots),
          totals.accounts(), totals.transactions(), totals.entries(), totals.snapshots());
    });
    last.set(f);
    counts.put("problems", f.problems());
    counts.put("unbalancedCurrencies", (long) f.unbalancedCurrencies().size());
    counts.put("unbalancedTransactions", f.unbalancedTransactionsTotal());
    counts.put("orphanEntries", f.orphanEntriesTotal());
    counts.put("counterMismatches", f.counterMismatchesTotal());
    counts.put("snapshotMismatches", f.snapshotMismatchesTotal());
    counts.put("accountsChecked", f.accountsChecked());
    counts.put("transactionsChecked", f.transactionsChecked());
    counts.put("entriesChecked", f.entriesChecked());
    counts.put("snapshotsChecked", f.snapshotsChecked());
    if (f.ok()) {
      return Outcome.done("ledger consistent: " + f.accountsChecked() + " accounts, " + f.transactionsChecked()
          + " transactions, " + f.entriesChecked() + " entries, " + f.snapshotsChecked() + " snapshots checked");
    }
    String message = describe(f);
    LOG.warn("integrity check of schema {}: {}", context().schema(), message);
    return Outcome.done(message);
  }

  private static String describe(IntegrityFindings f) {
    StringBuilder m = new StringBuilder(f.problems() + " problems found:");
    if (!f.unbalancedCurrencies().isEmpty()) {
      m.append(" unbalanced currencies ").append(f.unbalancedCurrencies()).append(';');
    }
    append(m, "unbalanced transactions", f.unbalancedTransactions(), f.unbalancedTransactionsTotal());
    append(m, "orphan entries", f.orphanEntries(), f.orphanEntriesTotal());
    append(m, "counter mismatches (accounts)", f.counterMismatches(), f.counterMismatchesTotal());
    append(m, "snapshot mismatches", f.snapshotMismatches(), f.snapshotMismatchesTotal());
    return m.substring(0, m.length() - 1);
  }

  private static void append(StringBuilder m, String kind, List<?> ids, long total) {
    if (total == 0) {
      return;
    }
    m.append(' ').append(kind).append(' ').append(total).append(' ')
        .append(ids.subList(0, Math.min(SHOWN, ids.size())));
    if (total > Math.min(SHOWN, ids.size())) {
      m.append(" and ").append(total - Math.min(SHOWN, ids.size())).append(" more");
    }
    m.append(';');
  }

  private static <T> List<T> ids(List<IdRow> rows, Function<UUID, T> wrap) {
    return rows.stream().map(r -> wrap.apply(r.id())).toList();
  }

  private static long total(List<IdRow> rows) {
    return rows.isEmpty() ? 0 : rows.get(0).total();
  }
}
