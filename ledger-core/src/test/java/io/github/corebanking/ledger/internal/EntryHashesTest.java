package io.github.corebanking.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hash-chain format is pinned: stored chains are verified by every later release, so a change
 * of the encoding must be a new format version, never a silent edit. The pinned values were computed
 * apart from this code, from the format as {@link EntryHashes} documents it (Python's hashlib over
 * the documented byte layout).
 */
class EntryHashesTest {

  private static final TransactionId TX = new TransactionId(UUID.fromString("01890000-0000-7000-8000-000000000001"));
  private static final AccountId CASH = new AccountId(UUID.fromString("01890000-0000-7000-8000-0000000000c1"));
  private static final Instant AT = Instant.parse("2026-05-05T09:00:00.123456Z");

  private static Entry entry(long minor, Side side, long version) {
    return new Entry(new EntryId(UUID.fromString("01890000-0000-7000-8000-0000000000e1")), TX, 0, CASH, side,
        Money.ofMinor(minor, CurrencyUnit.USD), false, AT, Money.ofMinor(minor, CurrencyUnit.USD), version, null);
  }

  private static Transaction transaction(String description, List<Entry> entries) {
    return new Transaction(TX, "key-1", description, LocalDate.parse("2026-05-05"), AT, TransactionStatus.POSTED,
        entries, Map.of("b", "2", "a", "1"), null, null, null, false, null);
  }

  @Test
  void version1OfTheFormatGivesTheseHashes() {
    Entry e = entry(1_000, Side.DEBIT, 1);

    assertThat(EntryHashes.entryHash(null, e))
        .isEqualTo(EntryHashes.entryHash(EntryHashes.GENESIS, e))
        .isEqualTo(PINNED_ENTRY);
    assertThat(EntryHashes.transactionDigest(transaction("Deposit", List.of(e)))).isEqualTo(PINNED_DIGEST);
  }

  @Test
  void everyLinkAndFieldChangesTheHash() {
    Entry e = entry(1_000, Side.DEBIT, 1);
    String hash = EntryHashes.entryHash(null, e);

    assertThat(List.of(EntryHashes.entryHash("1".repeat(64), e), EntryHashes.entryHash(null, entry(1_001, Side.DEBIT, 1)),
        EntryHashes.entryHash(null, entry(1_000, Side.CREDIT, 1)), EntryHashes.entryHash(null, entry(1_000, Side.DEBIT, 2))))
        .doesNotContain(hash).doesNotHaveDuplicates();
    assertThat(EntryHashes.transactionDigest(transaction("Deposit!", List.of(e))))
        .isNotEqualTo(EntryHashes.transactionDigest(transaction("Deposit", List.of(e))));
    assertThat(EntryHashes.transactionDigest(transaction("Deposit", List.of())))
        .isNotEqualTo(EntryHashes.transactionDigest(transaction("Deposit", List.of(e))));
  }

  @Test
  void theHashAnEntryCarriesIsNotPartOfWhatItHashes() {
    Entry e = entry(1_000, Side.DEBIT, 1);

    assertThat(EntryHashes.entryHash(null, e.withHash("f".repeat(64)))).isEqualTo(EntryHashes.entryHash(null, e));
  }

  private static final String PINNED_ENTRY = "00610d0c4b36911e6c528b8e40e2316b5a9bafd1a068a6c8d358ac1b54d0456a";
  private static final String PINNED_DIGEST = "4a62074da468e1bf1010f7e4bb9f4bc1ee940d185ec9201913c751a2ff34be10";
}
