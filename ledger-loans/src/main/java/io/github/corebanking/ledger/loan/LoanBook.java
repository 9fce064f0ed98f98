package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loan book: registers loans with their schedules, books disbursements, interest accruals and
 * repayments as ordinary ledger postings, allocates repayments to installments, and reports loan
 * aging.
 *
 * <pre>{@code
 * LoanBook loans = LoanBook.builder().ledger(ledger).store(loanStore).build();
 * loans.register(NewLoan.builder().id("L-1001").borrowerReference("customer-77")
 *     .receivableAccount(receivable.id()).principal(Money.of("10000.00", USD))
 *     .disbursementDate(LocalDate.of(2025, 1, 1))
 *     .schedule(ScheduleGenerator.annuity(Money.of("10000.00", USD), new BigDecimal("0.12"), 12,
 *         PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
 *     .build());
 * loans.disburse(LoanId.of("L-1001"), customerDeposits.id());
 * loans.repay(LoanId.of("L-1001"), new RepaymentRequest("feb", Money.of("888.49", USD),
 *     LocalDate.of(2025, 2, 1), customerDeposits.id()));
 * LoanAgingReport aging = loans.agingReport(LocalDate.of(2025, 6, 30));
 * }</pre>
 *
 * <h2>Postings</h2>
 * Every posting carries the metadata {@code loan.id}, {@code loan.event} ({@code disbursement},
 * {@code interest-accrual} or {@code repayment}) and, for accruals and repayments,
 * {@code loan.reference}; its idempotency key is {@code loan:<id>:disbursement},
 * {@code loan:<id>:accrual:<reference>} or {@code loan:<id>:repayment:<reference>}.
 * <ul>
 *   <li>disbursement: debit the loan's receivable account, credit the funding account, value
 *       date the loan's disbursement date;</li>
 *   <li>interest accrual: debit the receivable account, credit the interest-income account;</li>
 *   <li>repayment: debit the source account, credit the receivable account. The loan book
 *       allocates it to the oldest unpaid installment first, within an installment in the loan's
 *       {@link AllocationOrder}.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * Every check runs before the posting, so a bad request writes nothing and throws a typed
 * {@link LedgerException}. The posting and the loan store's record are two writes: the posting
 * goes first, then the store records it under the loan's lock. If the loan changed in between so
 * that the record is refused (a concurrent repayment paid it off, or it was closed), the posting is
 * reversed before the exception is thrown. If the process stops between the two writes, repeating
 * the call with the same reference finds the posting (an idempotent replay) and records it: every
 * operation may be retried safely with the same arguments.
 *
 * <p>Thread-safe.
 */
public final class LoanBook {

  private static final Logger LOG = LoggerFactory.getLogger(LoanBook.class);

  /** Metadata key holding the loan's id on every loan posting. */
  public static final String META_LOAN_ID = "loan.id";
  /** Metadata key holding the kind of loan posting. */
  public static final String META_EVENT = "loan.event";
  /** Metadata key holding the caller's reference of an accrual or repayment. */
  public static final String META_REFERENCE = "loan.reference";

  private final Ledger ledger;
  private final LoanStore store;
  private final Clock clock;
  private final ZoneId zone;
  private final AllocationOrder defaultOrder;
  private final AgingBuckets buckets;

  private LoanBook(Builder b) {
    this.ledger = b.ledger;
    this.store = b.store;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.zone = b.zone == null ? ZoneOffset.UTC : b.zone;
    this.defaultOrder = b.allocationOrder == null ? AllocationOrder.INTEREST_FIRST : b.allocationOrder;
    this.buckets = b.buckets == null ? AgingBuckets.defaults() : b.buckets;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  // ---- loans ----

  /**
   * Registers a loan with its schedule. Nothing is posted until {@link #disburse}.
   *
   * @param request the loan
   * @return the loan, REGISTERED
   * @throws AccountNotFoundException   when the receivable account does not exist
   * @throws CurrencyMismatchException  when the receivable account is in another currency
   * @throws InvalidRequestException    when the receivable account is not an ASSET account
   * @throws AccountStateException      when the receivable account is closed
   * @throws DuplicateLoanException     when the id is taken or the account belongs to another loan
   */
  public Loan register(NewLoan request) {
    Checks.notNull(request, "loan");
    Account receivable = account(request.receivableAccount(), "receivableAccount", request.principal().currency());
    if (receivable.type() != AccountType.ASSET) {
      throw new InvalidRequestException("receivableAccount", receivable.id(), "is account " + receivable.code()
          + " of type " + receivable.type() + "; a loan receivable must be an ASSET account");
    }
    if (receivable.status() == AccountStatus.CLOSED) {
      throw new AccountStateException("receivableAccount", receivable.id(),
          "is account " + receivable.code() + ", which is CLOSED");
    }
    Loan loan = LoanPlanner.register(request, defaultOrder, clock.instant());
    store.insertLoan(loan);
    LOG.debug("registered loan {}", loan.id());
    return loan;
  }

  /**
   * @param id a loan's id
   * @return the loan
   * @throws LoanNotFoundException when it does not exist
   */
  public Loan loan(LoanId id) {
    Checks.notNull(id, "loanId");
    return store.findLoan(id).orElseThrow(() -> new LoanNotFoundException("loanId", id, "does not exist"));
  }

  /**
   * @param id a loan's id
   * @return the loan, if it exists
   */
  public Optional<Loan> findLoan(LoanId id) {
    Checks.notNull(id, "loanId");
    return store.findLoan(id);
  }

  /**
   * Pays the loan out: debits its receivable account and credits the funding account with the
   * principal, value-dated on the disbursement date. Repeating the call returns the first result.
   *
   * @param id             the loan
   * @param fundingAccount the account the money leaves from (cash, or the borrower's deposit account)
   * @return the ACTIVE loan and the posting
   * @throws LoanNotFoundException     when the loan does not exist
   * @throws LoanStateException        when it was closed or disbursed from another account
   * @throws AccountNotFoundException  when the funding account does not exist
   * @throws CurrencyMismatchException when the funding account is in another currency
   */
  public LoanPosting disburse(LoanId id, AccountId fundingAccount) {
    Checks.notNull(fundingAccount, "fundingAccount");
    Loan loan = loan(id);
    if (loan.isDisbursed()) {
      Transaction done = transaction(loan.disbursementTransaction());
      if (!creditedAccount(done).equals(fundingAccount)) {
        throw new LoanStateException("loanId", id, "was already disbursed by transaction " + done.id()
            + " from account " + creditedAccount(done) + ", not " + fundingAccount);
      }
      return new LoanPosting(loan, done, true);
    }
    LoanPlanner.checkDisbursement(loan);
    account(fundingAccount, "fundingAccount", loan.currency());
    String key = key(id, "disbursement");
    Transaction tx = post(PostingRequest.builder()
        .idempotencyKey(key)
        .description("Loan " + id + " disbursement")
        .effectiveDate(loan.disbursementDate())
        .debit(loan.receivableAccount(), loan.principal())
        .credit(fundingAccount, loan.principal())
        .metadata(META_LOAN_ID, id.value())
        .metadata(META_EVENT, "disbursement")
        .build(), "loanId", id.value());
    Loan after = recordOrReverse(tx, key, () -> store.recordDisbursement(id, tx.id()));
    LOG.debug("disbursed loan {} by transaction {}", id, tx.id());
    return new LoanPosting(after, tx, false);
  }

  /**
   * Accrues interest: debits the loan's receivable account and credits the income account.
   * Repeating a reference with the same request returns the first result.
   *
   * @param id      the loan
   * @param request the accrual
   * @return the loan and the posting
   * @throws LoanNotFoundException        when the loan does not exist
   * @throws LoanStateException           when it is not ACTIVE
   * @throws CurrencyMismatchException    when the amount or income account is in another currency
   * @throws InvalidRequestException      when the value date is before the disbursement or after today
   * @throws IdempotencyConflictException when the reference was used for a different accrual
   */
  public LoanPosting accrueInterest(LoanId id, AccrualRequest request) {
    Checks.notNull(request, "accrual");
    Loan loan = loan(id);
    Optional<InterestAccrual> existing = loan.accrual(request.reference());
    if (existing.isPresent()) {
      InterestAccrual a = existing.get();
      Transaction done = transaction(a.transactionId());
      if (!a.amount().equals(request.amount()) || !a.valueDate().equals(request.valueDate())
          || !creditedAccount(done).equals(request.incomeAccount())) {
        throw new IdempotencyConflictException("accrual.reference", request.reference(),
            "was already used on loan " + id + " for accrual " + a.amount() + " on " + a.valueDate()
                + " (transaction " + a.transactionId() + ")");
      }
      return new LoanPosting(loan, done, true);
    }
    requireNotFuture(request.valueDate(), "accrual.valueDate");
    LoanPlanner.checkAccrual(loan, request.amount(), request.valueDate());
    account(request.incomeAccount(), "accrual.incomeAccount", loan.currency());
    String key = key(id, "accrual:" + request.reference());
    Transaction tx = post(PostingRequest.builder()
        .idempotencyKey(key)
        .description("Loan " + id + " interest accrual " + request.reference())
        .effectiveDate(request.valueDate())
        .debit(loan.receivableAccount(), request.amount())
        .credit(request.incomeAccount(), request.amount())
        .metadata(META_LOAN_ID, id.value())
        .metadata(META_EVENT, "interest-accrual")
        .metadata(META_REFERENCE, request.reference())
        .build(), "accrual.reference", request.reference());
    InterestAccrual accrual = new InterestAccrual(request.reference(), tx.id(), request.valueDate(), request.amount(),
        clock.instant());
    Loan after = recordOrReverse(tx, key, () -> store.recordAccrual(id, accrual));
    return new LoanPosting(after, tx, false);
  }

  /**
   * Books a repayment: debits the source account and credits the loan's receivable account, then
   * allocates it to the oldest unpaid installment first. Repeating a reference with the same
   * request returns the first result.
   *
   * @param id      the loan
   * @param request the repayment
   * @return the loan after it, the allocation and the posting
   * @throws LoanNotFoundException        when the loan does not exist
   * @throws LoanStateException           when it is not ACTIVE (not disbursed, or closed)
   * @throws CurrencyMismatchException    when the amount or source account is in another currency
   * @throws ExcessRepaymentException     when the amount is more than the loan still owes
   * @throws InvalidRequestException      when the value date is before the disbursement or after today
   * @throws IdempotencyConflictException when the reference was used for a different repayment
   */
  public RepaymentResult repay(LoanId id, RepaymentRequest request) {
    Checks.notNull(request, "repayment");
    Loan loan = loan(id);
    Optional<LoanRepayment> existing = loan.repayment(request.reference());
    if (existing.isPresent()) {
      LoanRepayment r = existing.get();
      Transaction done = transaction(r.transactionId());
      if (!r.amount().equals(request.amount()) || !r.valueDate().equals(request.valueDate())
          || !debitedAccount(done).equals(request.sourceAccount())) {
        throw new IdempotencyConflictException("repayment.reference", request.reference(),
            "was already used on loan " + id + " for repayment " + r.amount() + " on " + r.valueDate()
                + " (transaction " + r.transactionId() + ")");
      }
      return new RepaymentResult(loan, r, done, true);
    }
    requireNotFuture(request.valueDate(), "repayment.valueDate");
    LoanPlanner.checkRepayment(loan, request.amount(), request.valueDate());
    account(request.sourceAccount(), "repayment.sourceAccount", loan.currency());
    String key = key(id, "repayment:" + request.reference());
    Transaction tx = post(PostingRequest.builder()
        .idempotencyKey(key)
        .description("Loan " + id + " repayment " + request.reference())
        .effectiveDate(request.valueDate())
        .debit(request.sourceAccount(), request.amount())
        .credit(loan.receivableAccount(), request.amount())
        .metadata(META_LOAN_ID, id.value())
        .metadata(META_EVENT, "repayment")
        .metadata(META_REFERENCE, request.reference())
        .build(), "repayment.reference", request.reference());
    RepaymentReceipt receipt = new RepaymentReceipt(request.reference(), tx.id(), request.valueDate(),
        request.amount(), clock.instant());
    LoanPlanner.Repaid repaid = recordOrReverse(tx, key, () -> store.recordRepayment(id, receipt));
    LOG.debug("repayment {} on loan {}: {}", request.reference(), id, repaid.repayment().allocations());
    return new RepaymentResult(repaid.loan(), repaid.repayment(), tx, false);
  }

  /**
   * Closes a loan: a fully repaid ACTIVE loan, or a REGISTERED loan cancelled before disbursement.
   * A closed loan leaves the aging report from its closing day and takes no more postings. The
   * receivable account stays open; close it in the ledger when its balance is zero.
   *
   * @param id       the loan
   * @param closedOn the closing day: not after today, not before the last repayment
   * @return the CLOSED loan
   * @throws LoanNotFoundException   when the loan does not exist
   * @throws LoanStateException      when it still owes money or is already closed
   * @throws InvalidRequestException when the day is out of range
   */
  public Loan close(LoanId id, LocalDate closedOn) {
    Checks.notNull(closedOn, "closedOn");
    Loan loan = loan(id);
    requireNotFuture(closedOn, "closedOn");
    LoanPlanner.checkClose(loan, closedOn);
    return store.closeLoan(id, closedOn);
  }

  // ---- aging ----

  /**
   * The aging report for today, in the loan book's zone.
   *
   * @return the report
   * @see #agingReport(LocalDate)
   */
  public LoanAgingReport agingReport() {
    return agingReport(today());
  }

  /**
   * The aging report on a day, with the loan book's buckets. A store with a precomputed snapshot
   * for that day answers from it (cheap; {@link LoanAgingReport#source()} is SNAPSHOT and
   * {@link LoanAgingReport#refreshedAt()} says when it was computed); for any other day, or a
   * store without snapshots, the report is computed live.
   *
   * @param asOf the day
   * @return the report
   */
  public LoanAgingReport agingReport(LocalDate asOf) {
    return agingReport(asOf, buckets);
  }

  /**
   * The aging report on a day, with other buckets.
   *
   * @param asOf    the day
   * @param buckets the buckets
   * @return the report
   */
  public LoanAgingReport agingReport(LocalDate asOf, AgingBuckets buckets) {
    Checks.notNull(asOf, "asOf");
    Checks.notNull(buckets, "buckets");
    AgingRows rows = store.agingRows(asOf, true, clock.instant());
    return LoanAgingReport.of(rows, buckets);
  }

  /**
   * The aging report on a day, always computed from the loans as they are now: exact, but it
   * reads every active loan.
   *
   * @param asOf the day
   * @return the report, source LIVE
   */
  public LoanAgingReport liveAgingReport(LocalDate asOf) {
    Checks.notNull(asOf, "asOf");
    return LoanAgingReport.of(store.agingRows(asOf, false, clock.instant()), buckets);
  }

  /** @return today in the loan book's zone, by its clock */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  /** @return the buckets reports use by default */
  public AgingBuckets agingBuckets() {
    return buckets;
  }

  // ---- helpers ----

  private static String key(LoanId id, String suffix) {
    return "loan:" + id.value() + ":" + suffix;
  }

  private Account account(AccountId id, String field, CurrencyUnit currency) {
    Checks.notNull(id, field);
    Account account;
    try {
      account = ledger.account(id);
    } catch (AccountNotFoundException e) {
      throw new AccountNotFoundException(field, id, "does not exist in the ledger");
    }
    if (!account.currency().equals(currency)) {
      throw new CurrencyMismatchException(field, id, "is account " + account.code() + " in "
          + account.currency().code() + "; the loan is in " + currency.code());
    }
    return account;
  }

  private void requireNotFuture(LocalDate date, String field) {
    LocalDate today = today();
    if (date.isAfter(today)) {
      throw new InvalidRequestException(field, date, "is after today (" + today + ")");
    }
  }

  private Transaction post(PostingRequest request, String field, String reference) {
    Transaction tx = ledger.post(request);
    if (tx.replayed() && tx.isReversed()) {
      // An earlier attempt posted and was undone because the loan refused it; its key is spent.
      throw new InvalidRequestException(field, reference, "was used by a posting that was refused and reversed ("
          + tx.id() + "); use a new reference");
    }
    return tx;
  }

  private <T> T recordOrReverse(Transaction tx, String key, Supplier<T> record) {
    try {
      return record.get();
    } catch (LoanStateException | InvalidRequestException | IdempotencyConflictException e) {
      // The loan changed between the check and the record (a concurrent repayment or close):
      // undo the posting so the ledger and the loan book agree.
      try {
        ledger.reverse(tx.id(), key + ":reversal",
            Checks.abbreviate("Loan posting refused: " + e.getMessage()));
      } catch (LedgerException reversal) {
        LOG.warn("could not reverse transaction {} after the loan book refused it", tx.id(), reversal);
        e.addSuppressed(reversal);
      }
      throw e;
    }
  }

  private Transaction transaction(@Nullable TransactionId id) {
    Checks.notNull(id, "transactionId");
    return ledger.transaction(id).orElseThrow(() -> new LoanStateException("transactionId", id,
        "is recorded on the loan but missing from the ledger"));
  }

  private static AccountId debitedAccount(Transaction tx) {
    return side(tx, Side.DEBIT);
  }

  private static AccountId creditedAccount(Transaction tx) {
    return side(tx, Side.CREDIT);
  }

  private static AccountId side(Transaction tx, Side side) {
    for (Entry e : tx.postedEntries()) {
      if (e.side() == side) {
        return e.accountId();
      }
    }
    throw new IllegalStateException("transaction " + tx.id() + " has no posted " + side + " entry");
  }

  /** Builds a {@link LoanBook}; each setting can be given once; ledger and store are required. */
  public static final class Builder {
    private @Nullable Ledger ledger;
    private @Nullable LoanStore store;
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable AllocationOrder allocationOrder;
    private @Nullable AgingBuckets buckets;
    private final SetOnce once = new SetOnce("loan book");

    private Builder() {}

    /**
     * @param ledger the ledger the postings go to (required)
     * @return this builder
     */
    public Builder ledger(Ledger ledger) {
      this.ledger = once.set("ledger", ledger);
      return this;
    }

    /**
     * @param store where loans live (required)
     * @return this builder
     */
    public Builder store(LoanStore store) {
      this.store = once.set("store", store);
      return this;
    }

    /**
     * @param clock decides "today" for value-date checks and the aging report. Default system UTC.
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", clock);
      return this;
    }

    /**
     * @param zone the bank's zone, in which an instant becomes "today". Default UTC.
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = once.set("zone", zone);
      return this;
    }

    /**
     * @param order the allocation order of loans registered without one. Default INTEREST_FIRST.
     * @return this builder
     */
    public Builder allocationOrder(AllocationOrder order) {
      this.allocationOrder = once.set("allocationOrder", order);
      return this;
    }

    /**
     * @param buckets the aging buckets of reports. Default {@link AgingBuckets#defaults()}.
     * @return this builder
     */
    public Builder agingBuckets(AgingBuckets buckets) {
      this.buckets = once.set("agingBuckets", buckets);
      return this;
    }

    /**
     * @return the loan book; the builder cannot be used again
     * @throws InvalidRequestException when the ledger or the store is missing
     */
    public LoanBook build() {
      once.checkNotBuilt();
      if (ledger == null) {
        throw new InvalidRequestException("ledger", null, "must be set: pass the Ledger to LoanBook.builder().ledger(...)");
      }
      if (store == null) {
        throw new InvalidRequestException("store", null, "must be set: pass a LoanStore to LoanBook.builder().store(...)");
      }
      once.build();
      return new LoanBook(this);
    }

  }
}
