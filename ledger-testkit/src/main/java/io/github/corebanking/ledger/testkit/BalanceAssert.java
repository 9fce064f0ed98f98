package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an account's {@link Balance}; get one from
 * {@link LedgerAssertions#assertThat(Balance)} or {@link LedgerAssertions#assertThatAccount}.
 * Failure messages show all four counters.
 *
 * <pre>{@code
 * assertThat(ledger.balance(deposits.id()))
 *     .hasPosted(Money.of("100.00", USD))
 *     .hasPending(Money.of("-40.00", USD))
 *     .hasAvailable(Money.of("60.00", USD));
 * }</pre>
 */
public final class BalanceAssert extends AbstractAssert<BalanceAssert, Balance> {

  /**
   * Creates the assertion; use {@link LedgerAssertions#assertThat(Balance)}.
   *
   * @param actual the balance
   */
  BalanceAssert(Balance actual) {
    super(actual, BalanceAssert.class);
  }

  /**
   * Checks the posted balance on the account's normal side.
   *
   * @param expected the amount, negative when the balance is on the other side
   * @return this assertion
   */
  public BalanceAssert hasPosted(Money expected) {
    return check("posted", expected, actual == null ? null : actual.posted());
  }

  /**
   * Checks the pending balance on the account's normal side.
   *
   * @param expected the amount
   * @return this assertion
   */
  public BalanceAssert hasPending(Money expected) {
    return check("pending", expected, actual == null ? null : actual.pending());
  }

  /**
   * Checks the available balance: posted less the holds that reduce it.
   *
   * @param expected the amount
   * @return this assertion
   */
  public BalanceAssert hasAvailable(Money expected) {
    return check("available", expected, actual == null ? null : actual.available());
  }

  /**
   * Checks the account's version.
   *
   * @param expected the version
   * @return this assertion
   */
  public BalanceAssert hasVersion(long expected) {
    isNotNull();
    if (actual.version() != expected) {
      failWithMessage("Expecting account %s to be at version %s but was %s%n  %s", actual.accountId(), expected,
          actual.version(), counters(actual));
    }
    return this;
  }

  /**
   * Checks that posted and pending balances are both zero.
   *
   * @return this assertion
   */
  public BalanceAssert isZero() {
    isNotNull();
    if (!actual.posted().isZero() || !actual.pending().isZero()) {
      failWithMessage("Expecting account %s to have a zero balance but it has%n  %s", actual.accountId(),
          counters(actual));
    }
    return this;
  }

  private BalanceAssert check(String what, Money expected, Money value) {
    isNotNull();
    if (expected == null) {
      throw new InvalidRequestException("expected", null, "must not be null: give the expected " + what + " amount");
    }
    if (!expected.equals(value)) {
      failWithMessage("Expecting %s balance of account %s to be <%s> but was <%s>%n  %s", what, actual.accountId(),
          expected, value, counters(actual));
    }
    return this;
  }

  /**
   * @param b a balance
   * @return its counters and derived values on one line
   */
  static String counters(Balance b) {
    return "posted debits " + Money.ofMinor(b.postedDebits(), b.currency()).toPlainString()
        + ", posted credits " + Money.ofMinor(b.postedCredits(), b.currency()).toPlainString()
        + ", pending debits " + Money.ofMinor(b.pendingDebits(), b.currency()).toPlainString()
        + ", pending credits " + Money.ofMinor(b.pendingCredits(), b.currency()).toPlainString()
        + " (" + b.currency().code() + ", normal side " + b.normalSide() + ", version " + b.version() + ")";
  }
}
