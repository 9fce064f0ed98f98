package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.internal.EntryHashes;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.VerifyHashChainsJob;
import io.github.corebanking.ledger.spi.HashChainHead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hash chains: every entry carries the hash of its content chained to the account's entry before
 * it, every transaction the digest of its header and entries, whatever wrote them (postings, holds,
 * commits, voids, reversals, batches, imports), and verification walks the chains clean, from its
 * checkpoints on a second run.
 */
abstract class HashChainContract extends ContractSupport {

  HashChainContract(LedgerStoreContract contract) {
    super(contract);
  }

  /** Books one of every kind of posting on the book; returns the transactions booked, by key. */
  private Map<String, Transaction> bookEveryKind(Book b) {
    Map<String, Transaction> booked = new LinkedHashMap<>();
    tick();
    booked.put("p1", post("p1", b.cash(), b.capital(), usd("100.00")));
    tick();
    booked.put("p2", ledger.post(PostingRequest.builder().idempotencyKey("p2").description("Split")
        .debit(b.cash().id(), usd("7.00")).debit(b.cash().id(), usd("3.00")).credit(b.fees().id(), usd("10.00"))
        .metadata("channel", "branch").build()));
    tick();
    Transaction held = hold("h1", b.cash(), b.settlement(), usd("30.00"), null);
    booked.put("h1-pending", held);
    tick();
    booked.put("h1", ledger.commit(held.id(), usd("20.00")));
    tick();
    Transaction voided = hold("h2", b.cash(), b.settlement(), usd("5.00"), null);
    tick();
    booked.put("h2", ledger.voidPending(voided.id()));
    tick();
    booked.put("r1", ledger.reverse(booked.get("p1").id()));
    tick();
    List<Transaction> batch = ledger.postAll(List.of(transfer("b1", b.cash(), b.capital(), usd("1.00")),
        transfer("b2", b.cash(), b.capital(), usd("2.00")), transfer("b3", b.fees(), b.cash(), usd("0.50"))));
    for (Transaction t : batch) {
      booked.put(t.idempotencyKey(), t);
    }
    return booked;
  }

  private List<Entry> chain(AccountId id) {
    List<Entry> all = new ArrayList<>();
    long version = 0;
    int ordinal = Integer.MAX_VALUE;
    while (true) {
      List<Entry> page = store.hashChainEntries(id, version, ordinal, Long.MAX_VALUE, 3);
      all.addAll(page);
      if (page.size() < 3) {
        return all;
      }
      version = page.get(page.size() - 1).accountVersion();
      ordinal = page.get(page.size() - 1).ordinal();
    }
  }

  private HashChainHead head(AccountId id) {
    return store.hashChainHeads(null, 1_000).stream().filter(h -> h.accountId().equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void everyEntryChainsToTheEntryOfItsAccountBeforeIt() {
    Book b = openBook();
    bookEveryKind(b);

    for (Account account : List.of(b.cash(), b.capital(), b.fees(), b.settlement())) {
      List<Entry> chain = chain(account.id());
      assertThat(chain).as("chain of %s", account.code()).isNotEmpty();
      String link = EntryHashes.GENESIS;
      for (Entry e : chain) {
        assertThat(e.hash()).as("hash of entry %s of %s", e.id(), account.code())
            .isEqualTo(EntryHashes.entryHash(link, e));
        link = e.hash();
      }
      HashChainHead head = head(account.id());
      assertThat(head.lastEntryHash()).as("latest entry hash of %s", account.code()).isEqualTo(link);
      assertThat(head.version()).isEqualTo(ledger.balance(account.id()).version());
    }
  }

  @Test
  void theChainReadsInVersionThenOrdinalOrderAcrossPages() {
    Book b = openBook();
    bookEveryKind(b);

    List<Entry> chain = chain(b.cash().id());
    for (int i = 1; i < chain.size(); i++) {
      Entry before = chain.get(i - 1);
      Entry e = chain.get(i);
      assertThat(e.accountVersion() > before.accountVersion()
          || e.accountVersion() == before.accountVersion() && e.ordinal() > before.ordinal())
          .as("entry %d follows entry %d in chain order", i, i - 1).isTrue();
    }
    // p1, p2 (two lines), h1 pending, h1 posted, h2 pending, r1, b1, b2, b3.
    assertThat(chain).hasSize(10);
  }

  @Test
  void everyTransactionCarriesTheDigestOfItsHeaderAndEntries() {
    Book b = openBook();
    Map<String, Transaction> booked = bookEveryKind(b);

    for (Map.Entry<String, Transaction> t : booked.entrySet()) {
      Transaction stored = ledger.transaction(t.getValue().id()).orElseThrow();
      assertThat(stored.digest()).as("digest of %s", t.getKey()).isEqualTo(EntryHashes.transactionDigest(stored));
      if (!t.getKey().equals("h1-pending")) {
        assertThat(t.getValue().digest()).as("digest %s was answered with", t.getKey()).isEqualTo(stored.digest());
        assertThat(t.getValue().entries()).extracting(Entry::hash)
            .containsExactlyElementsOf(stored.entries().stream().map(Entry::hash).toList());
      }
    }
  }

  @Test
  void aCommitRenewsTheHoldsDigestOverAllItsEntriesAndAVoidKeepsIt() {
    Book b = openBook();
    Transaction held = hold("h", b.cash(), b.settlement(), usd("30.00"), null);
    Transaction other = hold("v", b.cash(), b.settlement(), usd("5.00"), null);
    tick();

    Transaction committed = ledger.commit(held.id(), usd("20.00"));
    Transaction voided = ledger.voidPending(other.id());

    assertThat(committed.entries()).hasSize(4);
    assertThat(committed.digest()).isNotEqualTo(held.digest())
        .isEqualTo(EntryHashes.transactionDigest(committed));
    assertThat(voided.status()).isEqualTo(TransactionStatus.VOIDED);
    assertThat(voided.digest()).isEqualTo(other.digest());
  }

  @Test
  void aReplayAnswersTheStoredHashesAndWritesNoLink() {
    Book b = openBook();
    Transaction first = post("k", b.cash(), b.capital(), usd("4.00"));
    String head = head(b.cash().id()).lastEntryHash();

    Transaction replay = post("k", b.cash(), b.capital(), usd("4.00"));

    assertThat(replay.replayed()).isTrue();
    assertThat(replay.digest()).isEqualTo(first.digest());
    assertThat(replay.entries()).extracting(Entry::hash)
        .containsExactlyElementsOf(first.entries().stream().map(Entry::hash).toList());
    assertThat(head(b.cash().id()).lastEntryHash()).isEqualTo(head).isEqualTo(first.entries().get(0).hash());
  }

  @Test
  void verificationFindsEveryKindOfPostingIntact() {
    Book b = openBook();
    bookEveryKind(b);
    long entries = ledger.accounts().stream().mapToLong(a -> chain(a.id()).size()).sum();

    HashChainReport report = ledger.verifyHashChains(true);

    assertThat(report.findings()).isEmpty();
    assertThat(report.entriesChecked()).isEqualTo(entries).isEqualTo(19);
    assertThat(report.transactionsChecked()).isEqualTo(8);
  }

  @Test
  void aSecondRunWalksOnlyTheEntriesBookedSinceTheFirst() {
    Book b = openBook();
    bookEveryKind(b);
    HashChainReport first = ledger.verifyHashChains(false);

    HashChainReport idle = ledger.verifyHashChains(false);
    tick();
    post("later", b.cash(), b.capital(), usd("1.00"));
    HashChainReport second = ledger.verifyHashChains(false);
    HashChainReport full = ledger.verifyHashChains(true);

    assertThat(first.entriesChecked()).isEqualTo(19);
    assertThat(idle.entriesChecked()).isZero();
    assertThat(second.entriesChecked()).isEqualTo(2);
    assertThat(second.findings()).isEmpty();
    assertThat(full.entriesChecked()).isEqualTo(21);
    assertThat(full.findings()).isEmpty();
  }

  @Test
  void importedHistoryIsChainedAndLivePostingsChainOnFromIt() {
    Book b = openBook();
    Instant t1 = Instant.parse("2025-03-01T10:00:00Z");
    ledger.importHistory(List.of(
        ImportContract.imported("i1", b.cash(), b.capital(), "10.00", t1),
        ImportContract.imported("i2", b.cash(), b.capital(), "5.00", t1.plusSeconds(60))));
    tick();
    Transaction live = post("live", b.cash(), b.capital(), usd("1.00"));

    List<Entry> chain = chain(b.cash().id());
    assertThat(chain).hasSize(3);
    assertThat(live.entries().get(0).hash()).isEqualTo(EntryHashes.entryHash(chain.get(1).hash(), chain.get(2)));
    assertThat(ledger.verifyHashChains(true).findings()).isEmpty();
  }

  @Test
  void theVerificationJobReportsIntactChainsInItsCounts() {
    Book b = openBook();
    post("p", b.cash(), b.capital(), usd("9.00"));

    JobResult result = new VerifyHashChainsJob(store, clock, true).run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("problems")).isZero();
    assertThat(result.count("entriesChecked")).isEqualTo(2);
    assertThat(result.count("transactionsChecked")).isEqualTo(1);
  }
}
