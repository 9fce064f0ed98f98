package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;
import java.util.List;

/**
 * What a year-end close did: the closing transactions it booked (none when the year was already
 * closed) and the post-closing trial balance on the year's last day, in which the closed revenue
 * and expense accounts are zero. See {@link Ledger#closeYear}.
 *
 * @param yearEnd           the year's last value date
 * @param retainedEarnings  the equity account the year's result went to
 * @param booked            the closing transactions this call booked, oldest first; empty when
 *     nothing was left to close
 * @param postClosing       the trial balance on {@code yearEnd} after closing
 */
public record YearEndClose(LocalDate yearEnd, AccountId retainedEarnings, List<Transaction> booked,
    ValueDatedTrialBalance postClosing) {

  /** Freezes the list. */
  public YearEndClose {
    Checks.notNull(yearEnd, "yearEnd");
    Checks.notNull(retainedEarnings, "retainedEarnings");
    booked = List.copyOf(Checks.notNull(booked, "booked"));
    Checks.notNull(postClosing, "postClosing");
  }
}
