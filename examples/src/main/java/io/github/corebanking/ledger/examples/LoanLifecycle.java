package io.github.corebanking.ledger.examples;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TrialBalance;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A loan's life in the ledger: open a chart of accounts, disburse a loan, accrue interest, take a
 * repayment, hold and release funds, reverse a mistaken posting, then print the balances and a
 * trial balance that balances.
 *
 * <p>Runs in memory by default. With {@code LEDGER_JDBC_URL} set (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}) it runs on PostgreSQL in a fresh schema,
 * and with {@code LEDGER_REDIS_URL} set (for example {@code redis://127.0.0.1:6379}) balances are
 * read through the Redis cache. Exits with status 1 if the books do not balance.
 */
public final class LoanLifecycle {

  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private LoanLifecycle() {}

  /**
   * Runs the example.
   *
   * @param args ignored; configuration comes from the environment
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    try (ExampleLedger example = ExampleLedger.fromEnvironment(System.getenv())) {
      out.println("Ledger on " + example.description());
      boolean balanced = run(example.ledger(), out);
      if (!balanced) {
        System.exit(1);
      }
    }
  }

  /**
   * The lifecycle itself, on any ledger.
   *
   * @param ledger the ledger
   * @param out    where to print
   * @return whether the final trial balance balances
   */
  public static boolean run(Ledger ledger, PrintStream out) {
    Account cash = open(ledger, "1000", "Cash at central bank", AccountType.ASSET, false);
    Account loans = open(ledger, "1200", "Loans receivable", AccountType.ASSET, false);
    Account interestReceivable = open(ledger, "1210", "Interest receivable", AccountType.ASSET, false);
    Account deposits = open(ledger, "2100", "Customer deposits: Ada Lovelace", AccountType.LIABILITY, true);
    Account settlement = open(ledger, "2300", "Card settlement", AccountType.LIABILITY, false);
    Account equity = open(ledger, "3000", "Share capital", AccountType.EQUITY, false);
    Account interestIncome = open(ledger, "4000", "Interest income", AccountType.REVENUE, false);
    Account feeIncome = open(ledger, "4100", "Fee income", AccountType.REVENUE, false);

    book(ledger, out, PostingRequest.builder().idempotencyKey("capital-2026-01").description("Share capital paid in")
        .debit(cash.id(), usd("1000000.00")).credit(equity.id(), usd("1000000.00")).build());

    book(ledger, out, PostingRequest.builder().idempotencyKey("loan-L42/disbursement")
        .description("Disburse loan L42 to the borrower's deposit account").metadata("loanId", "L42")
        .debit(loans.id(), usd("10000.00")).credit(deposits.id(), usd("10000.00")).build());

    book(ledger, out, PostingRequest.builder().idempotencyKey("loan-L42/interest/2026-02")
        .description("Accrue February interest on loan L42").metadata("loanId", "L42")
        .debit(interestReceivable.id(), usd("83.33")).credit(interestIncome.id(), usd("83.33")).build());

    book(ledger, out, PostingRequest.builder().idempotencyKey("loan-L42/repayment/1")
        .description("First installment of loan L42: interest first, then principal").metadata("loanId", "L42")
        .debit(deposits.id(), usd("856.07"))
        .credit(interestReceivable.id(), usd("83.33"))
        .credit(loans.id(), usd("772.74")).build());

    Transaction hold = book(ledger, out, PostingRequest.builder().idempotencyKey("card-auth-9001")
        .description("Card authorization, hotel deposit").pending()
        .debit(deposits.id(), usd("300.00")).credit(settlement.id(), usd("300.00")).build());
    out.printf(Locale.ROOT, "  available after the hold: %s (posted %s)%n",
        ledger.balance(deposits.id()).available(), ledger.balance(deposits.id()).posted());
    Transaction released = ledger.voidPending(hold.id());
    out.printf(Locale.ROOT, "Hold %s released: %s%n", hold.idempotencyKey(), released.status());

    Transaction grocery = book(ledger, out, PostingRequest.builder().idempotencyKey("card-auth-9002")
        .description("Card authorization, groceries").pending()
        .debit(deposits.id(), usd("120.00")).credit(settlement.id(), usd("120.00")).build());
    Transaction captured = ledger.commit(grocery.id(), usd("112.40"));
    out.printf(Locale.ROOT, "Hold %s captured for %s: %s%n", grocery.idempotencyKey(), usd("112.40"), captured.status());

    Transaction mistaken = book(ledger, out, PostingRequest.builder().idempotencyKey("fee-2026-02-L42")
        .description("Late fee charged by mistake").metadata("loanId", "L42")
        .debit(deposits.id(), usd("25.00")).credit(feeIncome.id(), usd("25.00")).build());
    Transaction reversal = ledger.reverse(mistaken.id());
    out.printf(Locale.ROOT, "Reversed %s with %s%n", mistaken.idempotencyKey(), reversal.idempotencyKey());

    Transaction replay = ledger.post(PostingRequest.builder().idempotencyKey("loan-L42/repayment/1")
        .description("First installment of loan L42: interest first, then principal").metadata("loanId", "L42")
        .debit(deposits.id(), usd("856.07"))
        .credit(interestReceivable.id(), usd("83.33"))
        .credit(loans.id(), usd("772.74")).build());
    out.printf(Locale.ROOT, "Repeated request %s returned the original (replayed=%s)%n",
        replay.idempotencyKey(), replay.replayed());

    out.println();
    out.println("Balances");
    for (Account a : ledger.accounts()) {
      Balance b = ledger.balance(a.id());
      out.printf(Locale.ROOT, "  %-6s %-36s %-9s posted %14s  available %14s%n", a.code(), a.name(), a.type(),
          b.posted().toPlainString(), b.available().toPlainString());
    }

    TrialBalance tb = ledger.trialBalance();
    out.println();
    out.println("Trial balance as of " + tb.asOf());
    for (TrialBalance.Line line : tb.lines()) {
      out.printf(Locale.ROOT, "  %-6s %-36s %14s %14s%n", line.code(), line.name(),
          line.debit().isZero() ? "" : line.debit().toPlainString(),
          line.credit().isZero() ? "" : line.credit().toPlainString());
    }
    for (TrialBalance.CurrencyTotal total : tb.totals()) {
      out.printf(Locale.ROOT, "  %-43s %14s %14s%n", "Total " + total.currency().code(),
          total.debits().toPlainString(), total.credits().toPlainString());
    }
    boolean ok = tb.balanced() && ledger.checkIntegrity().ok();
    out.println(ok ? "The books balance." : "THE BOOKS DO NOT BALANCE.");
    return ok;
  }

  private static Account open(Ledger ledger, String code, String name, AccountType type, boolean noOverdraft) {
    return ledger.openAccount(NewAccount.builder().code(code).name(name).type(type).currency(USD)
        .debitsMustNotExceedCredits(noOverdraft).build());
  }

  private static Transaction book(Ledger ledger, PrintStream out, PostingRequest request) {
    Transaction t = ledger.post(request);
    out.printf(Locale.ROOT, "%-8s %-28s %s%n", t.status(), t.idempotencyKey(), t.description());
    return t;
  }

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }
}
