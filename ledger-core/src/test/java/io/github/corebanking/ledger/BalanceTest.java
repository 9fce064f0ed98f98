package io.github.corebanking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BalanceTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private final AccountId id = AccountId.of(UUID.randomUUID());

  private static Money usd(long minor) {
    return Money.ofMinor(minor, USD);
  }

  @Test
  void aDebitNormalAccountReadsDebitsLessCredits() {
    // A loan book: 100 lent, 30 repaid; a pending disbursement of 20 and a pending repayment of 15.
    Balance b = new Balance(id, USD, Side.DEBIT, 100, 30, 20, 15, 4);
    assertThat(b.posted()).isEqualTo(usd(70));
    assertThat(b.pending()).isEqualTo(usd(5));
    // The pending credit (a hold against the asset) reduces what is available; the pending debit does not add.
    assertThat(b.available()).isEqualTo(usd(55));
    assertThat(b.debitsPosted()).isEqualTo(usd(100));
    assertThat(b.creditsPosted()).isEqualTo(usd(30));
  }

  @Test
  void aCreditNormalAccountReadsCreditsLessDebits() {
    // A deposit: 100 paid in, 30 withdrawn; a card hold of 20 and an incoming transfer of 40 still pending.
    Balance b = new Balance(id, USD, Side.CREDIT, 30, 100, 20, 40, 6);
    assertThat(b.posted()).isEqualTo(usd(70));
    assertThat(b.pending()).isEqualTo(usd(20));
    assertThat(b.available()).isEqualTo(usd(50));
  }

  @Test
  void aBalanceOnTheOppositeSideIsNegative() {
    Balance overdrawn = new Balance(id, USD, Side.CREDIT, 130, 100, 0, 0, 2);
    assertThat(overdrawn.posted()).isEqualTo(usd(-30));
    assertThat(overdrawn.available()).isEqualTo(usd(-30));
  }

  @Test
  void aNewAccountStartsAtZeroOnItsNormalSide() {
    Account liability = new Account(id, "2100", "Customer deposits", AccountType.LIABILITY, USD, AccountStatus.OPEN,
        true, false, Map.of(), Instant.parse("2026-01-31T10:00:00Z"));
    Balance zero = Balance.zero(liability);
    assertThat(zero.normalSide()).isEqualTo(Side.CREDIT);
    assertThat(zero.version()).isZero();
    assertThat(zero.posted()).isEqualTo(usd(0));
    assertThat(zero.pending()).isEqualTo(usd(0));
    assertThat(zero.available()).isEqualTo(usd(0));
  }

  @Test
  void countersAndVersionCannotBeNegative() {
    assertThatThrownBy(() -> new Balance(id, USD, Side.DEBIT, -1, 0, 0, 0, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("counters must not be negative");
    assertThatThrownBy(() -> new Balance(id, USD, Side.DEBIT, 0, 0, 0, -1, 0))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new Balance(id, USD, Side.DEBIT, 0, 0, 0, 0, -1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("balance.version '-1' must not be negative");
    assertThatThrownBy(() -> new Balance(id, null, Side.DEBIT, 0, 0, 0, 0, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("balance.currency null must not be null");
  }

  @Test
  void extremeCountersStillDerive() {
    Balance b = new Balance(id, USD, Side.DEBIT, Long.MAX_VALUE, 0, 0, 0, 1);
    assertThat(b.posted()).isEqualTo(usd(Long.MAX_VALUE));
    Balance credit = new Balance(id, USD, Side.CREDIT, Long.MAX_VALUE, 0, 0, 0, 1);
    assertThat(credit.posted()).isEqualTo(usd(-Long.MAX_VALUE));
  }
}
