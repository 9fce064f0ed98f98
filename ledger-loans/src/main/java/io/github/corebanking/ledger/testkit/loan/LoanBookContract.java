package io.github.corebanking.ledger.testkit.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.loan.AccrualRequest;
import io.github.corebanking.ledger.loan.AgingBucket;
import io.github.corebanking.ledger.loan.AgingBuckets;
import io.github.corebanking.ledger.loan.AgingSource;
import io.github.corebanking.ledger.loan.AllocationOrder;
import io.github.corebanking.ledger.loan.BucketTotal;
import io.github.corebanking.ledger.loan.DuplicateLoanException;
import io.github.corebanking.ledger.loan.ExcessRepaymentException;
import io.github.corebanking.ledger.loan.Installment;
import io.github.corebanking.ledger.loan.InstallmentAllocation;
import io.github.corebanking.ledger.loan.InstallmentBalance;
import io.github.corebanking.ledger.loan.InvalidScheduleException;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanAgingLine;
import io.github.corebanking.ledger.loan.LoanAgingReport;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.LoanNotFoundException;
import io.github.corebanking.ledger.loan.LoanPosting;
import io.github.corebanking.ledger.loan.LoanStateException;
import io.github.corebanking.ledger.loan.LoanStatus;
import io.github.corebanking.ledger.loan.NewLoan;
import io.github.corebanking.ledger.loan.PaymentFrequency;
import io.github.corebanking.ledger.loan.RepaymentRequest;
import io.github.corebanking.ledger.loan.RepaymentResult;
import io.github.corebanking.ledger.loan.RepaymentSchedule;
import io.github.corebanking.ledger.loan.ScheduleGenerator;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link LoanStore} must show behind a {@link LoanBook}: registration and
 * schedules, disbursement, interest accrual, repayment allocation, closing, every bad input
 * (rejected with a typed exception, writing nothing), concurrent repayments, and the loan-aging
 * report with a worked example whose buckets were computed by hand. A store is correct when a test
 * class extending this one, unchanged, passes.
 *
 * <pre>{@code
 * class InMemoryLoanBookContractTest extends LoanBookContract {
 *   protected LoanStores newStores() {
 *     return new LoanStores(new InMemoryLedgerStore(), new InMemoryLoanStore());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #newStores()} is called before each test and must return a fresh, empty ledger store
 * and loan store over the same data (for a database, a fresh schema);
 * {@link #releaseStores(LoanStores)} is called after it. Each test builds its ledger and loan book
 * with a {@link MutableClock} standing at {@link #START}, so "today" is 2025-06-15.
 */
public abstract class LoanBookContract {

  /** Where every test's clock stands: today is 2025-06-15. */
  protected static final Instant START = Instant.parse("2025-06-15T09:00:00Z");

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
  private static final LocalDate DISBURSED = LocalDate.of(2025, 1, 1);

  /**
   * The stores of one test.
   *
   * @param ledgerStore the ledger's store
   * @param loanStore   the loan store, over the same data as the ledger store
   */
  public record LoanStores(LedgerStore ledgerStore, LoanStore loanStore) {}

  private @Nullable LoanStores stores;
  private MutableClock clock = MutableClock.at(START);
  private @Nullable Ledger ledger;
  private @Nullable LoanBook book;
  private @Nullable BankChart bank;

  /** Creates a contract; subclasses supply the stores. */
  protected LoanBookContract() {}

  /**
   * Creates the stores under test. Called before each test.
   *
   * @return a fresh, empty ledger store and loan store
   */
  protected abstract LoanStores newStores();

  /**
   * Releases the stores after their test. The default closes the ledger store; a database-backed
   * store may also drop its schema here.
   *
   * @param stores what {@link #newStores()} returned for the test
   */
  protected void releaseStores(LoanStores stores) {
    stores.ledgerStore().close();
  }

  /**
   * Brings the loan store's aging snapshot up to date for the clock's day. Stores that compute
   * the report on demand have nothing to do (the default).
   *
   * @param stores the test's stores
   * @param clock  the test's clock
   */
  protected void refreshAgingSnapshot(LoanStores stores, Clock clock) {}

  /** Builds the test's ledger, chart of accounts and loan book over fresh stores. */
  @BeforeEach
  protected final void openLoanBook() {
    stores = newStores();
    assertThat(stores).as("newStores()").isNotNull();
    clock = MutableClock.at(START);
    ledger = Ledger.builder().store(stores.ledgerStore()).clock(clock).build();
    book = LoanBook.builder().ledger(ledger).store(stores.loanStore()).clock(clock).build();
    bank = BankChart.open(ledger, USD);
  }

  /** Closes the ledger and hands the stores to {@link #releaseStores(LoanStores)}. */
  @AfterEach
  protected final void closeLoanBook() {
    try {
      if (ledger != null) {
        ledger.close();
      }
    } finally {
      if (stores != null) {
        releaseStores(stores);
      }
    }
  }

  /** @return the ledger of the running test */
  protected final Ledger ledger() {
    return java.util.Objects.requireNonNull(ledger);
  }

  /** @return the loan book of the running test */
  protected final LoanBook book() {
    return java.util.Objects.requireNonNull(book);
  }

  /** @return the clock of the running test */
  protected final MutableClock clock() {
    return clock;
  }

  private BankChart bank() {
    return java.util.Objects.requireNonNull(bank);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  private static LocalDate date(String iso) {
    return LocalDate.parse(iso);
  }

  private Account openAccount(String code, AccountType type, CurrencyUnit currency) {
    return ledger().openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(currency).build());
  }

  private Account receivable(String loanId) {
    return openAccount("1200-" + loanId, AccountType.ASSET, USD);
  }

  /** Six installments of 200.00 principal and 10.00 interest, due on the 1st, Feb to Jul 2025. */
  private static RepaymentSchedule sixMonths() {
    RepaymentSchedule.Builder s = RepaymentSchedule.builder();
    for (int month = 2; month <= 7; month++) {
      s.installment(LocalDate.of(2025, month, 1), usd("200.00"), usd("10.00"));
    }
    return s.build();
  }

  private NewLoan.Builder standard(String id) {
    return NewLoan.builder().id(id).borrowerReference("borrower-" + id)
        .receivableAccount(receivable(id).id()).principal(usd("1200.00")).disbursementDate(DISBURSED)
        .schedule(sixMonths());
  }

  /** Registers and disburses a standard loan (1200.00 over six months, 10.00 interest a month). */
  private LoanId active(String id) {
    Loan loan = book().register(standard(id).build());
    book().disburse(loan.id(), bank().cash().id());
    return loan.id();
  }

  private RepaymentResult pay(LoanId id, String reference, String amount, String valueDate) {
    return book().repay(id, new RepaymentRequest(reference, usd(amount), date(valueDate), bank().cash().id()));
  }

  private Balance balance(Account account) {
    return ledger().balance(account.id());
  }

  private Balance balance(AccountId account) {
    return ledger().balance(account);
  }

  /** Runs a call that must fail and asserts that it failed with the type and field expected. */
  private static <T extends LedgerException> T rejected(ThrowingCallable call, Class<T> type, String field) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the call must be rejected").isInstanceOf(type);
    T e = type.cast(thrown);
    assertThat(e.field()).as("field of " + e.getMessage()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + " ");
    return e;
  }

  /** What a rejected call must leave untouched: the loan, the receivable and the cash balances. */
  private final class Untouched {
    private final LoanId id;
    private final Optional<Loan> loan;
    private final Balance receivable;
    private final Balance cash;

    Untouched(LoanId id) {
      this.id = id;
      this.loan = book().findLoan(id);
      this.receivable = loan.map(l -> balance(l.receivableAccount())).orElse(null);
      this.cash = balance(bank().cash());
    }

    void verify(String... keysNotBooked) {
      assertThat(book().findLoan(id)).as("loan after a rejected call").isEqualTo(loan);
      loan.ifPresent(l -> assertThat(balance(l.receivableAccount())).as("receivable balance").isEqualTo(receivable));
      assertThat(balance(bank().cash())).as("cash balance").isEqualTo(cash);
      for (String key : keysNotBooked) {
        assertThat(ledger().transactionByKey(key)).as("transaction under " + key).isEmpty();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Registration and schedules
  // ---------------------------------------------------------------------------------------------

  /** Registering loans: the schedule is stored exactly, bad loans are refused and write nothing. */
  @Nested
  class Registration {

    @Test
    void aRegisteredLoanIsStoredWithItsScheduleAndPostsNothing() {
      Account receivable = receivable("L-1");
      Loan loan = book().register(NewLoan.builder().id("L-1").borrowerReference("customer-77")
          .receivableAccount(receivable.id()).principal(usd("1200.00")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build());

      Loan stored = book().loan(LoanId.of("L-1"));
      assertThat(stored).isEqualTo(loan);
      assertThat(stored.status()).isEqualTo(LoanStatus.REGISTERED);
      assertThat(stored.version()).isEqualTo(1);
      assertThat(stored.registeredAt()).isEqualTo(START);
      assertThat(stored.borrowerReference()).isEqualTo("customer-77");
      assertThat(stored.receivableAccount()).isEqualTo(receivable.id());
      assertThat(stored.currency()).isEqualTo(USD);
      assertThat(stored.allocationOrder()).isEqualTo(AllocationOrder.INTEREST_FIRST);
      assertThat(stored.schedule()).isEqualTo(sixMonths());
      assertThat(stored.outstandingPrincipal()).isEqualTo(usd("1200.00"));
      assertThat(stored.outstandingInterest()).isEqualTo(usd("60.00"));
      assertThat(stored.isDisbursed()).isFalse();
      assertThat(balance(receivable).posted()).isEqualTo(usd("0.00"));
    }

    @Test
    void generatedSchedulesRoundTripExactlyAndSumToThePrincipal() {
      List<RepaymentSchedule> schedules = List.of(
          ScheduleGenerator.annuity(usd("10000.00"), new BigDecimal("0.12"), 12, PaymentFrequency.MONTHLY,
              date("2025-02-01")),
          ScheduleGenerator.annuity(usd("1000.00"), new BigDecimal("0.10"), 4, PaymentFrequency.WEEKLY,
              date("2025-01-08")),
          ScheduleGenerator.equalPrincipal(usd("1000.00"), new BigDecimal("0.12"), 3, PaymentFrequency.MONTHLY,
              date("2025-02-01")),
          ScheduleGenerator.equalPrincipal(usd("1000.00"), new BigDecimal("0.052"), 3, PaymentFrequency.WEEKLY,
              date("2025-01-06")));
      int n = 0;
      for (RepaymentSchedule schedule : schedules) {
        n++;
        Money principal = schedule.totalPrincipal();
        book().register(NewLoan.builder().id("G-" + n).borrowerReference("b").receivableAccount(receivable("G-" + n).id())
            .principal(principal).disbursementDate(DISBURSED).schedule(schedule).build());

        Loan stored = book().loan(LoanId.of("G-" + n));
        assertThat(stored.schedule()).isEqualTo(schedule);
        assertThat(stored.schedule().totalPrincipal()).isEqualTo(principal);
      }
      // hand-checked figures: the annuity's payment is 888.49 and its last installment absorbs rounding
      RepaymentSchedule annuity = book().loan(LoanId.of("G-1")).schedule();
      assertThat(annuity.installment(1)).isEqualTo(new Installment(1, date("2025-02-01"), usd("788.49"), usd("100.00")));
      assertThat(annuity.installment(12)).isEqualTo(new Installment(12, date("2026-01-01"), usd("879.67"), usd("8.80")));
      assertThat(annuity.totalPrincipal()).isEqualTo(usd("10000.00"));
      RepaymentSchedule weekly = book().loan(LoanId.of("G-2")).schedule();
      assertThat(weekly.installments()).extracting(Installment::dueDate)
          .containsExactly(date("2025-01-08"), date("2025-01-15"), date("2025-01-22"), date("2025-01-29"));
      assertThat(weekly.installment(4)).isEqualTo(new Installment(4, date("2025-01-29"), usd("250.72"), usd("0.48")));
      RepaymentSchedule equal = book().loan(LoanId.of("G-3")).schedule();
      assertThat(equal.installments()).extracting(Installment::principalDue)
          .containsExactly(usd("333.33"), usd("333.33"), usd("333.34"));
      assertThat(equal.installments()).extracting(Installment::interestDue)
          .containsExactly(usd("10.00"), usd("6.67"), usd("3.33"));
      RepaymentSchedule equalWeekly = book().loan(LoanId.of("G-4")).schedule();
      assertThat(equalWeekly.installments()).extracting(Installment::interestDue)
          .containsExactly(usd("1.00"), usd("0.67"), usd("0.33"));
    }

    @Test
    void aScheduleThatDoesNotSumToThePrincipalIsRejectedAndNothingIsWritten() {
      Account receivable = receivable("L-1");

      InvalidScheduleException e = rejected(() -> book().register(NewLoan.builder().id("L-1").borrowerReference("b")
          .receivableAccount(receivable.id()).principal(usd("1200.01")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build()), InvalidScheduleException.class, "schedule.principalDue");

      assertThat(e.value()).isEqualTo("1200.00");
      assertThat(e.getMessage()).contains("not the loan's principal 1200.01 USD");
      assertThat(book().findLoan(LoanId.of("L-1"))).isEmpty();
    }

    @Test
    void dueDatesOutOfOrderAreRejectedNamingTheInstallment() {
      Account receivable = receivable("L-1");

      InvalidScheduleException e = rejected(() -> book().register(NewLoan.builder().id("L-1").borrowerReference("b")
          .receivableAccount(receivable.id()).principal(usd("400.00")).disbursementDate(DISBURSED)
          .schedule(RepaymentSchedule.builder()
              .installment(date("2025-03-01"), usd("200.00"), usd("0.00"))
              .installment(date("2025-02-01"), usd("200.00"), usd("0.00"))
              .build())
          .build()), InvalidScheduleException.class, "schedule[2].dueDate");

      assertThat(e.value()).isEqualTo("2025-02-01");
      assertThat(book().findLoan(LoanId.of("L-1"))).isEmpty();
    }

    @Test
    void aFirstDueDateNotAfterTheDisbursementIsRejected() {
      Account receivable = receivable("L-1");

      rejected(() -> book().register(standard("L-9").receivableAccount(receivable.id())
          .disbursementDate(date("2025-02-01")).build()), InvalidScheduleException.class, "schedule[1].dueDate");

      assertThat(book().findLoan(LoanId.of("L-9"))).isEmpty();
    }

    @Test
    void anUnknownReceivableAccountIsRejected() {
      AccountId missing = AccountId.parse("01900000-0000-7000-8000-00000000dead");

      AccountNotFoundException e = rejected(() -> book().register(NewLoan.builder().id("L-1").borrowerReference("b")
          .receivableAccount(missing).principal(usd("1200.00")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build()), AccountNotFoundException.class, "receivableAccount");

      assertThat(e.value()).isEqualTo(missing.toString());
      assertThat(book().findLoan(LoanId.of("L-1"))).isEmpty();
    }

    @Test
    void aReceivableAccountInAnotherCurrencyIsRejected() {
      Account eur = openAccount("1200-EUR", AccountType.ASSET, EUR);

      rejected(() -> book().register(NewLoan.builder().id("L-1").borrowerReference("b")
          .receivableAccount(eur.id()).principal(usd("1200.00")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build()), CurrencyMismatchException.class, "receivableAccount");

      assertThat(book().findLoan(LoanId.of("L-1"))).isEmpty();
    }

    @Test
    void aReceivableThatIsNotAnAssetIsRejected() {
      rejected(() -> book().register(standard("L-1").receivableAccount(bank().customerDeposits().id()).build()),
          InvalidRequestException.class, "receivableAccount");

      assertThat(book().findLoan(LoanId.of("L-1"))).isEmpty();
    }

    @Test
    void aTakenLoanIdIsRejectedAndTheFirstLoanIsKept() {
      Loan first = book().register(standard("L-1").build());
      Account other = receivable("L-1b");

      DuplicateLoanException e = rejected(() -> book().register(NewLoan.builder().id("L-1").borrowerReference("other")
          .receivableAccount(other.id()).principal(usd("1200.00")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build()), DuplicateLoanException.class, "loanId");

      assertThat(e.value()).isEqualTo("L-1");
      assertThat(book().loan(LoanId.of("L-1"))).isEqualTo(first);
    }

    @Test
    void aReceivableAccountServesOneLoanOnly() {
      Loan first = book().register(standard("L-1").build());

      rejected(() -> book().register(NewLoan.builder().id("L-2").borrowerReference("b")
          .receivableAccount(first.receivableAccount()).principal(usd("1200.00")).disbursementDate(DISBURSED)
          .schedule(sixMonths()).build()), DuplicateLoanException.class, "receivableAccount");

      assertThat(book().findLoan(LoanId.of("L-2"))).isEmpty();
    }

    @Test
    void anUnknownLoanIsNotFound() {
      rejected(() -> book().loan(LoanId.of("nope")), LoanNotFoundException.class, "loanId");
      assertThat(book().findLoan(LoanId.of("nope"))).isEmpty();
    }

    @Test
    void theLoanBooksDefaultAllocationOrderAppliesWhenTheLoanNamesNone() {
      LoanBook principalFirst = LoanBook.builder().ledger(ledger()).store(stores.loanStore()).clock(clock)
          .allocationOrder(AllocationOrder.PRINCIPAL_FIRST).build();

      Loan loan = principalFirst.register(standard("L-1").build());
      Loan named = principalFirst.register(standard("L-2").allocationOrder(AllocationOrder.INTEREST_FIRST).build());

      assertThat(loan.allocationOrder()).isEqualTo(AllocationOrder.PRINCIPAL_FIRST);
      assertThat(book().loan(named.id()).allocationOrder()).isEqualTo(AllocationOrder.INTEREST_FIRST);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Disbursement and accrual
  // ---------------------------------------------------------------------------------------------

  /** Disbursement and interest accrual are ordinary postings tagged with the loan. */
  @Nested
  class DisbursementAndAccrual {

    @Test
    void disbursementPostsThePrincipalOnTheDisbursementDateTaggedWithTheLoan() {
      Loan loan = book().register(standard("L-1").build());

      LoanPosting p = book().disburse(loan.id(), bank().cash().id());

      assertThat(p.replayed()).isFalse();
      assertThat(p.loan().status()).isEqualTo(LoanStatus.ACTIVE);
      assertThat(p.loan().disbursementTransaction()).isEqualTo(p.transaction().id());
      assertThat(p.loan().version()).isEqualTo(2);
      Transaction t = p.transaction();
      assertThat(t.idempotencyKey()).isEqualTo("loan:L-1:disbursement");
      assertThat(t.effectiveDate()).isEqualTo(DISBURSED);
      assertThat(t.metadata()).containsEntry(LoanBook.META_LOAN_ID, "L-1").containsEntry(LoanBook.META_EVENT, "disbursement");
      assertThat(t.entries()).extracting(Entry::accountId, Entry::side, Entry::amount).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple(loan.receivableAccount(), Side.DEBIT, usd("1200.00")),
          org.assertj.core.groups.Tuple.tuple(bank().cash().id(), Side.CREDIT, usd("1200.00")));
      assertThat(balance(loan.receivableAccount()).posted()).isEqualTo(usd("1200.00"));
      assertThat(book().loan(loan.id())).isEqualTo(p.loan());
    }

    @Test
    void disbursingAgainFromTheSameAccountIsAReplayThatWritesNothing() {
      Loan loan = book().register(standard("L-1").build());
      LoanPosting first = book().disburse(loan.id(), bank().cash().id());

      LoanPosting again = book().disburse(loan.id(), bank().cash().id());

      assertThat(again.replayed()).isTrue();
      assertThat(again.transaction().id()).isEqualTo(first.transaction().id());
      assertThat(again.loan()).isEqualTo(first.loan());
      assertThat(balance(loan.receivableAccount()).posted()).isEqualTo(usd("1200.00"));
    }

    @Test
    void disbursingAgainFromAnotherAccountIsRejected() {
      Loan loan = book().register(standard("L-1").build());
      book().disburse(loan.id(), bank().cash().id());
      Untouched before = new Untouched(loan.id());

      rejected(() -> book().disburse(loan.id(), bank().customerDeposits().id()), LoanStateException.class, "loanId");

      before.verify();
    }

    @Test
    void disbursingAnUnknownLoanIsRejected() {
      rejected(() -> book().disburse(LoanId.of("L-404"), bank().cash().id()), LoanNotFoundException.class, "loanId");
      assertThat(ledger().transactionByKey("loan:L-404:disbursement")).isEmpty();
    }

    @Test
    void disbursingFromAnAccountInAnotherCurrencyIsRejectedAndWritesNothing() {
      Loan loan = book().register(standard("L-1").build());
      Account eurCash = openAccount("1000-EUR", AccountType.ASSET, EUR);
      Untouched before = new Untouched(loan.id());

      rejected(() -> book().disburse(loan.id(), eurCash.id()), CurrencyMismatchException.class, "fundingAccount");

      before.verify("loan:L-1:disbursement");
      assertThat(book().loan(loan.id()).status()).isEqualTo(LoanStatus.REGISTERED);
    }

    @Test
    void disbursingFromAnUnknownAccountIsRejected() {
      Loan loan = book().register(standard("L-1").build());
      Untouched before = new Untouched(loan.id());

      rejected(() -> book().disburse(loan.id(), AccountId.parse("01900000-0000-7000-8000-00000000beef")),
          AccountNotFoundException.class, "fundingAccount");

      before.verify("loan:L-1:disbursement");
    }

    @Test
    void aCancelledLoanCannotBeDisbursed() {
      Loan loan = book().register(standard("L-1").build());
      Loan cancelled = book().close(loan.id(), TODAY);
      assertThat(cancelled.status()).isEqualTo(LoanStatus.CLOSED);
      Untouched before = new Untouched(loan.id());

      rejected(() -> book().disburse(loan.id(), bank().cash().id()), LoanStateException.class, "loanId");

      before.verify("loan:L-1:disbursement");
    }

    @Test
    void interestAccrualDebitsTheReceivableAndCreditsIncome() {
      LoanId id = active("L-1");

      LoanPosting p = book().accrueInterest(id, new AccrualRequest("int-feb", usd("10.00"), date("2025-02-01"),
          bank().interestIncome().id()));
      book().accrueInterest(id, new AccrualRequest("int-mar", usd("10.00"), date("2025-03-01"),
          bank().interestIncome().id()));

      Transaction t = p.transaction();
      assertThat(t.idempotencyKey()).isEqualTo("loan:L-1:accrual:int-feb");
      assertThat(t.effectiveDate()).isEqualTo(date("2025-02-01"));
      assertThat(t.metadata()).containsEntry(LoanBook.META_LOAN_ID, "L-1")
          .containsEntry(LoanBook.META_EVENT, "interest-accrual").containsEntry(LoanBook.META_REFERENCE, "int-feb");
      Loan loan = book().loan(id);
      assertThat(loan.interestAccrued()).isEqualTo(usd("20.00"));
      assertThat(loan.accruals()).extracting(a -> a.reference()).containsExactly("int-feb", "int-mar");
      assertThat(balance(loan.receivableAccount()).posted()).isEqualTo(usd("1220.00"));
      assertThat(balance(bank().interestIncome()).posted()).isEqualTo(usd("20.00"));
    }

    @Test
    void repeatingAnAccrualIsAReplayAndReusingItsReferenceDifferentlyConflicts() {
      LoanId id = active("L-1");
      AccrualRequest feb = new AccrualRequest("int-feb", usd("10.00"), date("2025-02-01"), bank().interestIncome().id());
      LoanPosting first = book().accrueInterest(id, feb);

      LoanPosting again = book().accrueInterest(id, feb);
      assertThat(again.replayed()).isTrue();
      assertThat(again.transaction().id()).isEqualTo(first.transaction().id());

      Untouched before = new Untouched(id);
      rejected(() -> book().accrueInterest(id, new AccrualRequest("int-feb", usd("11.00"), date("2025-02-01"),
          bank().interestIncome().id())), IdempotencyConflictException.class, "accrual.reference");
      before.verify();
      assertThat(book().loan(id).interestAccrued()).isEqualTo(usd("10.00"));
    }

    @Test
    void accrualOnALoanNotYetDisbursedIsRejected() {
      Loan loan = book().register(standard("L-1").build());
      Untouched before = new Untouched(loan.id());

      rejected(() -> book().accrueInterest(loan.id(), new AccrualRequest("int", usd("10.00"), date("2025-02-01"),
          bank().interestIncome().id())), LoanStateException.class, "loanId");

      before.verify("loan:L-1:accrual:int");
    }

    @Test
    void accrualInAnotherCurrencyIsRejected() {
      LoanId id = active("L-1");
      Untouched before = new Untouched(id);

      rejected(() -> book().accrueInterest(id, new AccrualRequest("int", Money.of("10.00", EUR), date("2025-02-01"),
          bank().interestIncome().id())), CurrencyMismatchException.class, "accrual.amount");

      before.verify("loan:L-1:accrual:int");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Repayments
  // ---------------------------------------------------------------------------------------------

  /** Repayments: posted, allocated oldest installment first, idempotent, bad ones refused. */
  @Nested
  class Repayments {

    @Test
    void aRepaymentIsPostedAndAllocatedToTheOldestInstallmentInterestFirst() {
      LoanId id = active("L-1");

      RepaymentResult r = pay(id, "pay-1", "250.00", "2025-02-01");

      assertThat(r.replayed()).isFalse();
      assertThat(r.repayment().allocations()).containsExactly(
          new InstallmentAllocation(1, usd("200.00"), usd("10.00")),
          new InstallmentAllocation(2, usd("30.00"), usd("10.00")));
      assertThat(r.repayment().transactionId()).isEqualTo(r.transaction().id());
      assertThat(r.repayment().recordedAt()).isEqualTo(START);
      Transaction t = r.transaction();
      assertThat(t.idempotencyKey()).isEqualTo("loan:L-1:repayment:pay-1");
      assertThat(t.effectiveDate()).isEqualTo(date("2025-02-01"));
      assertThat(t.metadata()).containsEntry(LoanBook.META_LOAN_ID, "L-1")
          .containsEntry(LoanBook.META_EVENT, "repayment").containsEntry(LoanBook.META_REFERENCE, "pay-1");
      assertThat(t.entries()).extracting(Entry::accountId, Entry::side, Entry::amount).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple(bank().cash().id(), Side.DEBIT, usd("250.00")),
          org.assertj.core.groups.Tuple.tuple(r.loan().receivableAccount(), Side.CREDIT, usd("250.00")));
      Loan stored = book().loan(id);
      assertThat(stored).isEqualTo(r.loan());
      assertThat(stored.outstandingPrincipal()).isEqualTo(usd("970.00"));
      assertThat(stored.outstandingInterest()).isEqualTo(usd("40.00"));
      assertThat(stored.installments().get(1).principalPaid()).isEqualTo(usd("30.00"));
      assertThat(balance(stored.receivableAccount()).posted()).isEqualTo(usd("950.00"));
    }

    @Test
    void theNextRepaymentFinishesThePartlyPaidInstallmentFirst() {
      LoanId id = active("L-1");
      pay(id, "pay-1", "250.00", "2025-02-01");

      RepaymentResult r = pay(id, "pay-2", "200.00", "2025-03-01");

      // installment 2 still owed 170.00 principal; the last 30.00 goes to installment 3, interest first
      assertThat(r.repayment().allocations()).containsExactly(
          new InstallmentAllocation(2, usd("170.00"), usd("0.00")),
          new InstallmentAllocation(3, usd("20.00"), usd("10.00")));
    }

    @Test
    void aPrincipalFirstLoanPaysPrincipalBeforeInterestWithinAnInstallment() {
      Loan loan = book().register(standard("L-1").allocationOrder(AllocationOrder.PRINCIPAL_FIRST).build());
      book().disburse(loan.id(), bank().cash().id());

      RepaymentResult r = pay(loan.id(), "pay-1", "205.00", "2025-02-01");

      assertThat(r.repayment().allocations()).containsExactly(new InstallmentAllocation(1, usd("200.00"), usd("5.00")));
      assertThat(book().loan(loan.id()).installments().get(0).interestOutstanding()).isEqualTo(usd("5.00"));
    }

    @Test
    void repayingEverythingEarlyPaysEveryInstallment() {
      LoanId id = active("L-1");

      RepaymentResult r = pay(id, "payoff", "1260.00", "2025-01-20");

      assertThat(r.repayment().allocations()).hasSize(6);
      assertThat(r.loan().isFullyPaid()).isTrue();
      assertThat(r.loan().installments()).allMatch(InstallmentBalance::isPaid);
      assertThat(r.repayment().principal()).isEqualTo(usd("1200.00"));
      assertThat(r.repayment().interest()).isEqualTo(usd("60.00"));
    }

    @Test
    void repeatingARepaymentIsAReplayThatWritesNothing() {
      LoanId id = active("L-1");
      RepaymentResult first = pay(id, "pay-1", "250.00", "2025-02-01");
      Untouched before = new Untouched(id);

      RepaymentResult again = pay(id, "pay-1", "250.00", "2025-02-01");

      assertThat(again.replayed()).isTrue();
      assertThat(again.transaction().id()).isEqualTo(first.transaction().id());
      assertThat(again.repayment()).isEqualTo(first.repayment());
      before.verify();
    }

    @Test
    void reusingAReferenceForADifferentRepaymentConflicts() {
      LoanId id = active("L-1");
      pay(id, "pay-1", "250.00", "2025-02-01");
      Untouched before = new Untouched(id);

      rejected(() -> pay(id, "pay-1", "260.00", "2025-02-01"), IdempotencyConflictException.class,
          "repayment.reference");
      rejected(() -> pay(id, "pay-1", "250.00", "2025-02-02"), IdempotencyConflictException.class,
          "repayment.reference");

      before.verify();
    }

    @Test
    void aRepaymentForAnUnknownLoanIsRejected() {
      Balance cash = balance(bank().cash());

      rejected(() -> pay(LoanId.of("L-404"), "pay-1", "10.00", "2025-02-01"), LoanNotFoundException.class, "loanId");

      assertThat(balance(bank().cash())).isEqualTo(cash);
      assertThat(ledger().transactionByKey("loan:L-404:repayment:pay-1")).isEmpty();
    }

    @Test
    void aRepaymentForAClosedLoanIsRejected() {
      LoanId id = active("L-1");
      pay(id, "payoff", "1260.00", "2025-03-01");
      book().close(id, date("2025-03-02"));
      Untouched before = new Untouched(id);

      LoanStateException e = rejected(() -> pay(id, "late", "10.00", "2025-04-01"), LoanStateException.class, "loanId");

      assertThat(e.getMessage()).contains("CLOSED");
      before.verify("loan:L-1:repayment:late");
    }

    @Test
    void aRepaymentForALoanNotYetDisbursedIsRejected() {
      Loan loan = book().register(standard("L-1").build());
      Untouched before = new Untouched(loan.id());

      rejected(() -> pay(loan.id(), "pay-1", "10.00", "2025-02-01"), LoanStateException.class, "loanId");

      before.verify("loan:L-1:repayment:pay-1");
    }

    @Test
    void aRepaymentInAnotherCurrencyIsRejected() {
      LoanId id = active("L-1");
      Untouched before = new Untouched(id);

      CurrencyMismatchException e = rejected(() -> book().repay(id, new RepaymentRequest("pay-1",
          Money.of("10.00", EUR), date("2025-02-01"), bank().cash().id())), CurrencyMismatchException.class,
          "repayment.amount");

      assertThat(e.value()).isEqualTo("10.00 EUR");
      before.verify("loan:L-1:repayment:pay-1");
    }

    @Test
    void aRepaymentFromAnAccountInAnotherCurrencyIsRejected() {
      LoanId id = active("L-1");
      Account eurCash = openAccount("1000-EUR", AccountType.ASSET, EUR);
      Untouched before = new Untouched(id);

      rejected(() -> book().repay(id, new RepaymentRequest("pay-1", usd("10.00"), date("2025-02-01"), eurCash.id())),
          CurrencyMismatchException.class, "repayment.sourceAccount");

      before.verify("loan:L-1:repayment:pay-1");
    }

    @Test
    void aRepaymentAboveWhatTheLoanOwesIsRejected() {
      LoanId id = active("L-1");
      pay(id, "pay-1", "1000.00", "2025-02-01");
      Untouched before = new Untouched(id);

      ExcessRepaymentException e = rejected(() -> pay(id, "pay-2", "260.01", "2025-03-01"),
          ExcessRepaymentException.class, "repayment.amount");

      assertThat(e.getMessage()).contains("still owes: 260.00 USD");
      before.verify("loan:L-1:repayment:pay-2");
    }

    @Test
    void aRepaymentDatedInTheFutureOrBeforeTheDisbursementIsRejected() {
      LoanId id = active("L-1");
      Untouched before = new Untouched(id);

      rejected(() -> pay(id, "future", "10.00", "2025-06-16"), InvalidRequestException.class, "repayment.valueDate");
      rejected(() -> pay(id, "past", "10.00", "2024-12-31"), InvalidRequestException.class, "repayment.valueDate");

      before.verify("loan:L-1:repayment:future", "loan:L-1:repayment:past");
    }

    @Test
    void aNonPositiveOrMalformedRepaymentIsRejectedBeforeAnythingElse() {
      LoanId id = active("L-1");

      rejected(() -> pay(id, "zero", "0.00", "2025-02-01"), InvalidRequestException.class, "repayment.amount");
      rejected(() -> pay(id, "bad:ref", "10.00", "2025-02-01"), InvalidRequestException.class, "repayment.reference");
      assertThat(book().loan(id).repayments()).isEmpty();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentRepaymentsOnOneLoanAreEachAllocatedOnce() throws Exception {
      LoanId id = active("L-1");
      int threads = 4;
      int perThread = 5;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(pool.submit((Callable<Void>) () -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              pay(id, "t" + thread + "-" + i, "35.00", "2025-02-01");
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(100, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      Loan loan = book().loan(id);
      assertThat(loan.repayments()).hasSize(threads * perThread);
      assertThat(loan.repaid()).isEqualTo(usd("700.00"));
      // 700.00 pays installments 1 to 3 (630.00) and 70.00 of installment 4, interest first
      assertThat(loan.installments()).extracting(InstallmentBalance::outstanding).containsExactly(
          usd("0.00"), usd("0.00"), usd("0.00"), usd("140.00"), usd("210.00"), usd("210.00"));
      assertThat(loan.outstandingPrincipal()).isEqualTo(usd("540.00"));
      assertThat(loan.version()).isEqualTo(2 + threads * perThread);
      assertThat(balance(loan.receivableAccount()).posted()).isEqualTo(usd("500.00"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing
  // ---------------------------------------------------------------------------------------------

  /** Closing: only a loan that owes nothing, once. */
  @Nested
  class Closing {

    @Test
    void aFullyRepaidLoanIsClosed() {
      LoanId id = active("L-1");
      pay(id, "payoff", "1260.00", "2025-03-10");

      Loan closed = book().close(id, date("2025-03-10"));

      assertThat(closed.status()).isEqualTo(LoanStatus.CLOSED);
      assertThat(closed.closedOn()).isEqualTo(date("2025-03-10"));
      assertThat(book().loan(id)).isEqualTo(closed);
    }

    @Test
    void aLoanThatStillOwesIsNotClosed() {
      LoanId id = active("L-1");
      pay(id, "pay-1", "1259.99", "2025-03-10");
      Untouched before = new Untouched(id);

      LoanStateException e = rejected(() -> book().close(id, TODAY), LoanStateException.class, "loanId");

      assertThat(e.getMessage()).contains("still owes 0.01 USD");
      before.verify();
    }

    @Test
    void aLoanIsClosedOnlyOnceAndNotInTheFuture() {
      LoanId id = active("L-1");
      pay(id, "payoff", "1260.00", "2025-03-10");
      Untouched open = new Untouched(id);
      rejected(() -> book().close(id, date("2025-06-16")), InvalidRequestException.class, "closedOn");
      rejected(() -> book().close(id, date("2025-03-09")), InvalidRequestException.class, "closedOn");
      open.verify();

      book().close(id, TODAY);
      Untouched closed = new Untouched(id);
      rejected(() -> book().close(id, TODAY), LoanStateException.class, "loanId");
      closed.verify();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Aging
  // ---------------------------------------------------------------------------------------------

  /**
   * The aging report, with a worked example. Every loan lends 1200.00 on 2025-01-01, repaid in six
   * installments of 200.00 principal and 10.00 interest due on the 1st of February to July 2025.
   * Today is 2025-06-15, so installments 1 (Feb 1) to 5 (Jun 1) are due.
   *
   * <table>
   *   <caption>The loans and what was repaid</caption>
   *   <tr><th>loan</th><th>repayments</th><th>oldest unpaid on Jun 15</th></tr>
   *   <tr><td>A</td><td>210.00 on each due date, Feb 1 to Jun 1</td><td>none</td></tr>
   *   <tr><td>B</td><td>210.00 on Feb 1, Mar 1, Apr 1; 100.00 on May 1</td><td>May 1 (110.00 left)</td></tr>
   *   <tr><td>C</td><td>210.00 on Feb 1</td><td>Mar 1</td></tr>
   *   <tr><td>D</td><td>210.00 on Feb 1; 210.00 late, on Apr 20</td><td>Apr 1</td></tr>
   *   <tr><td>E</td><td>210.00 on each due date, Feb 1 to May 1</td><td>Jun 1</td></tr>
   *   <tr><td>F</td><td>210.00 on Feb 1; the remaining 1050.00 early, on Mar 10</td><td>none</td></tr>
   *   <tr><td>G</td><td>as F, then closed on Mar 10</td><td>not in the report</td></tr>
   *   <tr><td>H</td><td>registered, never disbursed</td><td>not in the report</td></tr>
   * </table>
   */
  @Nested
  class Aging {

    private void bookTheWorkedExample() {
      LoanId a = active("A");
      for (int month = 2; month <= 6; month++) {
        pay(a, "m" + month, "210.00", LocalDate.of(2025, month, 1).toString());
      }
      LoanId b = active("B");
      pay(b, "m2", "210.00", "2025-02-01");
      pay(b, "m3", "210.00", "2025-03-01");
      pay(b, "m4", "210.00", "2025-04-01");
      pay(b, "m5", "100.00", "2025-05-01");
      LoanId c = active("C");
      pay(c, "m2", "210.00", "2025-02-01");
      LoanId d = active("D");
      pay(d, "m2", "210.00", "2025-02-01");
      pay(d, "m3-late", "210.00", "2025-04-20");
      LoanId e = active("E");
      for (int month = 2; month <= 5; month++) {
        pay(e, "m" + month, "210.00", LocalDate.of(2025, month, 1).toString());
      }
      LoanId f = active("F");
      pay(f, "m2", "210.00", "2025-02-01");
      pay(f, "payoff", "1050.00", "2025-03-10");
      LoanId g = active("G");
      pay(g, "m2", "210.00", "2025-02-01");
      pay(g, "payoff", "1050.00", "2025-03-10");
      book().close(g, date("2025-03-10"));
      book().register(standard("H").build());
    }

    private void assertLine(LoanAgingReport report, String loan, String bucket, String outstanding, String overdue,
        int days, @Nullable String oldestUnpaid) {
      LoanAgingLine line = report.line(LoanId.of(loan)).orElseThrow(() -> new AssertionError("no line for " + loan));
      assertThat(line.bucket().label()).as(loan + " bucket").isEqualTo(bucket);
      assertThat(line.outstandingPrincipal()).as(loan + " outstanding principal").isEqualTo(usd(outstanding));
      assertThat(line.overdue()).as(loan + " overdue").isEqualTo(usd(overdue));
      assertThat(line.daysPastDue()).as(loan + " days past due").isEqualTo(days);
      assertThat(line.oldestUnpaidDueDate()).as(loan + " oldest unpaid")
          .isEqualTo(oldestUnpaid == null ? null : date(oldestUnpaid));
      assertThat(line.borrowerReference()).isEqualTo("borrower-" + loan);
    }

    private void assertTotal(LoanAgingReport report, String bucket, int loans, String outstanding, String overdue) {
      BucketTotal total = report.total(bucket);
      assertThat(total.loans()).as(bucket + " loans").isEqualTo(loans);
      assertThat(total.outstandingPrincipal(USD)).as(bucket + " outstanding").isEqualTo(usd(outstanding));
      assertThat(total.overdue(USD)).as(bucket + " overdue").isEqualTo(usd(overdue));
    }

    @Test
    void workedExampleOnTheFifteenthOfJune() {
      bookTheWorkedExample();

      LoanAgingReport report = book().liveAgingReport(TODAY);

      assertThat(report.asOf()).isEqualTo(TODAY);
      assertThat(report.source()).isEqualTo(AgingSource.LIVE);
      assertThat(report.refreshedAt()).isEqualTo(START);
      assertThat(report.lines()).extracting(l -> l.loanId().value()).containsExactly("A", "B", "C", "D", "E", "F");
      assertLine(report, "A", "CURRENT", "200.00", "0.00", 0, null);
      assertLine(report, "B", "31-60", "510.00", "320.00", 45, "2025-05-01");
      assertLine(report, "C", "90+", "1000.00", "840.00", 106, "2025-03-01");
      assertLine(report, "D", "61-90", "800.00", "630.00", 75, "2025-04-01");
      assertLine(report, "E", "1-30", "400.00", "210.00", 14, "2025-06-01");
      assertLine(report, "F", "CURRENT", "0.00", "0.00", 0, null);
      assertThat(report.totals()).extracting(t -> t.bucket().label())
          .containsExactly("CURRENT", "1-30", "31-60", "61-90", "90+");
      assertTotal(report, "CURRENT", 2, "200.00", "0.00");
      assertTotal(report, "1-30", 1, "400.00", "210.00");
      assertTotal(report, "31-60", 1, "510.00", "320.00");
      assertTotal(report, "61-90", 1, "800.00", "630.00");
      assertTotal(report, "90+", 1, "1000.00", "840.00");
    }

    @Test
    void workedExampleOnAnEarlierDayIgnoresLaterRepaymentsAndLoansClosedLater() {
      bookTheWorkedExample();

      LoanAgingReport april = book().agingReport(date("2025-04-15"));

      assertThat(april.source()).isEqualTo(AgingSource.LIVE);
      assertThat(april.lines()).extracting(l -> l.loanId().value()).containsExactly("A", "B", "C", "D", "E", "F");
      assertLine(april, "A", "CURRENT", "600.00", "0.00", 0, null);
      assertLine(april, "B", "CURRENT", "600.00", "0.00", 0, null);
      assertLine(april, "C", "31-60", "1000.00", "420.00", 45, "2025-03-01");
      // D's late repayment of Apr 20 does not count yet
      assertLine(april, "D", "31-60", "1000.00", "420.00", 45, "2025-03-01");
      assertLine(april, "F", "CURRENT", "0.00", "0.00", 0, null);
      assertTotal(april, "CURRENT", 4, "1800.00", "0.00");
      assertTotal(april, "31-60", 2, "2000.00", "840.00");
      assertTotal(april, "1-30", 0, "0.00", "0.00");

      LoanAgingReport march = book().agingReport(date("2025-03-09"));
      // G and F have not repaid early yet: their March installment is 8 days late; G is not closed yet
      assertLine(march, "G", "1-30", "1000.00", "210.00", 8, "2025-03-01");
      assertLine(march, "F", "1-30", "1000.00", "210.00", 8, "2025-03-01");
      assertThat(march.line(LoanId.of("H"))).isEmpty();

      assertThat(book().agingReport(date("2024-12-31")).lines()).isEmpty();
    }

    @Test
    void bucketsAreConfigurable() {
      bookTheWorkedExample();

      LoanAgingReport report = book().agingReport(TODAY, AgingBuckets.of(List.of(
          new AgingBucket("performing", 0, 30), new AgingBucket("watch", 31, 89),
          new AgingBucket("non-performing", 90, Integer.MAX_VALUE))));
      LoanBook quarterly = LoanBook.builder().ledger(ledger()).store(stores.loanStore()).clock(clock)
          .agingBuckets(AgingBuckets.upperBounds(0, 90)).build();
      LoanAgingReport coarse = quarterly.agingReport(TODAY);

      assertTotal(report, "performing", 3, "600.00", "210.00");
      assertTotal(report, "watch", 2, "1310.00", "950.00");
      assertTotal(report, "non-performing", 1, "1000.00", "840.00");
      assertThat(coarse.totals()).extracting(t -> t.bucket().label()).containsExactly("CURRENT", "1-90", "90+");
      assertTotal(coarse, "1-90", 3, "1710.00", "1160.00");
    }

    @Test
    void anEmptyBookReportsEveryBucketEmpty() {
      LoanAgingReport report = book().agingReport(TODAY);

      assertThat(report.lines()).isEmpty();
      assertThat(report.totals()).hasSize(5).allSatisfy(t -> {
        assertThat(t.loans()).isZero();
        assertThat(t.outstandingPrincipal()).isEmpty();
      });
    }

    @Test
    void aReportForTodayAfterARefreshMatchesTheLiveFiguresAndSaysWhenItWasComputed() {
      bookTheWorkedExample();
      refreshAgingSnapshot(stores, clock);

      LoanAgingReport today = book().agingReport(TODAY);
      LoanAgingReport live = book().liveAgingReport(TODAY);

      assertThat(today.lines()).isEqualTo(live.lines());
      assertThat(today.totals()).isEqualTo(live.totals());
      assertThat(today.refreshedAt()).isEqualTo(START);
      assertThat(book().agingReport()).isEqualTo(today);
      // another day is always computed from the loans
      LoanAgingReport yesterday = book().agingReport(TODAY.minusDays(1));
      assertThat(yesterday.source()).isEqualTo(AgingSource.LIVE);
      assertThat(yesterday.asOf()).isEqualTo(TODAY.minusDays(1));
    }

    @Test
    void totalsAreKeptPerCurrency() {
      LoanId usdLoan = active("U");
      Account eurReceivable = openAccount("1200-EU", AccountType.ASSET, EUR);
      Account eurCash = openAccount("1000-EUR", AccountType.ASSET, EUR);
      Loan eurLoan = book().register(NewLoan.builder().id("EU").borrowerReference("borrower-EU")
          .receivableAccount(eurReceivable.id()).principal(Money.of("500.00", EUR)).disbursementDate(DISBURSED)
          .schedule(RepaymentSchedule.builder()
              .installment(date("2025-06-01"), Money.of("500.00", EUR), Money.of("5.00", EUR)).build())
          .build());
      book().disburse(eurLoan.id(), eurCash.id());
      pay(usdLoan, "m2", "210.00", "2025-02-01");
      pay(usdLoan, "m3", "210.00", "2025-03-01");
      pay(usdLoan, "m4", "210.00", "2025-04-01");
      pay(usdLoan, "m5", "210.00", "2025-05-01");

      LoanAgingReport report = book().agingReport(TODAY);

      BucketTotal late = report.total("1-30");
      assertThat(late.loans()).isEqualTo(2);
      assertThat(late.outstandingPrincipal()).isEqualTo(Map.of(EUR, Money.of("500.00", EUR), USD, usd("400.00")));
      assertThat(late.overdue(EUR)).isEqualTo(Money.of("505.00", EUR));
      assertThat(late.overdue(USD)).isEqualTo(usd("210.00"));
    }
  }
}
