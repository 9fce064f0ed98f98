package io.github.corebanking.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Request hashes are pinned: each store keeps them beside the idempotency keys, so a retry of a
 * request booked by an earlier release must hash the same or it would be refused as a conflict. The
 * pinned values were computed by the release that introduced the format (a text joined with unit
 * separators, SHA-256 over its UTF-8).
 */
class RequestHashTest {

  private static final AccountId X = new AccountId(UUID.fromString("0190d7a2-6c1e-7b3a-9f00-000000000001"));
  private static final AccountId Y = new AccountId(UUID.fromString("0190d7a2-6c1e-7b3a-9f00-0000000000ff"));

  private static PostingRequest plain() {
    return PostingRequest.builder().idempotencyKey("p1").description("transfer")
        .debit(X, Money.ofMinor(1234, CurrencyUnit.USD)).credit(Y, Money.ofMinor(1234, CurrencyUnit.USD)).build();
  }

  @Test
  void aPlainTransferHashesAsPinned() {
    assertThat(RequestHash.of(plain())).isEqualTo("8c4eba95291e88cab0edf911a86d0ca6972863633e8a47c66a1dd80ac5aeaf40");
  }

  @Test
  void aHeldRequestWithNonAsciiTextDateExpiryAndMetadataHashesAsPinned() {
    CurrencyUnit eur = CurrencyUnit.of("EUR");
    PostingRequest rich = PostingRequest.builder().idempotencyKey("clé-€-1")
        .description("Überweisung 東京 \uD83D\uDE00\tline").effectiveDate(LocalDate.parse("2026-01-31"))
        .pending(Instant.parse("2026-02-01T10:15:30.123456Z")).debit(X, Money.ofMinor(5, eur))
        .credit(Y, Money.ofMinor(5, eur)).metadata("z", "last").metadata("a", "première").build();
    assertThat(RequestHash.of(rich)).isEqualTo("a3eccd01f3c8604616cbbebe3d2cb67ec3908575deeb843d9995c74e3cf7f5ac");
  }

  @Test
  void anImportAndAReversalHashAsPinned() {
    assertThat(RequestHash.ofImport(plain(), Instant.parse("2025-03-01T00:00:00Z")))
        .isEqualTo("3bf2512d00ba7bbc11b419cb148d42b704e17ae6da4896fc122f54f8ded00496");
    assertThat(RequestHash.ofReversal(new TransactionId(UUID.fromString("0190d7a2-6c1e-7b3a-9f00-00000000abcd")),
        "reversal:k", "Reversal")).isEqualTo("a9ff4ccb77f21d3e771103518e934a06c912a06e60142fcd2839980956ec14ab");
  }
}
