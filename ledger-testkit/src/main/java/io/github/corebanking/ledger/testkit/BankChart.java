package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A small bank's chart of accounts in one currency, opened in a ledger, with helpers that book the
 * everyday transactions of a bank.
 *
 * <table>
 *   <caption>Accounts and their codes</caption>
 *   <tr><th>code</th><th>account</th><th>type</th><th>constraint</th></tr>
 *   <tr><td>1000</td><td>cash</td><td>ASSET</td><td>none</td></tr>
 *   <tr><td>1200</td><td>loans receivable</td><td>ASSET</td><td>none</td></tr>
 *   <tr><td>1210</td><td>interest receivable</td><td>ASSET</td><td>none</td></tr>
 *   <tr><td>2100</td><td>customer deposits</td><td>LIABILITY</td><td>debits must not exceed credits (no overdraft)</td></tr>
 *   <tr><td>2200</td><td>interest payable</td><td>LIABILITY</td><td>none</td></tr>
 *   <tr><td>3000</td><td>equity (share capital)</td><td>EQUITY</td><td>none</td></tr>
 *   <tr><td>4000</td><td>interest income</td><td>REVENUE</td><td>none</td></tr>
 *   <tr><td>4100</td><td>fee income</td><td>REVENUE</td><td>none</td></tr>
 *   <tr><td>5000</td><td>interest expense</td><td>EXPENSE</td><td>none</td></tr>
 *   <tr><td>5100</td><td>loan loss expense</td><td>EXPENSE</td><td>none</td></tr>
 * </table>
 *
 * <p>The codes follow the usual numbering: 1xxx assets, 2xxx liabilities, 3xxx equity, 4xxx
 * revenue, 5xxx expenses. Codes are unique per ledger, so a second chart in the same ledger (for a
 * second currency) takes a suffix: {@code BankChart.open(ledger, EUR, "-EUR")} opens
 * {@code 1000-EUR} and so on.
 *
 * <pre>{@code
 * Ledger ledger = TestLedgers.inMemory(MutableClock.at("2026-01-31T10:00:00Z"));
 * BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
 * bank.injectCapital(bank.money("1000000.00"), "capital-1");
 * bank.depositCash(bank.money("250.00"), "deposit-1");
 * assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(bank.money("250.00"));
 * }</pre>
 *
 * @param ledger             the ledger the accounts live in
 * @param currency           the chart's currency
 * @param cash               1000, cash and balances at the central bank
 * @param loansReceivable    1200, principal owed by borrowers
 * @param interestReceivable 1210, interest accrued and not yet paid by borrowers
 * @param customerDeposits   2100, money the bank owes its depositors; cannot go overdrawn
 * @param interestPayable    2200, interest accrued and owed to depositors
 * @param equity             3000, share capital
 * @param interestIncome     4000, interest earned on loans
 * @param feeIncome          4100, fees charged to customers
 * @param interestExpense    5000, interest paid on deposits
 * @param loanLossExpense    5100, loans written off or provisioned
 */
public record BankChart(
    Ledger ledger,
    CurrencyUnit currency,
    Account cash,
    Account loansReceivable,
    Account interestReceivable,
    Account customerDeposits,
    Account interestPayable,
    Account equity,
    Account interestIncome,
    Account feeIncome,
    Account interestExpense,
    Account loanLossExpense) {

  /** Checks that nothing is missing. */
  public BankChart {
    notNull(ledger, "ledger");
    notNull(currency, "currency");
    for (Account a : new Account[] {cash, loansReceivable, interestReceivable, customerDeposits, interestPayable,
        equity, interestIncome, feeIncome, interestExpense, loanLossExpense}) {
      notNull(a, "account");
    }
  }

  /**
   * Opens the chart with the plain codes {@code 1000} to {@code 5100}.
   *
   * @param ledger   the ledger
   * @param currency the currency of every account
   * @return the chart
   * @throws io.github.corebanking.ledger.DuplicateAccountException when a code is already taken
   */
  public static BankChart open(Ledger ledger, CurrencyUnit currency) {
    return open(ledger, currency, "");
  }

  /**
   * Opens the chart with every code followed by a suffix, so that several charts (one per
   * currency) fit in one ledger.
   *
   * @param ledger     the ledger
   * @param currency   the currency of every account
   * @param codeSuffix appended to every code, such as {@code "-EUR"}; may be empty
   * @return the chart
   */
  public static BankChart open(Ledger ledger, CurrencyUnit currency, String codeSuffix) {
    notNull(ledger, "ledger");
    notNull(currency, "currency");
    notNull(codeSuffix, "codeSuffix");
    return new BankChart(ledger, currency,
        open(ledger, currency, "1000" + codeSuffix, "Cash", AccountType.ASSET, false),
        open(ledger, currency, "1200" + codeSuffix, "Loans receivable", AccountType.ASSET, false),
        open(ledger, currency, "1210" + codeSuffix, "Interest receivable", AccountType.ASSET, false),
        open(ledger, currency, "2100" + codeSuffix, "Customer deposits", AccountType.LIABILITY, true),
        open(ledger, currency, "2200" + codeSuffix, "Interest payable", AccountType.LIABILITY, false),
        open(ledger, currency, "3000" + codeSuffix, "Share capital", AccountType.EQUITY, false),
        open(ledger, currency, "4000" + codeSuffix, "Interest income", AccountType.REVENUE, false),
        open(ledger, currency, "4100" + codeSuffix, "Fee income", AccountType.REVENUE, false),
        open(ledger, currency, "5000" + codeSuffix, "Interest expense", AccountType.EXPENSE, false),
        open(ledger, currency, "5100" + codeSuffix, "Loan loss expense", AccountType.EXPENSE, false));
  }

  private static Account open(Ledger ledger, CurrencyUnit currency, String code, String name, AccountType type,
      boolean noOverdraft) {
    return ledger.openAccount(NewAccount.builder().code(code).name(name).type(type).currency(currency)
        .debitsMustNotExceedCredits(noOverdraft).build());
  }

  /** @return the ten accounts, in code order */
  public List<Account> accounts() {
    return List.of(cash, loansReceivable, interestReceivable, customerDeposits, interestPayable, equity,
        interestIncome, feeIncome, interestExpense, loanLossExpense);
  }

  /**
   * An amount in the chart's currency.
   *
   * @param amount decimal text in major units, such as {@code "12.50"}
   * @return the money
   */
  public Money money(String amount) {
    return Money.of(amount, currency);
  }

  // ---- generic postings ----

  /**
   * Books a two-line transaction.
   *
   * @param ledger the ledger
   * @param key    the idempotency key (also the description)
   * @param debit  the account debited
   * @param credit the account credited
   * @param amount the amount
   * @return the transaction
   */
  public static Transaction post(Ledger ledger, String key, Account debit, Account credit, Money amount) {
    notNull(ledger, "ledger");
    notNull(debit, "debit");
    notNull(credit, "credit");
    return ledger.post(PostingRequest.builder().idempotencyKey(key).description(key)
        .debit(debit.id(), amount).credit(credit.id(), amount).build());
  }

  /**
   * Moves an amount from one account to another of the same kind: lowers {@code from}'s balance and
   * raises {@code to}'s, each on its normal side. Between two deposit accounts that debits
   * {@code from} and credits {@code to}; between two asset accounts it is the other way round.
   *
   * @param ledger the ledger
   * @param from   the account that gives
   * @param to     the account that receives
   * @param amount the amount
   * @param key    the idempotency key (also the description)
   * @return the transaction
   * @throws InvalidRequestException when the two accounts have different normal sides, so that
   *                                 "from" and "to" would not make a balanced transaction
   */
  public static Transaction transfer(Ledger ledger, Account from, Account to, Money amount, String key) {
    notNull(from, "from");
    notNull(to, "to");
    if (from.normalSide() != to.normalSide()) {
      throw new InvalidRequestException("to", to.code(), "has normal side " + to.normalSide()
          + " but from (" + from.code() + ") has " + from.normalSide() + "; use post(ledger, key, debit, credit, amount)");
    }
    return from.normalSide() == Side.DEBIT
        ? post(ledger, key, to, from, amount)
        : post(ledger, key, from, to, amount);
  }

  /**
   * {@link #transfer(Ledger, Account, Account, Money, String)} in this chart's ledger.
   *
   * @param from   the account that gives
   * @param to     the account that receives
   * @param amount the amount
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction transfer(Account from, Account to, Money amount, String key) {
    return transfer(ledger, from, to, amount, key);
  }

  /**
   * Books a two-line transaction in this chart's ledger.
   *
   * @param key    the idempotency key (also the description)
   * @param debit  the account debited
   * @param credit the account credited
   * @param amount the amount
   * @return the transaction
   */
  public Transaction post(String key, Account debit, Account credit, Money amount) {
    return post(ledger, key, debit, credit, amount);
  }

  // ---- the bank's everyday transactions ----

  /**
   * Shareholders pay in capital: debit cash, credit equity.
   *
   * @param amount the amount
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction injectCapital(Money amount, String key) {
    return post(key, cash, equity, amount);
  }

  /**
   * A customer deposits cash: debit cash, credit customer deposits.
   *
   * @param amount the amount
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction depositCash(Money amount, String key) {
    return post(key, cash, customerDeposits, amount);
  }

  /**
   * A customer withdraws cash: debit customer deposits, credit cash. Rejected with a
   * {@link io.github.corebanking.ledger.BalanceConstraintException} when it would overdraw deposits.
   *
   * @param amount the amount
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction withdrawCash(Money amount, String key) {
    return post(key, customerDeposits, cash, amount);
  }

  /**
   * Holds a card payment against deposits until it settles: a pending debit of customer deposits
   * and credit of cash, which reduces what is available at once.
   *
   * @param amount    the amount
   * @param key       the idempotency key
   * @param expiresAt when the expiry job may release the hold
   * @return the pending transaction
   */
  public Transaction holdPayment(Money amount, String key, Instant expiresAt) {
    return ledger.post(PostingRequest.builder().idempotencyKey(key).description(key)
        .debit(customerDeposits.id(), amount).credit(cash.id(), amount).pending(expiresAt).build());
  }

  /**
   * Pays a loan out into the borrower's deposit account: debit loans receivable, credit customer
   * deposits.
   *
   * @param amount the principal
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction disburseLoan(Money amount, String key) {
    return post(key, loansReceivable, customerDeposits, amount);
  }

  /**
   * A borrower repays principal from deposits: debit customer deposits, credit loans receivable.
   *
   * @param amount the principal repaid
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction repayLoan(Money amount, String key) {
    return post(key, customerDeposits, loansReceivable, amount);
  }

  /**
   * Accrues interest earned on loans: debit interest receivable, credit interest income.
   *
   * @param amount the interest
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction accrueLoanInterest(Money amount, String key) {
    return post(key, interestReceivable, interestIncome, amount);
  }

  /**
   * Accrues interest owed to depositors: debit interest expense, credit interest payable.
   *
   * @param amount the interest
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction accrueDepositInterest(Money amount, String key) {
    return post(key, interestExpense, interestPayable, amount);
  }

  /**
   * Charges a fee to a depositor: debit customer deposits, credit fee income.
   *
   * @param amount the fee
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction chargeFee(Money amount, String key) {
    return post(key, customerDeposits, feeIncome, amount);
  }

  /**
   * Writes off loan principal: debit loan loss expense, credit loans receivable.
   *
   * @param amount the principal written off
   * @param key    the idempotency key
   * @return the transaction
   */
  public Transaction writeOffLoan(Money amount, String key) {
    return post(key, loanLossExpense, loansReceivable, amount);
  }

  private static void notNull(@Nullable Object value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
  }
}
