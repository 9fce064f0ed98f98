package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.UnbalancedTransactionException;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobLock;
import io.github.corebanking.ledger.job.JobRuns;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link LedgerStore} must show: the posting rules, idempotency, two-phase
 * holds, reversals, append-only history, rejections that write nothing, atomic batches,
 * concurrency, reads and job locks. A store is correct when a test class extending this one,
 * unchanged, passes.
 *
 * <pre>{@code
 * class InMemoryLedgerStoreContractTest extends LedgerStoreContract {
 *   protected LedgerStore newStore() {
 *     return new InMemoryLedgerStore();
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #newStore()} is called before each test and must return a fresh, empty store (for a
 * database, a fresh schema); {@link #releaseStore(LedgerStore)} is called after it. Each test
 * builds its own {@link Ledger} over that store with a {@link MutableClock}, so everything that
 * depends on time is deterministic. The tests use only the public {@link Ledger} API, the
 * {@link LedgerStore} SPI and the job package. Concurrency tests keep to a few thousand postings so
 * that the suite stays quick against a real database.
 */
public abstract class LedgerStoreContract {

  /** Where every test's clock starts; accounts are opened at this instant. */
  protected static final Instant START = Instant.parse("2026-01-15T09:00:00Z");

  private static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2100-01-01T00:00:00Z");
  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private static final int MAX_PAGES = 1_000;
  private static final long WAIT_SECONDS = 30;

  private LedgerStore store;
  private MutableClock clock;
  private Ledger ledger;

  /** Creates a contract; subclasses supply the store. */
  protected LedgerStoreContract() {}

  /**
   * Creates the store under test. Called before each test.
   *
   * @return a fresh, empty store
   */
  protected abstract LedgerStore newStore();

  /**
   * Releases a store after its test. The default closes it; a database-backed store may also drop
   * its schema here.
   *
   * @param store the store {@link #newStore()} returned for the test
   */
  protected void releaseStore(LedgerStore store) {
    store.close();
  }

  /** Builds the test's ledger over a fresh store and a clock standing at {@link #START}. */
  @BeforeEach
  protected final void openLedger() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
    clock = MutableClock.at(START);
    ledger = Ledger.builder().store(store).clock(clock).build();
  }

  /** Closes the ledger and hands the store to {@link #releaseStore(LedgerStore)}. */
  @AfterEach
  protected final void closeLedger() {
    try {
      if (ledger != null) {
        ledger.close();
      }
    } finally {
      if (store != null) {
        releaseStore(store);
      }
    }
  }

  /** @return the ledger of the running test */
  protected final Ledger ledger() {
    return ledger;
  }

  /** @return the store of the running test */
  protected final LedgerStore store() {
    return store;
  }

  /** @return the clock of the running test */
  protected final MutableClock clock() {
    return clock;
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 1: at least two entries, positive amounts, balanced per currency
  // ---------------------------------------------------------------------------------------------

  /** Rule 1: at least two entries, every amount positive, debits equal credits per currency. */
  @Nested
  class PostingRules {

    @Test
    void aBalancedTransactionIsPostedAndMovesBothAccounts() {
      Book book = openBook();
      Instant now = tick();
      Transaction t = post("capital-1", book.cash(), book.capital(), usd("1000.00"));

      assertThat(t.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(t.replayed()).isFalse();
      assertThat(t.idempotencyKey()).isEqualTo("capital-1");
      assertThat(t.postedAt()).isEqualTo(now);
      assertThat(t.entries()).hasSize(2);
      Entry debit = t.entries().get(0);
      Entry credit = t.entries().get(1);
      assertThat(debit.accountId()).isEqualTo(book.cash().id());
      assertThat(debit.side()).isEqualTo(Side.DEBIT);
      assertThat(debit.amount()).isEqualTo(usd("1000.00"));
      assertThat(debit.balanceAfter()).isEqualTo(usd("1000.00"));
      assertThat(debit.accountVersion()).isEqualTo(1);
      assertThat(debit.pending()).isFalse();
      assertThat(debit.transactionId()).isEqualTo(t.id());
      assertThat(credit.accountId()).isEqualTo(book.capital().id());
      assertThat(credit.side()).isEqualTo(Side.CREDIT);
      assertThat(credit.balanceAfter()).isEqualTo(usd("1000.00"));
      assertThat(t.entries()).extracting(Entry::ordinal).containsExactly(0, 1);
      assertBalance(book.cash(), 100_000, 0, 0, 0, 1);
      assertBalance(book.capital(), 0, 100_000, 0, 0, 1);
      assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd("1000.00"));
      assertThat(ledger.balance(book.capital().id()).posted()).isEqualTo(usd("1000.00"));
    }

    @Test
    void aTransactionWithOneEntryIsRejected() {
      Book book = openBook();
      assertRejected(UnbalancedTransactionException.class, "entries", "1 entries",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("one-line")
              .debit(book.cash().id(), usd("10.00")).build()));
      assertNothingBookedUnder("one-line");
    }

    @Test
    void aTransactionWithNoEntriesIsRejected() {
      openBook();
      assertRejected(UnbalancedTransactionException.class, "entries", "0 entries",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("no-lines").build()));
    }

    @Test
    void aZeroAmountIsRejected() {
      Book book = openBook();
      assertRejected(InvalidAmountException.class, "entry.amount", "0.00 USD",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("zero")
              .debit(book.cash().id(), usd("0.00"))
              .credit(book.capital().id(), usd("0.00")).build()));
      assertNothingBookedUnder("zero");
    }

    @Test
    void aNegativeAmountIsRejected() {
      Book book = openBook();
      assertRejected(InvalidAmountException.class, "entry.amount", "-5.00 USD",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("negative")
              .debit(book.cash().id(), usd("-5.00"))
              .credit(book.capital().id(), usd("-5.00")).build()));
      assertNothingBookedUnder("negative");
    }

    @Test
    void anUnbalancedTransactionIsRejected() {
      Book book = openBook();
      LedgerException e = assertRejected(UnbalancedTransactionException.class, "entries", "USD",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("unbalanced")
              .debit(book.cash().id(), usd("100.00"))
              .credit(book.capital().id(), usd("90.00")).build()));
      assertThat(e.getMessage()).contains("100.00").contains("90.00");
      assertNothingBookedUnder("unbalanced");
    }

    @Test
    void aMultiCurrencyTransactionBalancedPerCurrencyIsAccepted() {
      Book book = openBook();
      Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("fx-capital")
          .debit(book.cash().id(), usd("100.00"))
          .credit(book.capital().id(), usd("100.00"))
          .debit(book.eurCash().id(), eur("80.00"))
          .credit(book.eurCapital().id(), eur("80.00"))
          .build());

      assertThat(t.entries()).hasSize(4);
      assertBalance(book.cash(), 10_000, 0, 0, 0, 1);
      assertBalance(book.capital(), 0, 10_000, 0, 0, 1);
      assertBalance(book.eurCash(), 8_000, 0, 0, 0, 1);
      assertBalance(book.eurCapital(), 0, 8_000, 0, 0, 1);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void aMultiCurrencyTransactionUnbalancedInOneCurrencyIsRejected() {
      Book book = openBook();
      LedgerException e = assertRejected(UnbalancedTransactionException.class, "entries", "EUR",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("fx-unbalanced")
              .debit(book.cash().id(), usd("100.00"))
              .credit(book.capital().id(), usd("100.00"))
              .debit(book.eurCash().id(), eur("80.00"))
              .credit(book.eurCapital().id(), eur("79.99"))
              .build()));
      assertThat(e.getMessage()).contains("80.00").contains("79.99");
      assertNothingBookedUnder("fx-unbalanced");
    }

    @Test
    void aTransactionBalancedOnlyAcrossCurrenciesIsRejected() {
      Book book = openBook();
      assertRejected(UnbalancedTransactionException.class, "entries", "EUR",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("cross-currency")
              .debit(book.cash().id(), usd("50.00"))
              .credit(book.eurCapital().id(), eur("50.00"))
              .build()));
    }

    @Test
    void severalEntriesOnOneAccountAreSummedAndBumpItsVersionOnce() {
      Book book = openBook();
      Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("split")
          .debit(book.cash().id(), usd("30.00"))
          .debit(book.cash().id(), usd("20.00"))
          .credit(book.capital().id(), usd("50.00"))
          .build());

      assertThat(t.entries()).extracting(Entry::balanceAfter)
          .containsExactly(usd("30.00"), usd("50.00"), usd("50.00"));
      assertThat(t.entries()).extracting(Entry::accountVersion).containsExactly(1L, 1L, 1L);
      assertBalance(book.cash(), 5_000, 0, 0, 0, 1);
      assertBalance(book.capital(), 0, 5_000, 0, 0, 1);
    }

    @Test
    void eachPostingBumpsEveryTouchedAccountVersionByOne() {
      Book book = openBook();
      post("v-1", book.cash(), book.capital(), usd("10.00"));
      post("v-2", book.cash(), book.capital(), usd("10.00"));
      post("v-3", book.salaries(), book.cash(), usd("5.00"));

      assertThat(ledger.balance(book.cash().id()).version()).isEqualTo(3);
      assertThat(ledger.balance(book.capital().id()).version()).isEqualTo(2);
      assertThat(ledger.balance(book.salaries().id()).version()).isEqualTo(1);
      assertThat(ledger.balance(book.fees().id()).version()).isZero();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 2: accounts exist, are open, and hold the entry's currency
  // ---------------------------------------------------------------------------------------------

  /** Rule 2: every account exists, is OPEN and has the entry's currency; the account lifecycle. */
  @Nested
  class Accounts {

    @Test
    void anOpenedAccountIsOpenWithAZeroBalanceAndReadsBack() {
      Account account = ledger.openAccount(NewAccount.builder().code("2200").name("Savings")
          .type(AccountType.LIABILITY).currency(USD).debitsMustNotExceedCredits(true)
          .metadata("branch", "north").build());

      assertThat(account.status()).isEqualTo(AccountStatus.OPEN);
      assertThat(account.createdAt()).isEqualTo(START);
      assertThat(account.metadata()).containsExactly(Map.entry("branch", "north"));
      assertThat(account.debitsMustNotExceedCredits()).isTrue();
      assertThat(account.creditsMustNotExceedDebits()).isFalse();
      assertThat(ledger.account(account.id())).isEqualTo(account);
      assertThat(ledger.accountByCode("2200")).contains(account);
      assertThat(ledger.accountByCode("9999")).isEmpty();
      assertBalance(account, 0, 0, 0, 0, 0);
      assertThat(ledger.balance(account.id()).available()).isEqualTo(usd("0.00"));
    }

    @Test
    void accountsAreListedByCode() {
      Account b = openAccount("2000", AccountType.LIABILITY, USD);
      Account c = openAccount("3000", AccountType.EQUITY, USD);
      Account a = openAccount("1000", AccountType.ASSET, USD);

      assertThat(ledger.accounts()).containsExactly(a, b, c);
    }

    @Test
    void anAccountOpenedWithItsOwnIdKeepsIt() {
      AccountId id = AccountId.of(UUID.fromString("7b1f3a7e-0000-4000-8000-000000000001"));
      Account account = ledger.openAccount(NewAccount.builder().id(id).code("1200").name("Loans")
          .type(AccountType.ASSET).currency(USD).build());

      assertThat(account.id()).isEqualTo(id);
      assertThat(ledger.account(id).code()).isEqualTo("1200");
    }

    @Test
    void aDuplicateAccountCodeIsRejected() {
      Book book = openBook();
      assertRejected(DuplicateAccountException.class, "account.code", "1000",
          () -> ledger.openAccount(NewAccount.builder().code(book.cash().code()).name("Other cash")
              .type(AccountType.ASSET).currency(USD).build()));
      assertThat(ledger.accountByCode("1000")).contains(book.cash());
    }

    @Test
    void aDuplicateAccountIdIsRejected() {
      Book book = openBook();
      assertRejected(DuplicateAccountException.class, "account.id", book.cash().id().toString(),
          () -> ledger.openAccount(NewAccount.builder().id(book.cash().id()).code("1999").name("Clash")
              .type(AccountType.ASSET).currency(USD).build()));
      assertThat(ledger.accountByCode("1999")).isEmpty();
    }

    @Test
    void postingToAnUnknownAccountIsRejected() {
      Book book = openBook();
      AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-00000000dead"));
      assertRejected(AccountNotFoundException.class, "entries[1].accountId", unknown.toString(),
          () -> ledger.post(transfer("to-nowhere", book.cash(), unknown, usd("10.00"))));
      assertNothingBookedUnder("to-nowhere");
    }

    @Test
    void postingToAFrozenAccountIsRejected() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Account frozen = ledger.freezeAccount(book.deposit().id());
      assertThat(frozen.status()).isEqualTo(AccountStatus.FROZEN);
      assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.FROZEN);

      assertRejected(AccountStateException.class, "entries[0].accountId", book.deposit().id().toString(),
          () -> ledger.post(transfer("from-frozen", book.deposit(), book.cash(), usd("10.00"))));
      assertRejected(AccountStateException.class, "entries[1].accountId", book.deposit().id().toString(),
          () -> ledger.post(transfer("to-frozen", book.cash(), book.deposit(), usd("10.00"))));
      assertNothingBookedUnder("from-frozen", "to-frozen");
    }

    @Test
    void anUnfrozenAccountAcceptsPostingsAgain() {
      Book book = openBook();
      ledger.freezeAccount(book.deposit().id());
      Account reopened = ledger.unfreezeAccount(book.deposit().id());

      assertThat(reopened.status()).isEqualTo(AccountStatus.OPEN);
      post("after-unfreeze", book.cash(), book.deposit(), usd("10.00"));
      assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("10.00"));
    }

    @Test
    void postingToAClosedAccountIsRejected() {
      Book book = openBook();
      Account closed = ledger.closeAccount(book.fees().id());
      assertThat(closed.status()).isEqualTo(AccountStatus.CLOSED);
      assertThat(ledger.account(book.fees().id()).status()).isEqualTo(AccountStatus.CLOSED);

      assertRejected(AccountStateException.class, "entries[1].accountId", book.fees().id().toString(),
          () -> ledger.post(transfer("to-closed", book.cash(), book.fees(), usd("1.00"))));
      assertNothingBookedUnder("to-closed");
    }

    @Test
    void postingInAnotherCurrencyThanTheAccountsIsRejected() {
      Book book = openBook();
      LedgerException e = assertRejected(CurrencyMismatchException.class, "entries[0].amount", "10.00 EUR",
          () -> ledger.post(transfer("wrong-currency", book.cash(), book.eurCapital(), eur("10.00"))));
      assertThat(e.getMessage()).contains(book.cash().code());
      assertNothingBookedUnder("wrong-currency");
    }

    @Test
    void closingAnAccountWithAPostedBalanceIsRejected() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      assertRejected(AccountStateException.class, "accountId", book.deposit().id().toString(),
          () -> ledger.closeAccount(book.deposit().id()));
      assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.OPEN);
    }

    @Test
    void closingAnAccountWithOnlyPendingAmountsIsRejected() {
      Book book = openBook();
      hold("pending-inflow", book.cash(), book.settlement(), usd("25.00"), null);
      assertRejected(AccountStateException.class, "accountId", book.settlement().id().toString(),
          () -> ledger.closeAccount(book.settlement().id()));
      assertThat(ledger.account(book.settlement().id()).status()).isEqualTo(AccountStatus.OPEN);
    }

    @Test
    void anAccountWhoseBalanceReturnedToZeroCanBeClosed() {
      Book book = openBook();
      post("in", book.cash(), book.deposit(), usd("40.00"));
      post("out", book.deposit(), book.cash(), usd("40.00"));

      assertThat(ledger.closeAccount(book.deposit().id()).status()).isEqualTo(AccountStatus.CLOSED);
      assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void aClosedAccountCannotBeReopenedOrFrozen() {
      Book book = openBook();
      ledger.closeAccount(book.fees().id());
      assertRejected(AccountStateException.class, "accountId", book.fees().id().toString(),
          () -> ledger.unfreezeAccount(book.fees().id()));
      assertRejected(AccountStateException.class, "accountId", book.fees().id().toString(),
          () -> ledger.freezeAccount(book.fees().id()));
      assertThat(ledger.account(book.fees().id()).status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void changingTheStatusOfAnUnknownAccountIsRejected() {
      openBook();
      AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-00000000beef"));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
          () -> ledger.freezeAccount(unknown));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
          () -> ledger.closeAccount(unknown));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
          () -> ledger.account(unknown));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 3: constraint flags, counting pending amounts
  // ---------------------------------------------------------------------------------------------

  /** Rule 3: balance-constraint flags hold after every posting, counting pending amounts. */
  @Nested
  class BalanceConstraints {

    @Test
    void aNoOverdraftAccountCannotBeDebitedBeyondItsCredits() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));

      LedgerException e = assertRejected(BalanceConstraintException.class, "entries[0].accountId",
          book.deposit().id().toString(),
          () -> ledger.post(transfer("overdraw", book.deposit(), book.cash(), usd("100.01"))));
      assertThat(e.getMessage()).contains(book.deposit().code());
      assertNothingBookedUnder("overdraw");

      post("drain", book.deposit(), book.cash(), usd("100.00"));
      assertBalance(book.deposit(), 10_000, 10_000, 0, 0, 2);
    }

    @Test
    void theConstraintNamesTheFirstEntryOnTheAccount() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("10.00"));
      assertRejected(BalanceConstraintException.class, "entries[1].accountId", book.deposit().id().toString(),
          () -> ledger.post(PostingRequest.builder().idempotencyKey("second-line")
              .credit(book.cash().id(), usd("20.00"))
              .debit(book.deposit().id(), usd("20.00"))
              .build()));
    }

    @Test
    void pendingDebitsCountAgainstTheNoOverdraftLimit() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      hold("card-auth", book.deposit(), book.settlement(), usd("80.00"), null);

      assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
          () -> ledger.post(transfer("withdraw", book.deposit(), book.cash(), usd("30.00"))));
      assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
          () -> hold("second-auth", book.deposit(), book.settlement(), usd("20.01"), null));

      post("withdraw-less", book.deposit(), book.cash(), usd("20.00"));
      assertBalance(book.deposit(), 2_000, 10_000, 8_000, 0, 3);
      assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("0.00"));
    }

    @Test
    void pendingCreditsDoNotRaiseTheNoOverdraftLimit() {
      Book book = openBook();
      hold("incoming", book.cash(), book.deposit(), usd("100.00"), null);

      assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
          () -> ledger.post(transfer("spend-incoming", book.deposit(), book.cash(), usd("50.00"))));
    }

    @Test
    void aNoNegativeAssetCannotBeCreditedBeyondItsDebits() {
      Book book = openBook();
      Account vault = openAccount("1100", "Vault", AccountType.ASSET, USD, false, true);
      post("stock", vault, book.capital(), usd("50.00"));

      assertRejected(BalanceConstraintException.class, "entries[1].accountId", vault.id().toString(),
          () -> ledger.post(transfer("take-too-much", book.cash(), vault, usd("60.00"))));

      post("take-all", book.cash(), vault, usd("50.00"));
      assertBalance(vault, 5_000, 5_000, 0, 0, 2);
    }

    @Test
    void pendingCreditsCountAgainstTheNoNegativeLimit() {
      Book book = openBook();
      Account vault = openAccount("1100", "Vault", AccountType.ASSET, USD, false, true);
      post("stock", vault, book.capital(), usd("50.00"));
      hold("reserve", book.cash(), vault, usd("40.00"), null);

      assertRejected(BalanceConstraintException.class, "entries[1].accountId", vault.id().toString(),
          () -> ledger.post(transfer("take", book.cash(), vault, usd("20.00"))));
      post("take-rest", book.cash(), vault, usd("10.00"));
      assertBalance(vault, 5_000, 1_000, 0, 4_000, 3);
    }

    @Test
    void accountsWithoutFlagsMayGoNegative() {
      Book book = openBook();
      post("overdraw-cash", book.salaries(), book.cash(), usd("100.00"));

      assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd("-100.00"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 4: idempotency
  // ---------------------------------------------------------------------------------------------

  /** Rule 4: a key is unique per ledger; a repeat replays, a different request conflicts. */
  @Nested
  class Idempotency {

    @Test
    void repeatingARequestReturnsTheOriginalTransactionAndWritesNothing() {
      Book book = openBook();
      tick();
      PostingRequest request = transfer("pay-1", book.cash(), book.capital(), usd("10.00"));
      Transaction original = ledger.post(request);
      tick();
      Snapshot before = snapshot();

      Transaction replay = ledger.post(request);

      assertThat(replay.replayed()).isTrue();
      assertThat(replay).isEqualTo(original.asReplay());
      assertThat(snapshot()).isEqualTo(before);
      assertThat(ledger.transactionByKey("pay-1")).contains(original);
    }

    @Test
    void anEqualRequestBuiltAgainIsAReplay() {
      Book book = openBook();
      Transaction original = ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.00")));
      Snapshot before = snapshot();

      Transaction replay = ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.00")));

      assertThat(replay.replayed()).isTrue();
      assertThat(replay.id()).isEqualTo(original.id());
      assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void repeatingAHoldRequestReplaysIt() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      PostingRequest request = PostingRequest.builder().idempotencyKey("auth-1")
          .debit(book.deposit().id(), usd("30.00")).credit(book.settlement().id(), usd("30.00"))
          .pending(START.plus(Duration.ofDays(7))).build();
      Transaction original = ledger.post(request);
      Snapshot before = snapshot();

      Transaction replay = ledger.post(request);

      assertThat(replay).isEqualTo(original.asReplay());
      assertThat(snapshot()).isEqualTo(before);
      assertBalance(book.deposit(), 0, 10_000, 3_000, 0, 2);
    }

    @Test
    void theSameKeyWithAnotherAmountIsAConflict() {
      Book book = openBook();
      Transaction original = post("pay-1", book.cash(), book.capital(), usd("10.00"));

      LedgerException e = assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
          () -> ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.01"))));
      assertThat(e.getMessage()).contains(original.id().toString());
      assertThat(ledger.transactionByKey("pay-1")).contains(original);
    }

    @Test
    void theSameKeyWithAnotherAccountDescriptionOrPhaseIsAConflict() {
      Book book = openBook();
      post("pay-1", book.cash(), book.capital(), usd("10.00"));

      assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
          () -> ledger.post(transfer("pay-1", book.salaries(), book.capital(), usd("10.00"))));
      assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("pay-1").description("changed")
              .debit(book.cash().id(), usd("10.00")).credit(book.capital().id(), usd("10.00")).build()));
      assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
          () -> hold("pay-1", book.cash(), book.capital(), usd("10.00"), null));
    }

    @Test
    void aKeyStaysTakenAfterItsHoldIsSettled() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("5.00"), null);
      ledger.voidPending(held.id());

      assertRejected(IdempotencyConflictException.class, "idempotencyKey", "auth-1",
          () -> ledger.post(transfer("auth-1", book.cash(), book.settlement(), usd("5.00"))));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 5: two-phase transfers
  // ---------------------------------------------------------------------------------------------

  /** Rule 5: holds move pending counters; commit, partial commit and void, each once; expiry. */
  @Nested
  class TwoPhase {

    @Test
    void aHoldMovesOnlyThePendingCounters() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Instant heldAt = tick();
      Instant expiry = heldAt.plus(Duration.ofDays(7));

      Transaction t = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), expiry);

      assertThat(t.status()).isEqualTo(TransactionStatus.PENDING);
      assertThat(t.expiresAt()).isEqualTo(expiry);
      assertThat(t.entries()).hasSize(2).allMatch(Entry::pending);
      assertThat(t.postedEntries()).isEmpty();
      assertThat(t.entries().get(0).balanceAfter()).isEqualTo(usd("100.00"));
      assertThat(t.entries().get(1).balanceAfter()).isEqualTo(usd("0.00"));
      assertBalance(book.deposit(), 0, 10_000, 3_000, 0, 2);
      assertBalance(book.settlement(), 0, 0, 0, 3_000, 1);
      Balance deposit = ledger.balance(book.deposit().id());
      assertThat(deposit.posted()).isEqualTo(usd("100.00"));
      assertThat(deposit.pending()).isEqualTo(usd("-30.00"));
      assertThat(deposit.available()).isEqualTo(usd("70.00"));
      Balance settlement = ledger.balance(book.settlement().id());
      assertThat(settlement.posted()).isEqualTo(usd("0.00"));
      assertThat(settlement.pending()).isEqualTo(usd("30.00"));
      assertThat(settlement.available()).as("a pending inflow is not available").isEqualTo(usd("0.00"));
      assertThat(ledger.transaction(t.id())).contains(t);
    }

    @Test
    void committingAHoldInFullPostsItsAmounts() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
      Instant committedAt = tick();

      Transaction committed = ledger.commit(held.id());

      assertThat(committed.id()).isEqualTo(held.id());
      assertThat(committed.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(committed.entries()).hasSize(4);
      assertThat(committed.entries().subList(0, 2)).isEqualTo(held.entries());
      List<Entry> posted = committed.postedEntries();
      assertThat(posted).hasSize(2);
      assertThat(posted).extracting(Entry::amount).containsOnly(usd("30.00"));
      assertThat(posted).extracting(Entry::postedAt).containsOnly(committedAt);
      assertThat(posted).extracting(Entry::side).containsExactly(Side.DEBIT, Side.CREDIT);
      assertThat(posted).extracting(Entry::balanceAfter).containsExactly(usd("70.00"), usd("30.00"));
      assertThat(committed.entries()).extracting(Entry::ordinal).containsExactly(0, 1, 2, 3);
      assertBalance(book.deposit(), 3_000, 10_000, 0, 0, 3);
      assertBalance(book.settlement(), 0, 3_000, 0, 0, 2);
      assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("70.00"));
      assertThat(ledger.transaction(held.id())).contains(committed);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void committingPartOfAHoldPostsThatAmountAndReleasesTheRest() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);

      Transaction committed = ledger.commit(held.id(), usd("20.00"));

      assertThat(committed.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(committed.postedEntries()).extracting(Entry::amount).containsOnly(usd("20.00"));
      assertBalance(book.deposit(), 2_000, 10_000, 0, 0, 3);
      assertBalance(book.settlement(), 0, 2_000, 0, 0, 2);
      assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("80.00"));
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void committingTheWholeHeldAmountExplicitlyIsAFullCommit() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);

      ledger.commit(held.id(), usd("30.00"));

      assertBalance(book.deposit(), 3_000, 10_000, 0, 0, 3);
    }

    @Test
    void voidingAHoldReleasesItWithoutPosting() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
      tick();

      Transaction voided = ledger.voidPending(held.id());

      assertThat(voided.status()).isEqualTo(TransactionStatus.VOIDED);
      assertThat(voided.entries()).isEqualTo(held.entries());
      assertBalance(book.deposit(), 0, 10_000, 0, 0, 3);
      assertBalance(book.settlement(), 0, 0, 0, 0, 2);
      assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("100.00"));
      assertThat(ledger.transaction(held.id())).contains(voided);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void committingTwiceIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
      ledger.commit(held.id());

      LedgerException e = assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
          () -> ledger.commit(held.id()));
      assertThat(e.getMessage()).contains("POSTED");
      assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
          () -> ledger.commit(held.id(), usd("1.00")));
    }

    @Test
    void voidingTwiceIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
      ledger.voidPending(held.id());

      LedgerException e = assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
          () -> ledger.voidPending(held.id()));
      assertThat(e.getMessage()).contains("VOIDED");
    }

    @Test
    void committingAVoidedHoldIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
      ledger.voidPending(held.id());

      assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
          () -> ledger.commit(held.id()));
      assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.VOIDED);
    }

    @Test
    void voidingACommittedHoldIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
      ledger.commit(held.id());

      assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
          () -> ledger.voidPending(held.id()));
      assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.POSTED);
    }

    @Test
    void committingOrVoidingAPostedTransactionIsRejected() {
      Book book = openBook();
      Transaction posted = post("plain", book.cash(), book.capital(), usd("10.00"));

      assertRejected(TransactionStateException.class, "transactionId", posted.id().toString(),
          () -> ledger.commit(posted.id()));
      assertRejected(TransactionStateException.class, "transactionId", posted.id().toString(),
          () -> ledger.voidPending(posted.id()));
    }

    @Test
    void committingMoreThanTheHoldIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);

      assertRejected(InvalidAmountException.class, "amount", "30.01 USD",
          () -> ledger.commit(held.id(), usd("30.01")));
      assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
    }

    @Test
    void committingAZeroOrForeignAmountIsRejected() {
      Book book = openBook();
      Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);

      assertRejected(InvalidAmountException.class, "amount", "0.00 USD",
          () -> ledger.commit(held.id(), usd("0.00")));
      assertRejected(CurrencyMismatchException.class, "amount", "10.00 EUR",
          () -> ledger.commit(held.id(), eur("10.00")));
    }

    @Test
    void settlingAnUnknownTransactionIsRejected() {
      openBook();
      TransactionId unknown = new TransactionId(UUID.fromString("00000000-0000-7000-8000-0000000000aa"));
      assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
          () -> ledger.commit(unknown));
      assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
          () -> ledger.voidPending(unknown));
    }

    @Test
    void aHoldOnAFrozenAccountCanBeVoidedButNotCommitted() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
      ledger.freezeAccount(book.deposit().id());

      assertRejected(AccountStateException.class, "entries[0].accountId", book.deposit().id().toString(),
          () -> ledger.commit(held.id()));

      Transaction voided = ledger.voidPending(held.id());
      assertThat(voided.status()).isEqualTo(TransactionStatus.VOIDED);
      assertBalance(book.deposit(), 0, 10_000, 0, 0, 3);
    }

    @Test
    void theExpiryJobVoidsExpiredHoldsOnly() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction early = hold("early", book.deposit(), book.settlement(), usd("10.00"), START.plus(Duration.ofHours(1)));
      Transaction late = hold("late", book.deposit(), book.settlement(), usd("20.00"), START.plus(Duration.ofHours(3)));
      Transaction open = hold("open-ended", book.deposit(), book.settlement(), usd("5.00"), null);
      Transaction settled = hold("settled", book.deposit(), book.settlement(), usd("7.00"), START.plus(Duration.ofHours(1)));
      ledger.commit(settled.id());
      clock.set(START.plus(Duration.ofHours(2)));

      JobResult first = new ExpireHoldsJob(ledger, store, clock, 100).run();

      assertThat(first.status()).as("%s", first).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(first.count("voided")).isEqualTo(1);
      assertThat(status(early)).isEqualTo(TransactionStatus.VOIDED);
      assertThat(status(late)).isEqualTo(TransactionStatus.PENDING);
      assertThat(status(open)).isEqualTo(TransactionStatus.PENDING);
      assertThat(status(settled)).isEqualTo(TransactionStatus.POSTED);
      assertBalance(book.deposit(), 700, 10_000, 2_500, 0, 7);

      JobResult again = new ExpireHoldsJob(ledger, store, clock, 100).run();
      assertThat(again.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(again.count("voided")).isZero();

      clock.set(START.plus(Duration.ofHours(3)));
      JobResult atExpiry = new ExpireHoldsJob(ledger, store, clock, 100).run();
      assertThat(atExpiry.count("voided")).as("a hold expires at its expiresAt").isEqualTo(1);
      assertThat(status(late)).isEqualTo(TransactionStatus.VOIDED);
      assertThat(status(open)).isEqualTo(TransactionStatus.PENDING);
      assertBalance(book.deposit(), 700, 10_000, 500, 0, 8);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void theExpiryJobWorksThroughMoreHoldsThanOneBatch() {
      Book book = openBook();
      for (int i = 0; i < 7; i++) {
        hold("auth-" + i, book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(5)));
      }
      clock.set(START.plus(Duration.ofHours(1)));

      JobResult result = new ExpireHoldsJob(ledger, store, clock, 3).run();

      assertThat(result.count("voided")).as("%s", result).isEqualTo(7);
      assertBalance(book.settlement(), 0, 0, 0, 0, 14);
      assertThat(store.findExpiredHolds(clock.instant(), 100)).isEmpty();
    }

    @Test
    void expiredHoldsAreListedOldestExpiryFirstUpToTheLimit() {
      Book book = openBook();
      Transaction thirty = hold("h30", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(30)));
      Transaction ten = hold("h10", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(10)));
      Transaction twenty = hold("h20", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(20)));
      hold("h90", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(90)));
      hold("forever", book.cash(), book.settlement(), usd("1.00"), null);
      Transaction voided = hold("h5", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(5)));
      ledger.voidPending(voided.id());
      Instant now = START.plus(Duration.ofHours(1));

      assertThat(store.findExpiredHolds(now, 100)).containsExactly(ten.id(), twenty.id(), thirty.id());
      assertThat(store.findExpiredHolds(now, 2)).containsExactly(ten.id(), twenty.id());
      assertThat(store.findExpiredHolds(START.plus(Duration.ofMinutes(20)), 100)).containsExactly(ten.id(), twenty.id());
      assertThat(store.findExpiredHolds(START, 100)).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 6: reversal
  // ---------------------------------------------------------------------------------------------

  /** Rule 6: a reversal swaps sides, links both ways, restores balances, and happens once. */
  @Nested
  class Reversal {

    @Test
    void reversingSwapsTheSidesAndLinksBothWays() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction fee = post("fee-1", book.deposit(), book.fees(), usd("2.50"));
      Instant reversedAt = tick();

      Transaction reversal = ledger.reverse(fee.id());

      assertThat(reversal.id()).isNotEqualTo(fee.id());
      assertThat(reversal.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(reversal.replayed()).isFalse();
      assertThat(reversal.idempotencyKey()).isEqualTo("reversal:" + fee.id());
      assertThat(reversal.postedAt()).isEqualTo(reversedAt);
      assertThat(reversal.reverses()).isEqualTo(fee.id());
      assertThat(reversal.entries()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Entry original = fee.entries().get(i);
        Entry swapped = reversal.entries().get(i);
        assertThat(swapped.accountId()).isEqualTo(original.accountId());
        assertThat(swapped.amount()).isEqualTo(original.amount());
        assertThat(swapped.side()).isEqualTo(original.side().opposite());
        assertThat(swapped.pending()).isFalse();
      }
      Transaction reread = ledger.transaction(fee.id()).orElseThrow();
      assertThat(reread.reversedBy()).isEqualTo(reversal.id());
      assertThat(reread.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(ledger.transaction(reversal.id())).contains(reversal);
      assertThat(ledger.transactionByKey("reversal:" + fee.id())).contains(reversal);
      assertBalance(book.deposit(), 250, 10_250, 0, 0, 3);
      assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("100.00"));
      assertThat(ledger.balance(book.fees().id()).posted()).isEqualTo(usd("0.00"));
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void aReversalKeepsTheCallersKeyAndDescription() {
      Book book = openBook();
      Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));

      Transaction reversal = ledger.reverse(fee.id(), "refund-fee-1", "Refund of fee 1");

      assertThat(reversal.idempotencyKey()).isEqualTo("refund-fee-1");
      assertThat(reversal.description()).isEqualTo("Refund of fee 1");
      assertThat(ledger.transactionByKey("refund-fee-1")).contains(reversal);
    }

    @Test
    void reversingAgainWithTheSameKeyReplays() {
      Book book = openBook();
      Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
      Transaction reversal = ledger.reverse(fee.id());
      Transaction custom = ledger.reverse(post("fee-2", book.cash(), book.fees(), usd("1.00")).id(),
          "refund-2", "Refund 2");
      Snapshot before = snapshot();

      Transaction again = ledger.reverse(fee.id());
      Transaction customAgain = ledger.reverse(custom.reverses(), "refund-2", "Refund 2");

      assertThat(again.replayed()).isTrue();
      assertThat(again.id()).isEqualTo(reversal.id());
      assertThat(customAgain.replayed()).isTrue();
      assertThat(customAgain.id()).isEqualTo(custom.id());
      assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void reversingTwiceWithAnotherKeyIsRejected() {
      Book book = openBook();
      Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
      Transaction reversal = ledger.reverse(fee.id());

      LedgerException e = assertRejected(TransactionStateException.class, "transactionId", fee.id().toString(),
          () -> ledger.reverse(fee.id(), "second-reversal", "Again"));
      assertThat(e.getMessage()).contains(reversal.id().toString());
      assertNothingBookedUnder("second-reversal");
    }

    @Test
    void reusingAReversalKeyForAnotherReversalIsAConflict() {
      Book book = openBook();
      Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
      ledger.reverse(fee.id(), "refund", "Refund");

      assertRejected(IdempotencyConflictException.class, "idempotencyKey", "refund",
          () -> ledger.reverse(fee.id(), "refund", "Refund, reworded"));
    }

    @Test
    void reversingAPendingOrVoidedTransactionIsRejected() {
      Book book = openBook();
      Transaction pending = hold("auth-1", book.cash(), book.settlement(), usd("5.00"), null);
      Transaction voided = hold("auth-2", book.cash(), book.settlement(), usd("6.00"), null);
      ledger.voidPending(voided.id());

      LedgerException e = assertRejected(TransactionStateException.class, "transactionId", pending.id().toString(),
          () -> ledger.reverse(pending.id()));
      assertThat(e.getMessage()).contains("PENDING");
      assertRejected(TransactionStateException.class, "transactionId", voided.id().toString(),
          () -> ledger.reverse(voided.id()));
      assertNothingBookedUnder("reversal:" + pending.id(), "reversal:" + voided.id());
    }

    @Test
    void reversingACommittedHoldReversesWhatWasPosted() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
      ledger.commit(held.id(), usd("20.00"));

      Transaction reversal = ledger.reverse(held.id());

      assertThat(reversal.entries()).hasSize(2);
      assertThat(reversal.entries()).extracting(Entry::amount).containsOnly(usd("20.00"));
      assertThat(reversal.entries()).extracting(Entry::side).containsExactly(Side.CREDIT, Side.DEBIT);
      assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("100.00"));
      assertThat(ledger.balance(book.settlement().id()).posted()).isEqualTo(usd("0.00"));
    }

    @Test
    void reversingAnUnknownTransactionIsRejected() {
      openBook();
      TransactionId unknown = new TransactionId(UUID.fromString("00000000-0000-7000-8000-0000000000bb"));
      assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
          () -> ledger.reverse(unknown));
    }

    @Test
    void aReversalThatWouldOverdrawIsRejected() {
      Book book = openBook();
      Transaction deposit = post("deposit", book.cash(), book.deposit(), usd("100.00"));
      post("withdraw", book.deposit(), book.cash(), usd("80.00"));

      assertRejected(BalanceConstraintException.class, "entries[1].accountId", book.deposit().id().toString(),
          () -> ledger.reverse(deposit.id()));
      assertThat(ledger.transaction(deposit.id()).orElseThrow().reversedBy()).isNull();
    }

    @Test
    void aReversalTouchingAFrozenAccountIsRejected() {
      Book book = openBook();
      Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
      ledger.freezeAccount(book.fees().id());

      assertRejected(AccountStateException.class, "entries[1].accountId", book.fees().id().toString(),
          () -> ledger.reverse(fee.id()));
      assertThat(ledger.transaction(fee.id()).orElseThrow().reversedBy()).isNull();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 7: append-only
  // ---------------------------------------------------------------------------------------------

  /** Rule 7: entries and posted transactions never change. */
  @Nested
  class AppendOnly {

    @Test
    void theEntriesOfATransactionNeverChangeAfterLaterActivity() {
      Book book = openBook();
      Transaction fund = post("fund", book.cash(), book.deposit(), usd("100.00"));
      List<Entry> firstStatement = fullStatement(book.deposit().id(), BEGINNING, END);
      tick();
      post("fee", book.deposit(), book.fees(), usd("2.00"));
      Transaction held = hold("auth", book.deposit(), book.settlement(), usd("10.00"), null);
      tick();
      ledger.commit(held.id(), usd("8.00"));
      post("salary", book.salaries(), book.deposit(), usd("50.00"));
      tick();
      ledger.reverse(fund.id());
      ledger.freezeAccount(book.fees().id());

      Transaction reread = ledger.transaction(fund.id()).orElseThrow();
      assertThat(reread.entries()).isEqualTo(fund.entries());
      assertThat(reread.status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(reread.postedAt()).isEqualTo(fund.postedAt());
      assertThat(reread.description()).isEqualTo(fund.description());
      List<Entry> laterStatement = fullStatement(book.deposit().id(), BEGINNING, END);
      assertThat(laterStatement).startsWith(firstStatement.toArray(new Entry[0]));
      assertThat(laterStatement).hasSize(6);
    }

    @Test
    void committingAHoldKeepsItsPendingEntries() {
      Book book = openBook();
      Transaction held = hold("auth", book.cash(), book.settlement(), usd("10.00"), null);
      List<Entry> statementWhileHeld = fullStatement(book.settlement().id(), BEGINNING, END);
      tick();

      ledger.commit(held.id());

      Transaction reread = ledger.transaction(held.id()).orElseThrow();
      assertThat(reread.pendingEntries()).isEqualTo(held.entries());
      assertThat(reread.entries().subList(0, 2)).isEqualTo(held.entries());
      assertThat(fullStatement(book.settlement().id(), BEGINNING, END))
          .startsWith(statementWhileHeld.toArray(new Entry[0])).hasSize(2);
    }

    @Test
    void aTransactionReadsBackExactlyAsItWasBooked() {
      Book book = openBook();
      Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("loan-42/disbursement")
          .description("Disburse loan 42").effectiveDate(LocalDate.parse("2026-01-14"))
          .debit(book.cash().id(), usd("1000.00")).credit(book.capital().id(), usd("1000.00"))
          .metadata("loan", "42").metadata("channel", "branch").build());

      assertThat(ledger.transaction(t.id())).contains(t);
      assertThat(ledger.transactionByKey("loan-42/disbursement")).contains(t);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 8: bad input gets a typed exception and writes nothing
  // ---------------------------------------------------------------------------------------------

  /** Rule 8: each bad input gets the right typed exception, names the field, and writes nothing. */
  @Nested
  class BadInput {

    @Test
    void aNullRequestIsRejected() {
      openBook();
      assertRejected(InvalidRequestException.class, "request", "null", () -> ledger.post(null));
      assertRejected(InvalidRequestException.class, "requests", "null", () -> ledger.postAll(null));
      assertRejected(InvalidRequestException.class, "account", "null", () -> ledger.openAccount(null));
    }

    @Test
    void aNullRequestInABatchIsRejected() {
      Book book = openBook();
      assertRejected(InvalidRequestException.class, "requests[1]", "null",
          () -> ledger.postAll(Arrays.asList(transfer("b-1", book.cash(), book.capital(), usd("1.00")), null)));
      assertNothingBookedUnder("b-1");
    }

    @Test
    void nullFieldsOfAPostingAreRejected() {
      Book book = openBook();
      assertRejected(InvalidRequestException.class, "idempotencyKey", "null",
          () -> ledger.post(PostingRequest.builder()
              .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
      assertRejected(InvalidRequestException.class, "description", "null",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("k").description(null)
              .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
      assertRejected(InvalidRequestException.class, "entries", "null",
          () -> ledger.post(new PostingRequest("k", "", null, null, false, null, Map.of())));
      assertRejected(InvalidRequestException.class, "entry.accountId", "null",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("k")
              .debit(null, usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
      assertRejected(InvalidRequestException.class, "entry.amount", "null",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("k")
              .debit(book.cash().id(), null).credit(book.capital().id(), usd("1.00")).build()));
      assertRejected(InvalidRequestException.class, "entries[1]", "null",
          () -> ledger.post(new PostingRequest("k", "", null,
              Arrays.asList(EntryRequest.debit(book.cash().id(), usd("1.00")), null), false, null, Map.of())));
      assertNothingBookedUnder("k");
    }

    @Test
    void aBlankIdempotencyKeyIsRejected() {
      Book book = openBook();
      assertRejected(InvalidRequestException.class, "idempotencyKey", "'  '",
          () -> ledger.post(transfer("  ", book.cash(), book.capital(), usd("1.00"))));
    }

    @Test
    void nullArgumentsToOperationsAreRejected() {
      Book book = openBook();
      Transaction held = hold("auth", book.cash(), book.settlement(), usd("1.00"), null);
      assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.commit(null));
      assertRejected(InvalidRequestException.class, "amount", "null", () -> ledger.commit(held.id(), null));
      assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.voidPending(null));
      assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.reverse(null));
      assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.freezeAccount(null));
      assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.closeAccount(null));
      assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.balance(null));
      assertRejected(InvalidRequestException.class, "accountIds", "null", () -> ledger.balances(null));
      assertRejected(InvalidRequestException.class, "asOf", "null",
          () -> ledger.balanceAsOf(book.cash().id(), null));
      assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.transaction(null));
      assertRejected(InvalidRequestException.class, "idempotencyKey", "null", () -> ledger.transactionByKey(null));
      assertRejected(InvalidRequestException.class, "page", "null",
          () -> ledger.statement(book.cash().id(), BEGINNING, END, null));
      assertThat(status(held)).isEqualTo(TransactionStatus.PENDING);
    }

    @Test
    void anAmountWithMoreDecimalsThanItsCurrencyIsRejected() {
      openBook();
      assertRejected(InvalidAmountException.class, "amount", "1.001", () -> Money.of("1.001", USD));
      assertRejected(InvalidAmountException.class, "amount", "1.5", () -> Money.of("1.5", CurrencyUnit.JPY));
    }

    @Test
    void amountsSummingPastTheLargestMinorUnitCountAreRejected() {
      Book book = openBook();
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      Money cent = Money.ofMinor(1, USD);
      assertRejected(InvalidAmountException.class, "entries[1].amount", "0.01 USD",
          () -> ledger.post(PostingRequest.builder().idempotencyKey("huge")
              .debit(book.cash().id(), max).debit(book.salaries().id(), cent)
              .credit(book.capital().id(), max).credit(book.fees().id(), cent).build()));
      assertNothingBookedUnder("huge");
    }

    @Test
    void aPostingThatWouldOverflowAnAccountCounterIsRejected() {
      Book book = openBook();
      post("nearly-max", book.cash(), book.capital(), Money.ofMinor(Long.MAX_VALUE - 5, USD));

      LedgerException e = assertRejected(InvalidAmountException.class, "entries[0].amount",
          book.cash().id().toString(), () -> ledger.post(transfer("over-max", book.cash(), book.fees(), usd("0.10"))));
      assertThat(e.getMessage()).contains("overflow");
      assertNothingBookedUnder("over-max");
      assertBalance(book.cash(), Long.MAX_VALUE - 5, 0, 0, 0, 1);
      assertBalance(book.fees(), 0, 0, 0, 0, 0);

      post("up-to-max", book.cash(), book.fees(), Money.ofMinor(5, USD));
      assertBalance(book.cash(), Long.MAX_VALUE, 0, 0, 0, 2);
    }

    @Test
    void overLongTextIsRejected() {
      Book book = openBook();
      String code = "1".repeat(65);
      String key = "k".repeat(129);
      String description = "d".repeat(501);
      assertRejected(InvalidRequestException.class, "account.code", code.substring(0, 37),
          () -> ledger.openAccount(NewAccount.builder().code(code).name("Too long")
              .type(AccountType.ASSET).currency(USD).build()));
      assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
          () -> ledger.post(transfer(key, book.cash(), book.capital(), usd("1.00"))));
      assertRejected(InvalidRequestException.class, "description", description.substring(0, 37),
          () -> ledger.post(PostingRequest.builder().idempotencyKey("long-description").description(description)
              .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
      Transaction fee = post("fee", book.cash(), book.fees(), usd("1.00"));
      assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
          () -> ledger.reverse(fee.id(), key, "Refund"));
      assertRejected(InvalidRequestException.class, "description", description.substring(0, 37),
          () -> ledger.reverse(fee.id(), "refund", description));
      assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
          () -> ledger.transactionByKey(key));
      assertNothingBookedUnder("long-description", "refund");
    }

    @Test
    void textAtTheLengthLimitsIsAccepted() {
      Book book = openBook();
      Account account = openAccount("9".repeat(64), AccountType.ASSET, USD);
      Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("k".repeat(128)).description("d".repeat(500))
          .debit(account.id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build());

      assertThat(ledger.accountByCode("9".repeat(64))).contains(account);
      assertThat(ledger.transactionByKey("k".repeat(128))).contains(t);
      assertThat(t.description()).hasSize(500);
    }

    @Test
    void badAccountDefinitionsAreRejected() {
      openBook();
      assertRejected(InvalidRequestException.class, "account.code", "10 00",
          () -> ledger.openAccount(NewAccount.builder().code("10 00").name("Spaced")
              .type(AccountType.ASSET).currency(USD).build()));
      assertRejected(InvalidRequestException.class, "account.creditsMustNotExceedDebits", "true",
          () -> ledger.openAccount(NewAccount.builder().code("1300").name("Both flags")
              .type(AccountType.ASSET).currency(USD).debitsMustNotExceedCredits(true)
              .creditsMustNotExceedDebits(true).build()));
      assertRejected(InvalidRequestException.class, "account.type", "null",
          () -> ledger.openAccount(NewAccount.builder().code("1300").name("No type").currency(USD).build()));
      assertThat(ledger.accountByCode("1300")).isEmpty();
    }

    @Test
    void anEmptyBatchIsRejected() {
      openBook();
      assertRejected(InvalidRequestException.class, "requests", "[]", () -> ledger.postAll(List.of()));
    }

    @Test
    void aBatchRepeatingAKeyIsRejected() {
      Book book = openBook();
      assertRejected(InvalidRequestException.class, "requests[2].idempotencyKey", "dup",
          () -> ledger.postAll(List.of(
              transfer("dup", book.cash(), book.capital(), usd("1.00")),
              transfer("other", book.cash(), book.capital(), usd("2.00")),
              transfer("dup", book.cash(), book.capital(), usd("3.00")))));
      assertNothingBookedUnder("dup", "other");
    }

    @Test
    void aStatementWindowThatDoesNotMoveForwardIsRejected() {
      Book book = openBook();
      assertRejected(InvalidRequestException.class, "to", START.toString(),
          () -> ledger.statement(book.cash().id(), START, START, PageRequest.first(10)));
      Instant earlier = START.minusSeconds(60);
      assertRejected(InvalidRequestException.class, "to", earlier.toString(),
          () -> ledger.statement(book.cash().id(), START, earlier, PageRequest.first(10)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Batches
  // ---------------------------------------------------------------------------------------------

  /** {@link Ledger#postAll}: all or nothing. */
  @Nested
  class Batches {

    @Test
    void aGoodBatchIsWrittenInFull() {
      Book book = openBook();
      List<Transaction> booked = ledger.postAll(List.of(
          transfer("b-1", book.cash(), book.capital(), usd("100.00")),
          transfer("b-2", book.cash(), book.deposit(), usd("50.00")),
          PostingRequest.builder().idempotencyKey("b-3").debit(book.deposit().id(), usd("20.00"))
              .credit(book.settlement().id(), usd("20.00")).pending().build(),
          transfer("b-4", book.eurCash(), book.eurCapital(), eur("30.00"))));

      assertThat(booked).extracting(Transaction::idempotencyKey).containsExactly("b-1", "b-2", "b-3", "b-4");
      assertThat(booked).extracting(Transaction::status).containsExactly(TransactionStatus.POSTED,
          TransactionStatus.POSTED, TransactionStatus.PENDING, TransactionStatus.POSTED);
      for (Transaction t : booked) {
        assertThat(t.replayed()).isFalse();
        assertThat(ledger.transactionByKey(t.idempotencyKey())).contains(t);
      }
      assertBalance(book.cash(), 15_000, 0, 0, 0, 2);
      assertBalance(book.deposit(), 0, 5_000, 2_000, 0, 2);
      assertBalance(book.settlement(), 0, 0, 0, 2_000, 1);
      assertBalance(book.eurCash(), 3_000, 0, 0, 0, 1);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    void oneBadPostingInABatchWritesNone() {
      Book book = openBook();
      AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-0000000000cc"));
      assertRejectedFieldEndingWith(AccountNotFoundException.class, "entries[1].accountId",
          unknown.toString(), () -> ledger.postAll(List.of(
              transfer("b-1", book.cash(), book.capital(), usd("100.00")),
              transfer("b-2", book.cash(), book.deposit(), usd("50.00")),
              transfer("b-3", book.cash(), unknown, usd("1.00")))));
      assertNothingBookedUnder("b-1", "b-2", "b-3");
    }

    @Test
    void aBatchBreakingAConstraintPartWayWritesNone() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      assertRejectedFieldEndingWith(BalanceConstraintException.class, "entries[0].accountId",
          book.deposit().id().toString(), () -> ledger.postAll(List.of(
              transfer("w-1", book.deposit(), book.cash(), usd("60.00")),
              transfer("w-2", book.deposit(), book.cash(), usd("60.00")))));
      assertNothingBookedUnder("w-1", "w-2");
    }

    @Test
    void aBatchWithAConflictingKeyWritesNone() {
      Book book = openBook();
      post("taken", book.cash(), book.capital(), usd("1.00"));
      assertRejectedFieldEndingWith(IdempotencyConflictException.class, "idempotencyKey", "taken",
          () -> ledger.postAll(List.of(
              transfer("fresh", book.cash(), book.capital(), usd("5.00")),
              transfer("taken", book.cash(), book.capital(), usd("2.00")))));
      assertNothingBookedUnder("fresh");
    }

    @Test
    void aBatchRepeatingAnEarlierRequestReplaysItAndWritesTheRest() {
      Book book = openBook();
      PostingRequest earlier = transfer("earlier", book.cash(), book.capital(), usd("1.00"));
      Transaction original = ledger.post(earlier);

      List<Transaction> booked = ledger.postAll(List.of(
          transfer("fresh", book.cash(), book.capital(), usd("5.00")), earlier));

      assertThat(booked.get(0).replayed()).isFalse();
      assertThat(booked.get(1)).isEqualTo(original.asReplay());
      assertBalance(book.cash(), 600, 0, 0, 0, 2);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Concurrency
  // ---------------------------------------------------------------------------------------------

  /** The rules hold under concurrent callers. */
  @Nested
  class Concurrency {

    @Test
    @Timeout(60)
    void fiftyConcurrentRepeatsOfOneKeyBookOneTransaction() throws Exception {
      Book book = openBook();
      PostingRequest request = transfer("same-key", book.cash(), book.capital(), usd("10.00"));

      List<Outcome<Transaction>> outcomes = runConcurrently(50, i -> () -> ledger.post(request));

      assertThat(errors(outcomes)).isEmpty();
      List<Transaction> results = values(outcomes);
      assertThat(results).hasSize(50);
      assertThat(results).extracting(Transaction::id).containsOnly(results.get(0).id());
      assertThat(results).filteredOn(t -> !t.replayed()).hasSize(1);
      assertBalance(book.cash(), 1_000, 0, 0, 0, 1);
      assertBalance(book.capital(), 0, 1_000, 0, 0, 1);
      IntegrityReport report = ledger.checkIntegrity();
      assertThat(report.ok()).isTrue();
      assertThat(report.transactionsChecked()).isEqualTo(1);
      assertThat(report.entriesChecked()).isEqualTo(2);
    }

    @Test
    @Timeout(60)
    void concurrentTransfersConserveMoneyAndRespectConstraints() throws Exception {
      Book book = openBook();
      int accountCount = 10;
      List<Account> customers = new ArrayList<>();
      Map<AccountId, Long> expected = new HashMap<>();
      for (int i = 0; i < accountCount; i++) {
        CurrencyUnit currency = i < 6 ? USD : EUR;
        Account a = openAccount("2" + (500 + i), "Customer " + i, AccountType.LIABILITY, currency, i % 2 == 0, false);
        customers.add(a);
        post("open-" + i, currency == USD ? book.capital() : book.eurCapital(), a, Money.ofMinor(30_000, currency));
        expected.put(a.id(), 30_000L);
      }
      int threads = 8;
      int transfersPerThread = 200;

      List<Outcome<List<long[]>>> outcomes = runConcurrently(threads, thread -> () -> {
        Random random = new Random(7919L * (thread + 1));
        List<long[]> accepted = new ArrayList<>();
        for (int n = 0; n < transfersPerThread; n++) {
          int from = random.nextInt(accountCount);
          int group = from < 6 ? 0 : 6;
          int size = from < 6 ? 6 : 4;
          int to = group + random.nextInt(size - 1);
          if (to >= from) {
            to++;
          }
          long minor = 100 + random.nextInt(20_000);
          Account debit = customers.get(from);
          Account credit = customers.get(to);
          try {
            ledger.post(transfer("t-" + thread + "-" + n, debit, credit, Money.ofMinor(minor, debit.currency())));
            accepted.add(new long[] {from, to, minor});
          } catch (BalanceConstraintException rejected) {
            accepted.add(new long[] {from, to, -minor});
          }
        }
        return accepted;
      });

      assertThat(errors(outcomes)).as("only constraint rejections are allowed").isEmpty();
      int acceptedCount = 0;
      int rejectedCount = 0;
      for (List<long[]> done : values(outcomes)) {
        for (long[] t : done) {
          if (t[2] > 0) {
            acceptedCount++;
            AccountId from = customers.get((int) t[0]).id();
            AccountId to = customers.get((int) t[1]).id();
            expected.merge(from, -t[2], Long::sum);
            expected.merge(to, t[2], Long::sum);
          } else {
            rejectedCount++;
          }
        }
      }
      assertThat(acceptedCount + rejectedCount).isEqualTo(threads * transfersPerThread);
      assertThat(acceptedCount).isPositive();
      assertThat(rejectedCount).as("the flagged accounts must have turned some transfers away").isPositive();

      Map<CurrencyUnit, Long> totals = new HashMap<>();
      long acceptedPostings = acceptedCount;
      for (Account a : customers) {
        Balance b = ledger.balance(a.id());
        assertThat(b.posted().minorUnits()).as("balance of %s", a.code()).isEqualTo(expected.get(a.id()));
        assertThat(b.pendingDebits() + b.pendingCredits()).isZero();
        if (a.debitsMustNotExceedCredits()) {
          assertThat(b.postedDebits()).as("debits of no-overdraft %s", a.code()).isLessThanOrEqualTo(b.postedCredits());
        }
        totals.merge(a.currency(), b.posted().minorUnits(), Long::sum);
        List<Entry> statement = fullStatement(a.id(), BEGINNING, END);
        assertThat((long) statement.size()).as("one entry per version of %s", a.code()).isEqualTo(b.version());
        assertThat(statement.get(statement.size() - 1).balanceAfter()).isEqualTo(b.posted());
        assertRunningBalances(a, Money.zero(a.currency()), statement);
      }
      assertThat(totals).containsEntry(USD, 6 * 30_000L).containsEntry(EUR, 4 * 30_000L);
      IntegrityReport report = ledger.checkIntegrity();
      assertThat(report.ok()).as("%s", report).isTrue();
      assertThat(report.transactionsChecked()).isEqualTo(accountCount + acceptedPostings);
      assertThat(ledger.trialBalance().balanced()).isTrue();
    }

    @Test
    @Timeout(60)
    void concurrentDebitsCannotOverdrawAnAccount() throws Exception {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));

      List<Outcome<Transaction>> outcomes = runConcurrently(20,
          i -> () -> ledger.post(transfer("spend-" + i, book.deposit(), book.cash(), usd("10.00"))));

      assertThat(values(outcomes)).hasSize(10);
      assertThat(errors(outcomes)).hasSize(10).allMatch(e -> e instanceof BalanceConstraintException);
      assertBalance(book.deposit(), 10_000, 10_000, 0, 0, 11);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    @Timeout(60)
    void concurrentCommitAndVoidSettleAHoldOnce() throws Exception {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("1000.00"));
      int holds = 10;
      List<Transaction> held = new ArrayList<>();
      for (int i = 0; i < holds; i++) {
        held.add(hold("auth-" + i, book.deposit(), book.settlement(), usd("10.00"), null));
      }

      List<Outcome<Transaction>> outcomes = runConcurrently(2 * holds, i -> () -> i % 2 == 0
          ? ledger.commit(held.get(i / 2).id())
          : ledger.voidPending(held.get(i / 2).id()));

      long committed = 0;
      for (int h = 0; h < holds; h++) {
        Outcome<Transaction> commit = outcomes.get(2 * h);
        Outcome<Transaction> voiding = outcomes.get(2 * h + 1);
        assertThat(commit.succeeded() ^ voiding.succeeded()).as("exactly one settles hold %d", h).isTrue();
        Outcome<Transaction> loser = commit.succeeded() ? voiding : commit;
        assertThat(loser.error()).isInstanceOf(TransactionStateException.class);
        TransactionStatus expectedStatus = commit.succeeded() ? TransactionStatus.POSTED : TransactionStatus.VOIDED;
        assertThat(status(held.get(h))).isEqualTo(expectedStatus);
        committed += commit.succeeded() ? 1 : 0;
      }
      Balance deposit = ledger.balance(book.deposit().id());
      assertThat(deposit.pendingDebits()).isZero();
      assertThat(deposit.postedDebits()).isEqualTo(committed * 1_000);
      assertThat(deposit.version()).isEqualTo(1 + 2L * holds);
      assertThat(ledger.balance(book.settlement().id()).postedCredits()).isEqualTo(committed * 1_000);
      assertThat(ledger.checkIntegrity().ok()).isTrue();
    }

    @Test
    @Timeout(60)
    void concurrentReversalsReverseOnce() throws Exception {
      Book book = openBook();
      Transaction fee = post("fee", book.cash(), book.fees(), usd("2.50"));

      List<Outcome<Transaction>> outcomes = runConcurrently(8,
          i -> () -> ledger.reverse(fee.id(), "reverse-" + i, "Reversal attempt " + i));

      assertThat(values(outcomes)).hasSize(1);
      assertThat(errors(outcomes)).hasSize(7).allMatch(e -> e instanceof TransactionStateException);
      Transaction reversal = values(outcomes).get(0);
      assertThat(ledger.transaction(fee.id()).orElseThrow().reversedBy()).isEqualTo(reversal.id());
      assertBalance(book.fees(), 250, 250, 0, 0, 2);
      assertThat(ledger.checkIntegrity().transactionsChecked()).isEqualTo(2);
    }

    @Test
    @Timeout(60)
    void concurrentOpeningOfOneCodeCreatesOneAccount() throws Exception {
      List<Outcome<Account>> outcomes = runConcurrently(10, i -> () -> ledger.openAccount(NewAccount.builder()
          .code("7000").name("Contested " + i).type(AccountType.ASSET).currency(USD).build()));

      assertThat(values(outcomes)).hasSize(1);
      assertThat(errors(outcomes)).hasSize(9).allMatch(e -> e instanceof DuplicateAccountException);
      assertThat(ledger.accounts()).containsExactly(values(outcomes).get(0));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------------

  /** {@link Ledger#balance} and {@link Ledger#balances}. */
  @Nested
  class Balances {

    @Test
    void balancesOfSeveralAccountsAreReadTogether() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      hold("auth", book.deposit(), book.settlement(), usd("25.00"), null);

      Map<AccountId, Balance> balances = ledger.balances(List.of(book.cash().id(), book.deposit().id(),
          book.settlement().id(), book.eurCash().id()));

      assertThat(balances).hasSize(4);
      assertThat(balances.get(book.cash().id())).isEqualTo(ledger.balance(book.cash().id()));
      assertThat(balances.get(book.deposit().id()))
          .isEqualTo(new Balance(book.deposit().id(), USD, Side.CREDIT, 0, 10_000, 2_500, 0, 2));
      assertThat(balances.get(book.settlement().id()))
          .isEqualTo(new Balance(book.settlement().id(), USD, Side.CREDIT, 0, 0, 0, 2_500, 1));
      assertThat(balances.get(book.eurCash().id()))
          .isEqualTo(new Balance(book.eurCash().id(), EUR, Side.DEBIT, 0, 0, 0, 0, 0));
      assertThat(ledger.balances(List.of())).isEmpty();
    }

    @Test
    void theBalanceOfAnUnknownAccountIsRejected() {
      Book book = openBook();
      AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-0000000000dd"));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(), () -> ledger.balance(unknown));
      assertRejected(AccountNotFoundException.class, "accountIds", unknown.toString(),
          () -> ledger.balances(List.of(book.cash().id(), unknown)));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
          () -> ledger.balanceAsOf(unknown, START));
      assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
          () -> ledger.statement(unknown, BEGINNING, END, PageRequest.first(10)));
    }
  }

  /** {@link Ledger#balanceAsOf}: posted entries booked at or before an instant. */
  @Nested
  class BalanceAsOf {

    @Test
    void theBalanceAsOfAnInstantCountsPostedEntriesBookedUpToIt() {
      Book book = openBook();
      Account deposit = book.deposit();
      Instant t1 = tick();
      post("fund", book.cash(), deposit, usd("100.00"));
      Instant t2 = tick();
      post("fee", deposit, book.fees(), usd("2.50"));
      Instant t3 = tick();
      Transaction held = hold("auth", deposit, book.settlement(), usd("30.00"), null);
      Instant t4 = tick();
      ledger.commit(held.id());
      tick();

      assertThat(ledger.balanceAsOf(deposit.id(), START))
          .as("before any entry").isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 0, 0, 0, 0, 0));
      assertThat(ledger.balanceAsOf(deposit.id(), t1.minusSeconds(1)).posted()).isEqualTo(usd("0.00"));
      assertThat(ledger.balanceAsOf(deposit.id(), t1))
          .as("an entry counts at its own instant")
          .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 0, 10_000, 0, 0, 1));
      assertThat(ledger.balanceAsOf(deposit.id(), t1.plusSeconds(30)).posted()).isEqualTo(usd("100.00"));
      assertThat(ledger.balanceAsOf(deposit.id(), t2))
          .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 250, 10_000, 0, 0, 2));
      assertThat(ledger.balanceAsOf(deposit.id(), t3))
          .as("a hold is not counted")
          .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 250, 10_000, 0, 0, 2));
      assertThat(ledger.balanceAsOf(deposit.id(), t4))
          .as("a committed hold counts from its commit")
          .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 3_250, 10_000, 0, 0, 4));
      assertThat(ledger.balanceAsOf(deposit.id(), END).posted()).isEqualTo(ledger.balance(deposit.id()).posted());
      assertThat(ledger.balanceAsOf(book.fees().id(), t2).posted()).isEqualTo(usd("2.50"));
      assertThat(ledger.balanceAsOf(book.settlement().id(), t3).posted()).isEqualTo(usd("0.00"));
    }

    @Test
    void theBalanceAsOfIgnoresHoldsThatAreStillPending() {
      Book book = openBook();
      post("fund", book.cash(), book.deposit(), usd("100.00"));
      tick();
      hold("auth", book.deposit(), book.settlement(), usd("30.00"), null);
      tick();

      Balance now = ledger.balanceAsOf(book.deposit().id(), clock.instant());

      assertThat(now.posted()).isEqualTo(usd("100.00"));
      assertThat(now.pendingDebits()).isZero();
      assertThat(now.pendingCredits()).isZero();
    }
  }

  /** {@link Ledger#statement}: keyset pages of an account's entries with running balances. */
  @Nested
  class Statements {

    private Book book;
    private final List<Instant> times = new ArrayList<>();

    /** Books a history on the deposit account: eight entries, one of them a hold. */
    @BeforeEach
    void bookHistory() {
      book = openBook();
      Account deposit = book.deposit();
      times.add(tick());
      post("s1", book.cash(), deposit, usd("100.00"));
      times.add(tick());
      Transaction fee = post("s2", deposit, book.fees(), usd("2.50"));
      times.add(tick());
      ledger.post(PostingRequest.builder().idempotencyKey("s3")
          .debit(book.cash().id(), usd("15.00"))
          .credit(deposit.id(), usd("10.00"))
          .credit(deposit.id(), usd("5.00")).build());
      times.add(tick());
      Transaction held = hold("s4", deposit, book.settlement(), usd("30.00"), null);
      times.add(tick());
      ledger.commit(held.id(), usd("25.00"));
      times.add(tick());
      post("s6", book.cash(), book.capital(), usd("999.00"));
      times.add(tick());
      post("s7", book.salaries(), deposit, usd("40.00"));
      times.add(tick());
      ledger.reverse(fee.id());
      tick();
    }

    @Test
    void aStatementListsTheAccountsEntriesInOrderWithRunningBalances() {
      List<Entry> all = fullStatement(book.deposit().id(), BEGINNING, END);

      assertThat(all).extracting(Entry::accountId).containsOnly(book.deposit().id());
      assertThat(all).extracting(Entry::side).containsExactly(Side.CREDIT, Side.DEBIT, Side.CREDIT, Side.CREDIT,
          Side.DEBIT, Side.DEBIT, Side.CREDIT, Side.CREDIT);
      assertThat(all).extracting(Entry::amount).containsExactly(usd("100.00"), usd("2.50"), usd("10.00"),
          usd("5.00"), usd("30.00"), usd("25.00"), usd("40.00"), usd("2.50"));
      assertThat(all).extracting(Entry::pending).containsExactly(false, false, false, false, true, false, false,
          false);
      assertThat(all).extracting(Entry::balanceAfter).containsExactly(usd("100.00"), usd("97.50"),
          usd("107.50"), usd("112.50"), usd("112.50"), usd("87.50"), usd("127.50"), usd("130.00"));
      assertThat(all).extracting(Entry::accountVersion).containsExactly(1L, 2L, 3L, 3L, 4L, 5L, 6L, 7L);
      assertThat(all).extracting(Entry::postedAt).containsExactly(times.get(0), times.get(1), times.get(2),
          times.get(2), times.get(3), times.get(4), times.get(6), times.get(7));
      assertRunningBalances(book.deposit(), usd("0.00"), all);
      assertThat(all.get(all.size() - 1).balanceAfter()).isEqualTo(ledger.balance(book.deposit().id()).posted());
    }

    @Test
    void pagesOfEverySizeConcatenateToTheWholeStatement() {
      List<Entry> all = fullStatement(book.deposit().id(), BEGINNING, END);
      assertThat(all).hasSize(8);

      for (int size = 1; size <= all.size() + 1; size++) {
        List<StatementPage> pages = allPages(book.deposit().id(), BEGINNING, END, size);
        List<Entry> joined = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
          StatementPage page = pages.get(p);
          assertThat(page.accountId()).isEqualTo(book.deposit().id());
          assertThat(page.entries()).as("page %d of size %d", p, size).hasSizeLessThanOrEqualTo(size);
          if (p < pages.size() - 1) {
            assertThat(page.entries()).as("page %d of size %d is full", p, size).hasSize(size);
          }
          joined.addAll(page.entries());
        }
        assertThat(joined).as("pages of size %d", size).isEqualTo(all);
        assertThat(pages.size()).as("pages of size %d", size).isLessThanOrEqualTo(all.size() / size + 1);
      }
    }

    @Test
    void aStatementKeepsToItsHalfOpenWindow() {
      Instant from = times.get(2);
      Instant to = times.get(6);

      List<Entry> window = fullStatement(book.deposit().id(), from, to);

      assertThat(window).extracting(Entry::amount).containsExactly(usd("10.00"), usd("5.00"), usd("30.00"),
          usd("25.00"));
      assertThat(window).allSatisfy(e -> assertThat(e.postedAt()).isAfterOrEqualTo(from).isBefore(to));
      Money opening = ledger.balanceAsOf(book.deposit().id(), from.minusSeconds(1)).posted();
      assertThat(opening).isEqualTo(usd("97.50"));
      assertRunningBalances(book.deposit(), opening, window);
      List<Entry> paged = new ArrayList<>();
      allPages(book.deposit().id(), from, to, 1).forEach(p -> paged.addAll(p.entries()));
      assertThat(paged).isEqualTo(window);
      assertThat(fullStatement(book.deposit().id(), times.get(7), times.get(7).plusSeconds(1)))
          .extracting(Entry::amount).containsExactly(usd("2.50"));
    }

    @Test
    void aWindowWithoutEntriesIsAnEmptyLastPage() {
      StatementPage page = ledger.statement(book.deposit().id(), BEGINNING, START, PageRequest.first(5));

      assertThat(page.entries()).isEmpty();
      assertThat(page.hasNext()).isFalse();
      assertThat(ledger.statement(book.eurCash().id(), BEGINNING, END, PageRequest.first(5)).entries()).isEmpty();
    }

    @Test
    void aCursorTheStoreDidNotIssueIsRejected() {
      assertRejected(InvalidRequestException.class, "page.cursor", "not-a-cursor",
          () -> ledger.statement(book.deposit().id(), BEGINNING, END, PageRequest.after("not-a-cursor", 3)));
      assertRejected(InvalidRequestException.class, "page.cursor", "%%%",
          () -> ledger.statement(book.deposit().id(), BEGINNING, END, PageRequest.after("%%%", 3)));
    }
  }

  /** {@link Ledger#trialBalance(Instant)}: debit and credit columns per account and currency. */
  @Nested
  class TrialBalances {

    @Test
    void theTrialBalancePutsEachAccountInItsColumnAndBalances() {
      Book book = openBook();
      Account overdrawnBank = openAccount("1050", "Bank (overdrawn)", AccountType.ASSET, USD, false, false);
      Instant t1 = tick();
      post("capital", book.cash(), book.capital(), usd("1000.00"));
      post("deposit", book.cash(), book.deposit(), usd("500.00"));
      post("fee", book.deposit(), book.fees(), usd("20.00"));
      post("salary", book.salaries(), book.cash(), usd("300.00"));
      post("overdraft", book.cash(), overdrawnBank, usd("40.00"));
      post("eur-capital", book.eurCash(), book.eurCapital(), eur("50.00"));
      hold("held", book.deposit(), book.settlement(), usd("70.00"), null);
      tick();
      post("later", book.cash(), book.capital(), usd("5.00"));

      TrialBalance trial = ledger.trialBalance(t1);

      assertThat(trial.asOf()).isEqualTo(t1);
      assertThat(trial.balanced()).isTrue();
      assertThat(trial.lines()).extracting(TrialBalance.Line::code)
          .containsExactly("1000", "1010", "1050", "2100", "2900", "3000", "3010", "4000", "5000");
      assertLine(trial, book.cash(), usd("1240.00"), usd("0.00"));
      assertLine(trial, book.eurCash(), eur("50.00"), eur("0.00"));
      assertLine(trial, overdrawnBank, usd("0.00"), usd("40.00"));
      assertLine(trial, book.deposit(), usd("0.00"), usd("480.00"));
      assertLine(trial, book.settlement(), usd("0.00"), usd("0.00"));
      assertLine(trial, book.capital(), usd("0.00"), usd("1000.00"));
      assertLine(trial, book.eurCapital(), eur("0.00"), eur("50.00"));
      assertLine(trial, book.fees(), usd("0.00"), usd("20.00"));
      assertLine(trial, book.salaries(), usd("300.00"), usd("0.00"));
      assertThat(trial.totals()).containsExactly(
          new TrialBalance.CurrencyTotal(EUR, eur("50.00"), eur("50.00")),
          new TrialBalance.CurrencyTotal(USD, usd("1540.00"), usd("1540.00")));
      TrialBalance.Line capitalLine = line(trial, book.capital());
      assertThat(capitalLine.name()).isEqualTo(book.capital().name());
      assertThat(capitalLine.type()).isEqualTo(AccountType.EQUITY);

      TrialBalance now = ledger.trialBalance();
      assertThat(now.balanced()).isTrue();
      assertLine(now, book.capital(), usd("0.00"), usd("1005.00"));
      assertThat(ledger.trialBalance(START).totals())
          .containsExactly(new TrialBalance.CurrencyTotal(EUR, eur("0.00"), eur("0.00")),
              new TrialBalance.CurrencyTotal(USD, usd("0.00"), usd("0.00")));
    }
  }

  /** {@link Ledger#transaction} and {@link Ledger#transactionByKey}. */
  @Nested
  class Transactions {

    @Test
    void aTransactionIsFoundByIdAndByKey() {
      Book book = openBook();
      Transaction t = post("pay-1", book.cash(), book.capital(), usd("10.00"));

      assertThat(ledger.transaction(t.id())).contains(t);
      assertThat(ledger.transactionByKey("pay-1")).contains(t);
      assertThat(ledger.transaction(new TransactionId(UUID.fromString("00000000-0000-7000-8000-0000000000ee"))))
          .isEmpty();
      assertThat(ledger.transactionByKey("pay-2")).isEmpty();
    }

    @Test
    void theBookingInstantValueDateAndMetadataAreKept() {
      Book book = openBook();
      Instant now = tick();
      Transaction defaulted = ledger.post(PostingRequest.builder().idempotencyKey("today").description("Today")
          .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00"))
          .metadata("source", "teller-7").build());
      Transaction backdated = ledger.post(PostingRequest.builder().idempotencyKey("backdated")
          .effectiveDate(LocalDate.parse("2025-12-31"))
          .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build());

      Transaction reread = ledger.transactionByKey("today").orElseThrow();
      assertThat(reread.postedAt()).isEqualTo(now);
      assertThat(reread.effectiveDate()).isEqualTo(LocalDate.parse("2026-01-15"));
      assertThat(reread.description()).isEqualTo("Today");
      assertThat(reread.metadata()).containsExactly(Map.entry("source", "teller-7"));
      assertThat(reread.entries()).extracting(Entry::postedAt).containsOnly(now);
      assertThat(reread).isEqualTo(defaulted);
      assertThat(ledger.transaction(backdated.id()).orElseThrow().effectiveDate())
          .isEqualTo(LocalDate.parse("2025-12-31"));
    }
  }

  /** {@link Ledger#checkIntegrity()} over a mixed workload. */
  @Nested
  class Integrity {

    @Test
    void anEmptyLedgerIsIntact() {
      IntegrityReport report = ledger.checkIntegrity();

      assertThat(report.ok()).isTrue();
      assertThat(report.transactionsChecked()).isZero();
      assertThat(report.entriesChecked()).isZero();
    }

    @Test
    void aMixedWorkloadLeavesTheLedgerIntact() {
      Book book = openBook();
      Set<TransactionId> ids = new HashSet<>();
      ids.add(post("capital", book.cash(), book.capital(), usd("1000.00")).id());
      ids.add(post("fund", book.cash(), book.deposit(), usd("300.00")).id());
      tick();
      Transaction full = hold("auth-full", book.deposit(), book.settlement(), usd("40.00"), null);
      Transaction partial = hold("auth-partial", book.deposit(), book.settlement(), usd("50.00"), null);
      Transaction dropped = hold("auth-void", book.deposit(), book.settlement(), usd("60.00"), null);
      ids.addAll(List.of(full.id(), partial.id(), dropped.id()));
      tick();
      ledger.commit(full.id());
      ledger.commit(partial.id(), usd("35.00"));
      ledger.voidPending(dropped.id());
      Transaction fee = post("fee", book.deposit(), book.fees(), usd("2.00"));
      ids.add(fee.id());
      ids.add(ledger.reverse(fee.id()).id());
      ids.add(ledger.post(PostingRequest.builder().idempotencyKey("fx")
          .debit(book.eurCash().id(), eur("10.00")).credit(book.eurCapital().id(), eur("10.00"))
          .debit(book.salaries().id(), usd("3.00")).credit(book.cash().id(), usd("3.00")).build()).id());
      ledger.postAll(List.of(transfer("batch-1", book.cash(), book.capital(), usd("1.00")),
          transfer("batch-2", book.cash(), book.capital(), usd("2.00")))).forEach(t -> ids.add(t.id()));
      assertThat(catchThrowable(() -> ledger.post(transfer("rejected", book.deposit(), book.cash(), usd("9999.00")))))
          .isInstanceOf(BalanceConstraintException.class);
      ledger.post(transfer("capital", book.cash(), book.capital(), usd("1000.00")));
      tick();

      IntegrityReport report = ledger.checkIntegrity();

      assertThat(report.ok()).as("%s", report).isTrue();
      assertThat(report.checkedAt()).isEqualTo(clock.instant());
      assertThat(report.transactionsChecked()).isEqualTo(ids.size());
      long entries = 0;
      for (TransactionId id : ids) {
        entries += ledger.transaction(id).orElseThrow().entries().size();
      }
      assertThat(report.entriesChecked()).isEqualTo(entries);
      assertThat(ledger.trialBalance().balanced()).isTrue();
      for (Account a : ledger.accounts()) {
        List<Entry> statement = fullStatement(a.id(), BEGINNING, END);
        assertRunningBalances(a, Money.zero(a.currency()), statement);
        Money last = statement.isEmpty() ? Money.zero(a.currency()) : statement.get(statement.size() - 1).balanceAfter();
        assertThat(last).as("last running balance of %s", a.code()).isEqualTo(ledger.balance(a.id()).posted());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs
  // ---------------------------------------------------------------------------------------------

  /** {@link LedgerStore#jobRuns()}: the lock and record every job runs under. */
  @Nested
  class Jobs {

    @Test
    @Timeout(60)
    void aSecondHolderOfAJobLockIsTurnedAwayFromAnyThreadUntilItIsReleased() throws Exception {
      JobRuns<?> runs = store.jobRuns();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        JobLock first = pool.submit(() -> runs.tryLock("contract-lock").orElseThrow())
            .get(WAIT_SECONDS, TimeUnit.SECONDS);
        try {
          assertThat(runs.tryLock("contract-lock")).as("held on another thread").isEmpty();
          assertThat(pool.submit(() -> runs.tryLock("contract-lock").isPresent()).get(WAIT_SECONDS, TimeUnit.SECONDS))
              .as("held, asked again by the holder's thread").isFalse();
        } finally {
          first.close();
        }
        try (JobLock after = runs.tryLock("contract-lock").orElseThrow()) {
          assertThat(after.job()).as("released after the work").isEqualTo("contract-lock");
        }
      } finally {
        shutdown(pool);
      }
    }

    @Test
    void differentJobNamesDoNotBlockEachOther() {
      JobRuns<?> runs = store.jobRuns();
      try (JobLock a = runs.tryLock("contract-lock-a").orElseThrow()) {
        try (JobLock b = runs.tryLock("contract-lock-b").orElseThrow()) {
          assertThat(List.of(a.job(), b.job())).containsExactly("contract-lock-a", "contract-lock-b");
        }
      }
    }

    @Test
    void aFailingJobIsOneFailedRecordAndReleasesItsLock() {
      LedgerJob failing = JobFrame.over(store.jobRuns(), clock).job("contract-failing", (lock, counts) -> {
        counts.put("done", 1L);
        throw new IllegalStateException("work failed");
      });

      JobResult failed = failing.run();

      assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
      assertThat(failed.message()).contains("work failed");
      assertThat(failed.count("done")).isEqualTo(1);
      assertThat(store.jobRuns().recentRuns("contract-failing", 10)).singleElement()
          .satisfies(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.message()).isEqualTo(failed.message());
            assertThat(r.counts()).isEqualTo(failed.counts());
          });
      try (JobLock again = store.jobRuns().tryLock("contract-failing").orElseThrow()) {
        assertThat(again.job()).isEqualTo("contract-failing");
      }
    }

    @Test
    @Timeout(60)
    void theExpiryJobIsSkippedWhileAnotherRunHoldsItsLock() {
      Book book = openBook();
      Transaction held = hold("auth", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(1)));
      clock.set(START.plus(Duration.ofHours(1)));
      ExpireHoldsJob job = new ExpireHoldsJob(ledger, store, clock, 100);

      JobResult skipped;
      try (JobLock other = store.jobRuns().tryLock(ExpireHoldsJob.NAME).orElseThrow()) {
        skipped = job.run();
      }

      assertThat(skipped.status()).as("%s", skipped).isEqualTo(JobStatus.SKIPPED);
      assertThat(status(held)).isEqualTo(TransactionStatus.PENDING);
      JobResult ran = job.run();
      assertThat(ran.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(ran.count("voided")).isEqualTo(1);
      assertThat(status(held)).isEqualTo(TransactionStatus.VOIDED);
      assertThat(store.jobRuns().recentRuns(ExpireHoldsJob.NAME, 2)).extracting(JobResult::status)
          .as("one record per run, newest first").containsExactly(JobStatus.SUCCEEDED, JobStatus.SKIPPED);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  /** A small chart of accounts that most tests start from. */
  private record Book(Account cash, Account capital, Account deposit, Account settlement, Account fees,
      Account salaries, Account eurCash, Account eurCapital) {}

  private Book openBook() {
    return new Book(
        openAccount("1000", "Cash", AccountType.ASSET, USD, false, false),
        openAccount("3000", "Share capital", AccountType.EQUITY, USD, false, false),
        openAccount("2100", "Customer deposit", AccountType.LIABILITY, USD, true, false),
        openAccount("2900", "Card settlement", AccountType.LIABILITY, USD, false, false),
        openAccount("4000", "Fee income", AccountType.REVENUE, USD, false, false),
        openAccount("5000", "Salaries", AccountType.EXPENSE, USD, false, false),
        openAccount("1010", "Cash EUR", AccountType.ASSET, EUR, false, false),
        openAccount("3010", "Share capital EUR", AccountType.EQUITY, EUR, false, false));
  }

  private Account openAccount(String code, AccountType type, CurrencyUnit currency) {
    return openAccount(code, "Account " + code, type, currency, false, false);
  }

  private Account openAccount(String code, String name, AccountType type, CurrencyUnit currency,
      boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits) {
    return ledger.openAccount(NewAccount.builder().code(code).name(name).type(type).currency(currency)
        .debitsMustNotExceedCredits(debitsMustNotExceedCredits)
        .creditsMustNotExceedDebits(creditsMustNotExceedDebits).build());
  }

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  private static Money eur(String amount) {
    return Money.of(amount, EUR);
  }

  /** Moves the clock a minute forward, so each step of a test has its own booking instant. */
  private Instant tick() {
    return clock.advance(Duration.ofMinutes(1));
  }

  private static PostingRequest transfer(String key, Account debit, Account credit, Money amount) {
    return transfer(key, debit.id(), credit.id(), amount);
  }

  private static PostingRequest transfer(String key, Account debit, AccountId credit, Money amount) {
    return transfer(key, debit.id(), credit, amount);
  }

  private static PostingRequest transfer(String key, AccountId debit, AccountId credit, Money amount) {
    return PostingRequest.builder().idempotencyKey(key).description("Transfer " + key)
        .debit(debit, amount).credit(credit, amount).build();
  }

  private Transaction post(String key, Account debit, Account credit, Money amount) {
    return ledger.post(transfer(key, debit, credit, amount));
  }

  private Transaction hold(String key, Account debit, Account credit, Money amount, @Nullable Instant expiresAt) {
    PostingRequest.Builder b = PostingRequest.builder().idempotencyKey(key).description("Hold " + key)
        .debit(debit.id(), amount).credit(credit.id(), amount);
    if (expiresAt == null) {
      b.pending();
    } else {
      b.pending(expiresAt);
    }
    return ledger.post(b.build());
  }

  private TransactionStatus status(Transaction t) {
    return ledger.transaction(t.id()).orElseThrow().status();
  }

  private void assertBalance(Account account, long postedDebits, long postedCredits, long pendingDebits,
      long pendingCredits, long version) {
    assertThat(ledger.balance(account.id())).as("balance of account %s", account.code())
        .isEqualTo(new Balance(account.id(), account.currency(), account.normalSide(), postedDebits, postedCredits,
            pendingDebits, pendingCredits, version));
  }

  private static TrialBalance.Line line(TrialBalance trial, Account account) {
    return trial.lines().stream().filter(l -> l.accountId().equals(account.id())).findFirst()
        .orElseThrow(() -> new AssertionError("no trial balance line for " + account.code()));
  }

  private static void assertLine(TrialBalance trial, Account account, Money debit, Money credit) {
    TrialBalance.Line line = line(trial, account);
    assertThat(line.code()).isEqualTo(account.code());
    assertThat(line.debit()).as("debit column of %s", account.code()).isEqualTo(debit);
    assertThat(line.credit()).as("credit column of %s", account.code()).isEqualTo(credit);
  }

  /** Checks that each entry's running balance follows from the one before it. */
  private static void assertRunningBalances(Account account, Money opening, List<Entry> entries) {
    long running = opening.minorUnits();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!e.pending()) {
        running += e.side() == account.normalSide() ? e.amount().minorUnits() : -e.amount().minorUnits();
      }
      assertThat(e.balanceAfter()).as("running balance of %s after entry %d", account.code(), i)
          .isEqualTo(Money.ofMinor(running, account.currency()));
    }
  }

  private List<Entry> fullStatement(AccountId id, Instant from, Instant to) {
    List<Entry> all = new ArrayList<>();
    for (StatementPage page : allPages(id, from, to, PageRequest.MAX_SIZE)) {
      all.addAll(page.entries());
    }
    return all;
  }

  private List<StatementPage> allPages(AccountId id, Instant from, Instant to, int size) {
    List<StatementPage> pages = new ArrayList<>();
    PageRequest request = PageRequest.first(size);
    for (int i = 0; i < MAX_PAGES; i++) {
      StatementPage page = ledger.statement(id, from, to, request);
      pages.add(page);
      Optional<String> next = page.next();
      if (next.isEmpty()) {
        return pages;
      }
      request = PageRequest.after(next.get(), size);
    }
    throw new AssertionError("statement of " + id + " did not end after " + MAX_PAGES + " pages");
  }

  /** Everything a rejected request must leave as it was. */
  private record Snapshot(List<Account> accounts, Map<AccountId, Balance> balances,
      Map<AccountId, List<Entry>> statements, TrialBalance trialBalance, IntegrityReport integrity) {}

  private Snapshot snapshot() {
    List<Account> accounts = ledger.accounts();
    List<AccountId> ids = accounts.stream().map(Account::id).toList();
    Map<AccountId, List<Entry>> statements = new LinkedHashMap<>();
    for (AccountId id : ids) {
      statements.put(id, fullStatement(id, BEGINNING, END));
    }
    IntegrityReport integrity = ledger.checkIntegrity();
    assertThat(integrity.ok()).as("integrity of the ledger: %s", integrity).isTrue();
    return new Snapshot(accounts, new HashMap<>(ledger.balances(ids)), statements, ledger.trialBalance(), integrity);
  }

  /**
   * Runs a call that must be rejected, and checks the exception's type, its field, that its message
   * shows the offending value, and that nothing was written.
   */
  private <T extends LedgerException> T assertRejected(Class<T> type, String field, String value,
      ThrowingCallable call) {
    T e = rejected(type, value, call);
    assertThat(e.field()).as("field() of %s", e).isEqualTo(field);
    return e;
  }

  /** As {@link #assertRejected}, for a batch, where a store may prefix the field with the request. */
  private <T extends LedgerException> T assertRejectedFieldEndingWith(Class<T> type, String fieldSuffix,
      String value, ThrowingCallable call) {
    T e = rejected(type, value, call);
    assertThat(e.field()).as("field() of %s", e).isNotNull().endsWith(fieldSuffix);
    return e;
  }

  private <T extends LedgerException> T rejected(Class<T> type, String value, ThrowingCallable call) {
    Snapshot before = snapshot();
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("what the call threw").isInstanceOf(type);
    T e = type.cast(thrown);
    assertThat(e.getMessage()).as("message of %s", e).contains(value);
    assertThat(snapshot()).as("the ledger after the rejection").isEqualTo(before);
    return e;
  }

  private void assertNothingBookedUnder(String... keys) {
    for (String key : keys) {
      assertThat(ledger.transactionByKey(key)).as("transaction under key %s", key).isEmpty();
    }
  }

  /** The result of one concurrent call: a value or what it threw. */
  private record Outcome<T>(@Nullable T value, @Nullable Throwable error) {
    boolean succeeded() {
      return error == null;
    }
  }

  private static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
      if (o.succeeded()) {
        values.add(o.value());
      }
    }
    return values;
  }

  private static <T> List<Throwable> errors(List<Outcome<T>> outcomes) {
    List<Throwable> errors = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
      if (o.error() != null) {
        errors.add(o.error());
      }
    }
    return errors;
  }

  /** Starts every task at once (behind a gate) and collects the outcomes in task order. */
  private static <T> List<Outcome<T>> runConcurrently(int threads, IntFunction<Callable<T>> task)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        Callable<T> work = task.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          await(go);
          return work.call();
        }));
      }
      assertThat(ready.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("all threads started").isTrue();
      go.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        try {
          outcomes.add(new Outcome<>(f.get(WAIT_SECONDS, TimeUnit.SECONDS), null));
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause()));
        } catch (TimeoutException e) {
          throw new AssertionError("a concurrent call did not finish within " + WAIT_SECONDS + " s", e);
        }
      }
      return Collections.unmodifiableList(outcomes);
    } finally {
      go.countDown();
      shutdown(pool);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gave up waiting after " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private static void shutdown(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("worker threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
