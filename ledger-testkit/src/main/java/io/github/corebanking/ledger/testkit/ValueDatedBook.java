package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedEntry;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One account's posted entries by value date, with the posted debits and credits cumulative through
 * each value date that has entries. A posting adds its entries under its value date and adds their
 * amounts to the sums of that date and every later one, so a value-dated balance is one lookup
 * however long the history, and a backdated posting is counted from its date on at once. Not
 * thread-safe: the store guards each book with its account's lock.
 */
final class ValueDatedBook {

  /** Per value date: {posted debits, posted credits} cumulative through the end of that date. */
  private final TreeMap<LocalDate, long[]> through = new TreeMap<>();
  /** Per value date: its posted entries in booking order. */
  private final TreeMap<LocalDate, List<Entry>> entries = new TreeMap<>();

  /**
   * Adds a posted entry dated {@code valueDate}.
   *
   * @param valueDate its transaction's value date
   * @param entry     the entry, posted
   */
  void add(LocalDate valueDate, Entry entry) {
    entries.computeIfAbsent(valueDate, d -> new ArrayList<>()).add(entry);
    int column = entry.side() == Side.DEBIT ? 0 : 1;
    long amount = entry.amount().minorUnits();
    Map.Entry<LocalDate, long[]> last = through.lastEntry();
    if (last != null && last.getKey().equals(valueDate)) {
      // The usual case, an entry of the latest value date: no later date to carry the amount to.
      last.getValue()[column] = Math.addExact(last.getValue()[column], amount);
      return;
    }
    if (!through.containsKey(valueDate)) {
      Map.Entry<LocalDate, long[]> before = through.lowerEntry(valueDate);
      through.put(valueDate, before == null ? new long[2] : before.getValue().clone());
    }
    for (long[] sums : through.tailMap(valueDate, true).values()) {
      sums[column] = Math.addExact(sums[column], amount);
    }
  }

  /**
   * @param valueDate a value date
   * @return {posted debits, posted credits} of the entries dated on or before it
   */
  long[] through(LocalDate valueDate) {
    Map.Entry<LocalDate, long[]> at = through.floorEntry(valueDate);
    return at == null ? new long[2] : at.getValue().clone();
  }

  /**
   * A slice of the entries dated in {@code [from, to]}, in value-date order, after a place.
   *
   * @param account the account
   * @param from    first value date
   * @param to      last value date
   * @param after   the place to start after, or null to start at {@code from}
   * @param limit   most entries
   * @return the slice, with the value-dated balance before it
   */
  ValueDatedSlice slice(Account account, LocalDate from, LocalDate to, @Nullable ValueDatePosition after, int limit) {
    LocalDate start = after == null ? from : after.valueDate();
    long[] before = through(start.minusDays(1));
    long debits = before[0];
    long credits = before[1];
    List<ValueDatedEntry> out = new ArrayList<>(Math.min(limit, 64));
    NavigableMap<LocalDate, List<Entry>> days = entries.subMap(start, true, to, true);
    for (Map.Entry<LocalDate, List<Entry>> day : days.entrySet()) {
      for (Entry e : day.getValue()) {
        ValueDatedEntry dated = new ValueDatedEntry(day.getKey(), e);
        if (after != null && dated.position().compareTo(after) <= 0) {
          if (e.side() == Side.DEBIT) {
            debits = Math.addExact(debits, e.amount().minorUnits());
          } else {
            credits = Math.addExact(credits, e.amount().minorUnits());
          }
          continue;
        }
        if (out.size() == limit) {
          return new ValueDatedSlice(posted(account, debits, credits), out);
        }
        out.add(dated);
      }
    }
    return new ValueDatedSlice(posted(account, debits, credits), out);
  }

  private static Money posted(Account account, long debits, long credits) {
    long net = account.normalSide() == Side.DEBIT ? Math.subtractExact(debits, credits)
        : Math.subtractExact(credits, debits);
    return Money.ofMinor(net, account.currency());
  }
}
