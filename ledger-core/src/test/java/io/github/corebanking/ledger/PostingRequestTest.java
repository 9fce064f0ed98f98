package io.github.corebanking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostingRequestTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private final AccountId cash = AccountId.of(UUID.randomUUID());
  private final AccountId deposits = AccountId.of(UUID.randomUUID());
  private final AccountId eurCash = AccountId.of(UUID.randomUUID());
  private final AccountId eurDeposits = AccountId.of(UUID.randomUUID());

  private PostingRequest.Builder transfer(String amount) {
    return PostingRequest.builder().idempotencyKey("k-1").description("deposit")
        .debit(cash, Money.of(amount, USD)).credit(deposits, Money.of(amount, USD));
  }

  @Test
  void aBalancedRequestKeepsItsLinesInOrder() {
    PostingRequest r = transfer("10.00").metadata("channel", "atm").build();
    assertThat(r.entries()).extracting(EntryRequest::side).containsExactly(Side.DEBIT, Side.CREDIT);
    assertThat(r.pending()).isFalse();
    assertThat(r.effectiveDate()).isNull();
    assertThat(r.metadata()).containsExactly(Map.entry("channel", "atm"));
  }

  @Test
  void fewerThanTwoEntriesIsRejected() {
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k").debit(cash, Money.of("1.00", USD)).build())
        .isInstanceOf(UnbalancedTransactionException.class)
        .hasMessage("entries '1 entries' must have at least two entries");
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k").build())
        .isInstanceOf(UnbalancedTransactionException.class)
        .hasMessageContaining("'0 entries'");
  }

  @Test
  void debitsThatDoNotEqualCreditsAreRejectedNamingTheCurrency() {
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k")
        .debit(cash, Money.of("10.00", USD)).credit(deposits, Money.of("9.99", USD)).build())
        .isInstanceOf(UnbalancedTransactionException.class)
        .hasMessage("entries 'USD' debits 10.00 do not equal credits 9.99");
  }

  @Test
  void eachCurrencyMustBalanceOnItsOwn() {
    // Ten dollars against ten euros is two unbalanced currencies, not one balanced transaction.
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k")
        .debit(cash, Money.of("10.00", USD)).credit(eurDeposits, Money.of("10.00", EUR)).build())
        .isInstanceOf(UnbalancedTransactionException.class)
        .hasMessageContaining("entries 'EUR'");
    PostingRequest fx = PostingRequest.builder().idempotencyKey("fx")
        .debit(cash, Money.of("10.00", USD)).credit(deposits, Money.of("10.00", USD))
        .debit(eurCash, Money.of("9.00", EUR)).credit(eurDeposits, Money.of("9.00", EUR)).build();
    assertThat(fx.entries()).hasSize(4);
  }

  @Test
  void zeroAndNegativeAmountsAreRejected() {
    assertThatThrownBy(() -> transfer("0.00").build())
        .isInstanceOf(InvalidAmountException.class)
        .hasMessage("entry.amount '0.00 USD' must be greater than zero");
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k")
        .debit(cash, Money.of("-5.00", USD)).credit(deposits, Money.of("-5.00", USD)))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("'-5.00 USD'");
  }

  @Test
  void anOverLongIdempotencyKeyIsRejected() {
    String key = "k".repeat(129);
    assertThatThrownBy(() -> transfer("1.00").idempotencyKey(key).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("idempotencyKey '" + "k".repeat(37) + "...' is longer than 128 characters");
    assertThat(transfer("1.00").idempotencyKey("k".repeat(128)).build().idempotencyKey()).hasSize(128);
  }

  @Test
  void aMissingOrBlankKeyIsRejected() {
    assertThatThrownBy(() -> PostingRequest.builder().debit(cash, Money.of("1.00", USD))
        .credit(deposits, Money.of("1.00", USD)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("idempotencyKey null must not be null");
    assertThatThrownBy(() -> transfer("1.00").idempotencyKey("  ").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("idempotencyKey '  ' must not be blank");
  }

  @Test
  void nullPartsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> transfer("1.00").description(null).build())
        .isInstanceOf(InvalidRequestException.class).hasMessage("description null must not be null");
    assertThatThrownBy(() -> new PostingRequest("k", "d", null, null, false, null, Map.of()))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entries null must not be null");
    List<EntryRequest> withNull = new ArrayList<>(Arrays.asList(
        EntryRequest.debit(cash, Money.of("1.00", USD)), null, EntryRequest.credit(deposits, Money.of("1.00", USD))));
    assertThatThrownBy(() -> new PostingRequest("k", "d", null, withNull, false, null, Map.of()))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entries[1] null must not be null");
    assertThatThrownBy(() -> transfer("1.00").entry(null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entries[2] null must not be null");
    assertThatThrownBy(() -> new EntryRequest(null, Side.DEBIT, Money.of("1.00", USD)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entry.accountId null must not be null");
    assertThatThrownBy(() -> new EntryRequest(cash, null, Money.of("1.00", USD)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entry.side null must not be null");
    assertThatThrownBy(() -> new EntryRequest(cash, Side.DEBIT, null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("entry.amount null must not be null");
  }

  @Test
  void anOverLongDescriptionIsRejected() {
    assertThatThrownBy(() -> transfer("1.00").description("d".repeat(501)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("description")
        .hasMessageContaining("is longer than 500 characters");
  }

  @Test
  void anExpiryNeedsAPendingRequest() {
    Instant expiry = Instant.parse("2026-02-01T00:00:00Z");
    assertThatThrownBy(() -> new PostingRequest("k", "d", null, transfer("1.00").build().entries(), false, expiry,
        Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("expiresAt '2026-02-01T00:00:00Z' is only allowed on a pending request");
    PostingRequest hold = transfer("1.00").pending(expiry).build();
    assertThat(hold.pending()).isTrue();
    assertThat(hold.expiresAt()).isEqualTo(expiry);
  }

  @Test
  void badMetadataIsRejected() {
    assertThatThrownBy(() -> transfer("1.00").metadata("bad key", "v").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("metadata key 'bad key'");
    assertThatThrownBy(() -> transfer("1.00").metadata("k", "v".repeat(1025)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("metadata[k]");
  }

  @Test
  void theValueDateIsKept() {
    LocalDate date = LocalDate.of(2026, 1, 31);
    assertThat(transfer("1.00").effectiveDate(date).build().effectiveDate()).isEqualTo(date);
  }

  @Test
  void totalsThatOverflowAreRejectedNamingTheEntry() {
    Money huge = Money.ofMinor(Long.MAX_VALUE, USD);
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("k")
        .debit(cash, huge).debit(cash, huge).credit(deposits, huge).credit(deposits, huge).build())
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("entries[1].amount")
        .hasMessageContaining("debit total overflow");
  }

  @Test
  void anAccountOnBothSidesOfOneRequestIsRejected() {
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("self").debit(cash, Money.of("1.00", USD))
        .credit(cash, Money.of("1.00", USD)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "entries[1].accountId")
        .hasMessageContaining(cash.toString());
    assertThatThrownBy(() -> PostingRequest.builder().idempotencyKey("self").debit(cash, Money.of("2.00", USD))
        .credit(deposits, Money.of("1.00", USD)).credit(cash, Money.of("1.00", USD)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "entries[2].accountId");
    PostingRequest split = PostingRequest.builder().idempotencyKey("split").debit(cash, Money.of("1.00", USD))
        .debit(cash, Money.of("1.00", USD)).credit(deposits, Money.of("2.00", USD)).build();
    assertThat(split.entries()).hasSize(3);
  }

  @Test
  void valueDatesAndExpiriesOutsideTheSupportedRangeAreRejected() {
    for (LocalDate bad : new LocalDate[] {LocalDate.MIN, LocalDate.MAX, LocalDate.of(10000, 1, 1)}) {
      assertThatThrownBy(() -> transfer("1.00").effectiveDate(bad).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "effectiveDate");
    }
    assertThat(transfer("1.00").effectiveDate(LocalDate.of(9999, 12, 31)).build().effectiveDate())
        .isEqualTo(Limits.MAX_DATE);
    for (Instant bad : new Instant[] {Instant.MIN, Instant.MAX}) {
      assertThatThrownBy(() -> transfer("1.00").pending(bad).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "expiresAt");
    }
  }

  @Test
  void hostileTextIsRejectedNamingTheFieldWithTheValueEscaped() {
    assertThatThrownBy(() -> transfer("1.00").idempotencyKey("k\n1").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "idempotencyKey")
        .hasMessageContaining("k\\u000A1");
    assertThatThrownBy(() -> transfer("1.00").description("d\u0000").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "description")
        .hasMessageContaining("d\\u0000");
    assertThatThrownBy(() -> transfer("1.00").metadata("channel", "\ud800").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "metadata[channel]");
  }
}
