package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Ledger#transaction} and {@link Ledger#transactionByKey}. */
abstract class TransactionsContract extends ContractSupport {

  TransactionsContract(LedgerStoreContract contract) {
    super(contract);
  }

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
