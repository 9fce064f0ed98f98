package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Limits;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's reads by value date (schema version 7): balances on a date from
 * {@code value_balances}, which every posting keeps up to date, and slices of value-dated
 * statements from {@code entries_account_value_idx}. Not supported for use outside the library.
 *
 * <p>One account's balance on a date is read on the primary: the ledger computes postings from it
 * (the year-end close), and a replica may not yet hold the posting just made. Every account's
 * balances (a trial balance) and statement slices are reports and read on the read data source.
 */
public final class ValueDatedReads {

  private final Jdbi primary;
  private final Jdbi reads;

  /**
   * @param primary a Jdbi over the primary, made by {@link PostgresJdbi#create}
   * @param reads   a Jdbi over the read data source, made the same way
   */
  public ValueDatedReads(Jdbi primary, Jdbi reads) {
    this.primary = primary;
    this.reads = reads;
  }

  /**
   * @param id        the account
   * @param valueDate the value date, inclusive
   * @return its posted counters on that date: pending counters and version zero
   * @throws AccountNotFoundException naming {@code accountId} when it does not exist
   */
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    LocalDate d = bound(valueDate);
    return StoreSql.read(primary, "reading the balance of " + id + " on " + valueDate,
        sql -> sql.balanceOn(id.value(), d)
            .orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist")));
  }

  /**
   * @param valueDate the value date, inclusive
   * @return every account's posted counters on that date, by code, read in one statement
   */
  public List<Balance> balancesOn(LocalDate valueDate) {
    LocalDate d = bound(valueDate);
    return StoreSql.read(reads, "reading balances on " + valueDate, sql -> sql.balancesOn(d));
  }

  /**
   * A slice of an account's value-dated statement and the posted balance before it.
   *
   * @param id    the account
   * @param from  the first value date, inclusive
   * @param to    the last value date, inclusive
   * @param after the place to start after, or null to start at {@code from}
   * @param limit most entries, at least 1
   * @return the slice
   * @throws AccountNotFoundException naming {@code accountId} when it does not exist
   */
  public ValueDatedSlice slice(AccountId id, LocalDate from, LocalDate to, @Nullable ValueDatePosition after,
      int limit) {
    LocalDate start = bound(from);
    LocalDate end = bound(to);
    // A place outside the dates a ledger stores has nothing before (or after) it, as its bound has.
    LocalDate afterDate = after == null ? start : bound(after.valueDate());
    long afterVersion = after == null ? -1 : after.valueDate().isAfter(Limits.MAX_DATE) ? Long.MAX_VALUE
        : after.valueDate().isBefore(Limits.MIN_DATE) ? -1 : after.accountVersion();
    int afterOrdinal = after == null ? -1 : after.valueDate().isAfter(Limits.MAX_DATE) ? Integer.MAX_VALUE
        : after.valueDate().isBefore(Limits.MIN_DATE) ? -1 : after.ordinal();
    return StoreSql.read(reads, "reading the value-dated statement of " + id, sql -> {
      StoreSql.ValueDatedRows rows = sql.valueDatedEntries(id.value(), start, end, afterDate, afterVersion,
          afterOrdinal, limit).orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist"));
      Balance before = new Balance(id, rows.currency(), rows.type().normalSide(), rows.beforeDebits(),
          rows.beforeCredits(), 0, 0, 0);
      return new ValueDatedSlice(before.posted(), rows.entries());
    });
  }

  /** Dates outside those a ledger stores hold no entries: read as the nearest it stores. */
  private static LocalDate bound(LocalDate date) {
    if (date.isBefore(Limits.MIN_DATE)) {
      return Limits.MIN_DATE;
    }
    return date.isAfter(Limits.MAX_DATE) ? Limits.MAX_DATE : date;
  }
}
