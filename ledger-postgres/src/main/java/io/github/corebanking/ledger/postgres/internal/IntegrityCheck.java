package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The PostgreSQL ledger's integrity check, the one implementation behind both the store's
 * {@code checkIntegrity} and the integrity job (which adds its snapshot checks after it, in the
 * same transaction): the trial balance per currency over entries and over the accounts' counters;
 * every transaction balances per currency and phase and has entries; no orphan entries; every
 * account's counters equal its entries; every account's latest value-dated balance
 * ({@code value_balances}) equals its posted counters. Not supported for use outside the library.
 *
 * <p>A value-dated balance that differs is reported among the counter mismatches, the report's
 * list of accounts whose balances disagree with their entries: its {@code stored} balance then
 * holds the value-dated posted counters and {@code expected} the account's counters (which equal
 * its entries). An account whose counters differ from its entries is listed with those instead.
 */
public final class IntegrityCheck {

  /** A limit that lists every problem. */
  public static final long ALL = Long.MAX_VALUE;

  private IntegrityCheck() {}

  /**
   * What one check found.
   *
   * @param report                      the report, each list cut at the limit
   * @param unbalancedTransactionsTotal how many unbalanced transactions there are in all
   * @param orphanEntriesTotal          how many orphan entries there are in all
   * @param counterMismatchesTotal      how many accounts with wrong counters or a wrong latest
   *                                    value-dated balance there are in all
   * @param accountsChecked             accounts checked
   */
  public record Result(IntegrityReport report, long unbalancedTransactionsTotal, long orphanEntriesTotal,
      long counterMismatchesTotal, long accountsChecked) {}

  /**
   * Runs the check as the first statements of the handle's open transaction, which it makes read
   * only; run it in a REPEATABLE READ transaction so every check sees one snapshot and a posting
   * committing meanwhile cannot look like a mismatch.
   *
   * @param handle a handle in a REPEATABLE READ transaction that has run nothing yet
   * @param now    the check's time stamp
   * @param limit  most ids listed per kind of problem ({@link #ALL} for every one)
   * @return what it found
   */
  public static Result run(Handle handle, Instant now, long limit) {
    IntegritySql sql = handle.attach(IntegritySql.class);
    sql.readOnly();
    IntegritySql.Totals totals = sql.totals();
    List<IntegritySql.IdRow> transactions = sql.unbalancedTransactions(limit);
    List<IntegritySql.IdRow> orphans = sql.orphanEntries(limit);
    List<IntegritySql.CounterRow> counters = sql.counterMismatches(limit);
    List<IntegritySql.ValueBalanceRow> values = sql.valueBalanceMismatches(limit);
    // Two lists of different accounts, each in id order and cut at the limit: the union's first ids
    // are among them. PostgreSQL orders uuids by their bytes, unsigned.
    Map<AccountId, IntegrityReport.CounterMismatch> mismatches = new TreeMap<>(
        Comparator.comparing((AccountId a) -> a.value().getMostSignificantBits(), Long::compareUnsigned)
            .thenComparing(a -> a.value().getLeastSignificantBits(), Long::compareUnsigned));
    for (IntegritySql.ValueBalanceRow r : values) {
      mismatches.put(r.mismatch().accountId(), r.mismatch());
    }
    for (IntegritySql.CounterRow r : counters) {
      mismatches.put(r.mismatch().accountId(), r.mismatch());
    }
    List<IntegrityReport.CounterMismatch> listed = mismatches.values().stream().limit(limit).toList();
    long mismatchesTotal = (counters.isEmpty() ? 0 : counters.get(0).total())
        + (values.isEmpty() ? 0 : values.get(0).total());
    IntegrityReport report = new IntegrityReport(now, sql.unbalancedCurrencies(),
        transactions.stream().map(r -> new TransactionId(r.id())).toList(),
        orphans.stream().map(r -> new EntryId(r.id())).toList(), listed,
        totals.transactions(), totals.entries());
    return new Result(report, transactions.isEmpty() ? 0 : transactions.get(0).total(),
        orphans.isEmpty() ? 0 : orphans.get(0).total(), mismatchesTotal, totals.accounts());
  }
}
