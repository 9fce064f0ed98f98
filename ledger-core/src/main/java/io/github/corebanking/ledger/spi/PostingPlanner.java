package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state-dependent checks of a posting, written once for every store.
 *
 * <p>A store locks the touched accounts (in ascending id order), reads their definitions and
 * balances, and calls {@link #plan}: it either throws the typed exception the contract expects or
 * returns the complete entries (with running balances and versions) and the new balances to
 * write. The same rules therefore hold, with the same messages, in memory and in a database.
 */
public final class PostingPlanner {

  private PostingPlanner() {}

  /**
   * The entries and balances a posting produces.
   *
   * @param entries  the entries to insert, complete
   * @param balances the touched accounts' new balances, in the posting's delta order
   */
  public record Plan(List<Entry> entries, List<Balance> balances) {
    /** Freezes the lists. */
    public Plan {
      entries = List.copyOf(entries);
      balances = List.copyOf(balances);
    }
  }

  /**
   * Checks a posting against current state and computes what to write.
   *
   * @param posting  the posting
   * @param accounts the touched accounts that exist, by id
   * @param balances their current balances, by id
   * @return what to write
   * @throws AccountNotFoundException   when an entry's account does not exist
   * @throws AccountStateException      when an account is not open (not checked for a void)
   * @throws CurrencyMismatchException  when an entry's currency is not its account's
   * @throws BalanceConstraintException when a constraint flag would be broken
   * @throws InvalidAmountException     when a counter would overflow
   */
  public static Plan plan(StorePosting posting, Map<AccountId, Account> accounts, Map<AccountId, Balance> balances) {
    boolean isVoid = posting.kind() == StorePosting.Kind.VOID;
    for (EntryDraft e : posting.entries()) {
      checkAccount(accounts.get(e.accountId()), e.accountId(), e.field(), e.amount(), !isVoid);
    }
    for (AccountDelta d : posting.deltas()) {
      checkAccount(accounts.get(d.accountId()), d.accountId(), d.field(), Money.zero(d.currency()), !isVoid);
    }

    Map<AccountId, Balance> after = new HashMap<>();
    List<Balance> newBalances = new ArrayList<>(posting.deltas().size());
    for (AccountDelta d : posting.deltas()) {
      Account account = accounts.get(d.accountId());
      Balance before = Objects.requireNonNull(balances.get(d.accountId()), "balance of " + d.accountId());
      Balance next = apply(before, d);
      if (!isVoid) {
        checkConstraints(account, next, d);
      }
      after.put(d.accountId(), next);
      newBalances.add(next);
    }

    Map<AccountId, Long> running = new HashMap<>();
    List<Entry> entries = new ArrayList<>(posting.entries().size());
    for (EntryDraft e : posting.entries()) {
      Account account = accounts.get(e.accountId());
      long current = running.computeIfAbsent(e.accountId(), id -> balances.get(id).posted().minorUnits());
      if (!e.pending()) {
        long signed = e.side() == account.normalSide() ? e.amount().minorUnits() : -e.amount().minorUnits();
        current = Math.addExact(current, signed);
        running.put(e.accountId(), current);
      }
      entries.add(new Entry(e.id(), posting.transactionId(), e.ordinal(), e.accountId(), e.side(), e.amount(),
          e.pending(), posting.postedAt(), Money.ofMinor(current, account.currency()),
          after.get(e.accountId()).version()));
    }
    return new Plan(entries, newBalances);
  }

  private static void checkAccount(Account account, AccountId id, String field, Money amount, boolean mustBeOpen) {
    if (account == null) {
      throw new AccountNotFoundException(field + ".accountId", id, "does not exist");
    }
    if (mustBeOpen && account.status() != AccountStatus.OPEN) {
      throw new AccountStateException(field + ".accountId", id,
          "is " + account.status() + " (account " + account.code() + ") and accepts no postings");
    }
    if (!account.currency().equals(amount.currency())) {
      throw new CurrencyMismatchException(field + ".amount", amount,
          "is not in the currency of account " + account.code() + " (" + account.currency().code() + ")");
    }
  }

  private static Balance apply(Balance b, AccountDelta d) {
    try {
      return new Balance(b.accountId(), b.currency(), b.normalSide(),
          Math.addExact(b.postedDebits(), d.postedDebits()),
          Math.addExact(b.postedCredits(), d.postedCredits()),
          Math.addExact(b.pendingDebits(), d.pendingDebits()),
          Math.addExact(b.pendingCredits(), d.pendingCredits()),
          b.version() + 1);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException(d.field() + ".amount", d.accountId(),
          "would overflow the account's 64-bit counters");
    }
  }

  private static void checkConstraints(Account account, Balance next, AccountDelta d) {
    if (account.debitsMustNotExceedCredits()) {
      long debits = saturatedAdd(next.postedDebits(), next.pendingDebits());
      if (debits > next.postedCredits()) {
        throw new BalanceConstraintException(d.field() + ".accountId", account.id(),
            "would leave account " + account.code() + " with debits (posted and pending) "
                + Money.ofMinor(debits, account.currency()) + " exceeding posted credits "
                + Money.ofMinor(next.postedCredits(), account.currency()));
      }
    }
    if (account.creditsMustNotExceedDebits()) {
      long credits = saturatedAdd(next.postedCredits(), next.pendingCredits());
      if (credits > next.postedDebits()) {
        throw new BalanceConstraintException(d.field() + ".accountId", account.id(),
            "would leave account " + account.code() + " with credits (posted and pending) "
                + Money.ofMinor(credits, account.currency()) + " exceeding posted debits "
                + Money.ofMinor(next.postedDebits(), account.currency()));
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /**
   * Checks that a COMMIT or VOID still finds its transaction pending, or that a REVERSE finds
   * its original not yet reversed.
   *
   * @param posting        the posting
   * @param current        the target transaction as stored now (the pending one, or the reversed one)
   * @throws TransactionStateException when the state changed since the ledger read it
   */
  public static void checkTarget(StorePosting posting, Transaction current) {
    switch (posting.kind()) {
      case COMMIT, VOID -> {
        if (current.status() != TransactionStatus.PENDING) {
          throw new TransactionStateException("transactionId", current.id(),
              "is " + current.status() + ", not PENDING");
        }
      }
      case REVERSE -> {
        if (current.status() != TransactionStatus.POSTED) {
          throw new TransactionStateException("transactionId", current.id(),
              "is " + current.status() + "; only a POSTED transaction can be reversed");
        }
        if (current.reversedBy() != null) {
          throw new TransactionStateException("transactionId", current.id(),
              "was already reversed by " + current.reversedBy());
        }
      }
      default -> throw new IllegalArgumentException("no target for " + posting.kind());
    }
  }

  /**
   * Resolves a posting whose idempotency key is already stored: a replay when the requests match,
   * a conflict otherwise.
   *
   * @param posting    the new posting
   * @param stored     the transaction stored under the key
   * @param storedHash the request hash stored with it
   * @return the replay result (nothing is to be written)
   * @throws IdempotencyConflictException when the requests differ
   */
  public static AppliedPosting resolveDuplicateKey(StorePosting posting, Transaction stored, String storedHash) {
    if (!Objects.equals(posting.requestHash(), storedHash)) {
      throw new IdempotencyConflictException("idempotencyKey", posting.idempotencyKey(),
          "was already used by transaction " + stored.id() + " for a different request");
    }
    return AppliedPosting.replay(stored);
  }

  /**
   * Checks whether an account may move to a new status.
   *
   * @param account the account as stored
   * @param balance its current balance
   * @param target  the requested status
   * @return false when the account already has that status (nothing to do), true to change it
   * @throws AccountStateException when the change is not allowed
   */
  public static boolean checkStatusChange(Account account, Balance balance, AccountStatus target) {
    if (account.status() == target) {
      return false;
    }
    if (account.status() == AccountStatus.CLOSED) {
      throw new AccountStateException("accountId", account.id(),
          "is CLOSED (account " + account.code() + "); a closed account cannot change status");
    }
    if (target == AccountStatus.CLOSED
        && (balance.postedDebits() != balance.postedCredits() || balance.pendingDebits() != 0
            || balance.pendingCredits() != 0)) {
      throw new AccountStateException("accountId", account.id(),
          "cannot be closed: account " + account.code() + " has posted balance " + balance.posted()
              + " and pending " + Money.ofMinor(balance.pendingDebits(), account.currency()) + " debits / "
              + Money.ofMinor(balance.pendingCredits(), account.currency()) + " credits");
    }
    return true;
  }

  /**
   * The transaction a CREATE or REVERSE posting stores.
   *
   * @param posting the posting
   * @param entries its planned entries
   * @return the new transaction
   */
  public static Transaction newTransaction(StorePosting posting, List<Entry> entries) {
    return new Transaction(posting.transactionId(), posting.idempotencyKey(), posting.description(),
        posting.effectiveDate(), posting.postedAt(), posting.status(), entries, posting.metadata(),
        posting.expiresAt(), posting.reverses(), null, false);
  }

  /**
   * A pending transaction after a COMMIT or VOID posting.
   *
   * @param pending    the transaction as stored
   * @param posting    the commit or void
   * @param newEntries the planned entries (empty for a void)
   * @return the updated transaction
   */
  public static Transaction settled(Transaction pending, StorePosting posting, List<Entry> newEntries) {
    List<Entry> all = new ArrayList<>(pending.entries());
    all.addAll(newEntries);
    return new Transaction(pending.id(), pending.idempotencyKey(), pending.description(), pending.effectiveDate(),
        pending.postedAt(), posting.status(), all, pending.metadata(), pending.expiresAt(), pending.reverses(),
        pending.reversedBy(), false);
  }
}
