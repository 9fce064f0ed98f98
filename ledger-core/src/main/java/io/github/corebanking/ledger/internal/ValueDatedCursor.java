package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The keyset cursor of a value-dated statement page: the last line's place in value-date order and
 * a check over the statement it belongs to (account and dates), so that a cursor of another
 * statement or a typo is refused. A cursor carries no balance: the store recomputes the balance at
 * the place, so an edited cursor can only move the page, never change an amount shown.
 */
public final class ValueDatedCursor {

  private static final String PREFIX = "vd1.";
  private static final String NOT_ISSUED = "was not issued for this value-dated statement (account or dates differ)";

  private ValueDatedCursor() {}

  /**
   * @param account the statement's account
   * @param from    its first value date
   * @param to      its last value date
   * @param at      the last line's place
   * @return the cursor's text
   */
  public static String encode(AccountId account, LocalDate from, LocalDate to, ValueDatePosition at) {
    return PREFIX + Long.toString(at.valueDate().toEpochDay(), 36) + "." + Long.toString(at.accountVersion(), 36)
        + "." + Integer.toString(at.ordinal(), 36) + "." + Long.toString(check(account, from, to, at) >>> 1, 36);
  }

  /**
   * @param text    the cursor, or null on the first page
   * @param account the statement's account
   * @param from    its first value date
   * @param to      its last value date
   * @return the place to continue after, or null on the first page
   * @throws InvalidRequestException naming {@code page.cursor} when it was not issued for this statement
   */
  public static @Nullable ValueDatePosition decode(@Nullable String text, AccountId account, LocalDate from,
      LocalDate to) {
    if (text == null) {
      return null;
    }
    if (!text.startsWith(PREFIX)) {
      throw new InvalidRequestException("page.cursor", Checks.shown(text), NOT_ISSUED);
    }
    String[] parts = text.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 4) {
      throw new InvalidRequestException("page.cursor", Checks.shown(text), NOT_ISSUED);
    }
    try {
      long day = Long.parseLong(parts[0], 36);
      long version = Long.parseLong(parts[1], 36);
      int ordinal = Integer.parseInt(parts[2], 36);
      long check = Long.parseLong(parts[3], 36);
      if (day < from.toEpochDay() || day > to.toEpochDay() || version < 0 || ordinal < 0) {
        throw new InvalidRequestException("page.cursor", Checks.shown(text), NOT_ISSUED);
      }
      ValueDatePosition at = new ValueDatePosition(LocalDate.ofEpochDay(day), version, ordinal);
      if (check != check(account, from, to, at) >>> 1) {
        throw new InvalidRequestException("page.cursor", Checks.shown(text), NOT_ISSUED);
      }
      return at;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("page.cursor", Checks.shown(text), NOT_ISSUED, e);
    }
  }

  private static long check(AccountId account, LocalDate from, LocalDate to, ValueDatePosition at) {
    long h = 0x6c65646765727664L;
    h = mix(h ^ account.value().getMostSignificantBits());
    h = mix(h ^ account.value().getLeastSignificantBits());
    h = mix(h ^ from.toEpochDay());
    h = mix(h ^ to.toEpochDay());
    h = mix(h ^ at.valueDate().toEpochDay());
    h = mix(h ^ at.accountVersion());
    return mix(h ^ at.ordinal());
  }

  /** The SplitMix64 finalizer: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
