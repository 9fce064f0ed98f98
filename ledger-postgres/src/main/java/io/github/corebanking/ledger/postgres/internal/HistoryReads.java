package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.StatementPage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's reads of the past, on the read data source: balances as of an instant
 * (from the latest checkpoint or daily snapshot before it plus the entries after it) and
 * statement pages (keyset pages of an account's entries). Not supported for use outside the
 * library.
 */
public final class HistoryReads {

  /** How far before the instant the first as-of read looks for entries (the partitions it opens). */
  private static final int WINDOW_DAYS = 3;

  private final Jdbi reads;
  private final String schema;

  /**
   * @param reads  a Jdbi over the read data source, made by {@link PostgresJdbi#create}
   * @param schema the ledger's schema, part of every statement cursor
   */
  public HistoryReads(Jdbi reads, String schema) {
    this.reads = reads;
    this.schema = schema;
  }

  /**
   * An account's posted balance at an instant.
   *
   * <p>Entries are first read only within a few days before the instant (the partitions of that
   * window); a base snapshot older than that, or none, needs the full delta, read in a second
   * statement.
   *
   * @param id   the account
   * @param asOf the instant
   * @return its posted balance then (pending counters zero)
   * @throws AccountNotFoundException naming {@code accountId} when it does not exist
   */
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    OffsetDateTime t = Rows.floorBound(asOf);
    OffsetDateTime lower = t.equals(OffsetDateTime.MIN) || t.equals(OffsetDateTime.MAX) ? t : t.minusDays(WINDOW_DAYS);
    return StoreSql.read(reads, "reading the balance of " + id + " as of " + asOf, sql -> {
      StoreSql.AsOfRow row = sql.balanceAsOf(id.value(), t, lower)
          .orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist"));
      StoreSql.Delta delta = row.baseAsOf() != null && !row.baseAsOf().isBefore(lower) ? row.delta()
          : sql.entriesDelta(id.value(), row.baseAsOf() == null ? OffsetDateTime.MIN : row.baseAsOf(), t);
      return balance(row.account(), row.baseDebits(), row.baseCredits(), row.baseVersion(), delta);
    });
  }

  /** A base plus a delta; a late entry can carry a higher version than entries booked after it. */
  private static Balance balance(Account account, long debits, long credits, long version, StoreSql.Delta delta) {
    @Nullable Long last = delta.version();
    return new Balance(account.id(), account.currency(), account.normalSide(), Math.addExact(debits, delta.debits()),
        Math.addExact(credits, delta.credits()), 0, 0, last == null ? version : Math.max(version, last));
  }

  /**
   * @param asOf an instant
   * @return every account's posted balance then, by code
   */
  public List<Balance> balancesAsOf(Instant asOf) {
    OffsetDateTime t = Rows.floorBound(asOf);
    return StoreSql.read(reads, "reading balances as of " + asOf, sql -> sql.balancesAsOf(t));
  }

  /**
   * One page of an account's statement.
   *
   * @param id     the account
   * @param from   inclusive start, validated by the caller
   * @param to     exclusive end, after {@code from}
   * @param page   the page asked for
   * @param cursor the decoded cursor of {@code page}, or null on the first page
   * @return the page, with the next page's cursor when there are more entries
   * @throws AccountNotFoundException naming {@code accountId} when it does not exist
   */
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page,
      @Nullable StatementCursor cursor) {
    return StoreSql.read(reads, "reading the statement of " + id, sql -> {
      if (!sql.accountExists(id.value())) {
        throw new AccountNotFoundException("accountId", id, "does not exist");
      }
      List<Entry> entries = sql.statementPage(id.value(), Rows.ceilBound(from), Rows.ceilBound(to),
          cursor == null ? -1 : cursor.version(), cursor == null ? -1 : cursor.ordinal(), page.size() + 1);
      String next = null;
      if (entries.size() > page.size()) {
        entries = entries.subList(0, page.size());
        Entry last = entries.get(entries.size() - 1);
        next = new StatementCursor(id, from, to, last.accountVersion(), last.ordinal()).encode(schema);
      }
      return new StatementPage(id, entries, next);
    });
  }
}
