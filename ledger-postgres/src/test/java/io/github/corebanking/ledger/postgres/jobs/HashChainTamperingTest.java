package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.HashChainFinding;
import io.github.corebanking.ledger.HashChainFinding.Kind;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tampering as the schema's owner, with the append-only triggers bypassed
 * ({@code session_replication_role = replica}): an entry edited, one inserted, one deleted from the
 * middle of a chain and one from its end, and a transaction's header edited, each on accounts of
 * its own. Verification names every one by id; the integrity job counts them among its problems.
 */
class HashChainTamperingTest {

  private static JobsDatabase db;
  private static Account equity;
  private static Account edited;
  private static Account inserted;
  private static Account deleted;
  private static Account deletedAtEnd;
  private static Account header;
  private static Transaction editedTx;
  private static Transaction insertedInto;
  private static Transaction deletedTx;
  private static Transaction afterDeleted;
  private static Transaction lastTx;
  private static Transaction headerTx;
  private static Transaction headerLast;
  private static Transaction beforeLast;
  private static UUID insertedId;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("chain_tamper", Instant.parse("2031-03-01T09:00:00Z"));
    equity = db.open("3000", AccountType.EQUITY);
    edited = db.open("1001", AccountType.ASSET);
    inserted = db.open("1002", AccountType.ASSET);
    deleted = db.open("1003", AccountType.ASSET);
    deletedAtEnd = db.open("1004", AccountType.ASSET);
    header = db.open("1005", AccountType.ASSET);
    Transaction[][] booked = new Transaction[5][3];
    Account[] victims = {edited, inserted, deleted, deletedAtEnd, header};
    for (int i = 0; i < 3; i++) {
      for (int a = 0; a < victims.length; a++) {
        db.clock.advance(java.time.Duration.ofMinutes(1));
        booked[a][i] = db.transfer(victims[a], equity, 100 + i);
      }
    }
    editedTx = booked[0][1];
    insertedInto = booked[1][1];
    deletedTx = booked[2][1];
    afterDeleted = booked[2][2];
    lastTx = booked[3][2];
    headerTx = booked[4][1];
    headerLast = booked[4][2];
    beforeLast = booked[3][1];
    HashChainReport clean = db.ledger.verifyHashChains(true);
    assertThat(clean.findings()).as("intact before the tampering").isEmpty();
    assertThat(clean.entriesChecked()).isEqualTo(30);

    insertedId = UUID.randomUUID();
    asOwnerBypassingTriggers(h -> {
      h.createUpdate("UPDATE <schema>.entries SET amount = amount + 1 WHERE id = :id")
          .bind("id", debit(editedTx).id().value()).execute();
      Entry model = debit(insertedInto);
      h.createUpdate("""
          INSERT INTO <schema>.entries (id, transaction_id, ordinal, account_id, side, amount, currency,
                                        currency_scale, pending, posted_at, balance_after, account_version,
                                        value_date, hash)
          SELECT :id, transaction_id, 7, account_id, side, 5, currency, currency_scale, pending, posted_at,
                 balance_after, account_version, value_date, sha256('forged'::bytea)
            FROM <schema>.entries WHERE id = :model
          """).bind("id", insertedId).bind("model", model.id().value()).execute();
      h.createUpdate("DELETE FROM <schema>.entries WHERE id = :id").bind("id", debit(deletedTx).id().value())
          .execute();
      h.createUpdate("DELETE FROM <schema>.entries WHERE id = :id").bind("id", debit(lastTx).id().value())
          .execute();
      h.createUpdate("UPDATE <schema>.transactions SET description = 'rewritten' WHERE id = :id")
          .bind("id", headerTx.id().value()).execute();
    });
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static void asOwnerBypassingTriggers(Consumer<Handle> work) {
    db.sql.useTransaction(h -> {
      h.execute("SET LOCAL session_replication_role = replica");
      work.accept(h);
    });
  }

  private static Entry debit(Transaction t) {
    return t.entries().stream().filter(e -> e.side() == io.github.corebanking.ledger.Side.DEBIT).findFirst()
        .orElseThrow();
  }

  /** The findings of an account's chain that name entries. */
  private static List<HashChainFinding> of(HashChainReport report, Account account) {
    return report.findings().stream()
        .filter(f -> f.accountId().equals(account.id()) && f.kind() != Kind.TRANSACTION_DIGEST_MISMATCH).toList();
  }

  /** The transactions whose digests do not match (each reported once, on the chain it was met in first). */
  private static List<TransactionId> digests(HashChainReport report) {
    return report.findings().stream().filter(f -> f.kind() == Kind.TRANSACTION_DIGEST_MISMATCH)
        .map(HashChainFinding::transactionId).toList();
  }

  @Test
  void anEditedEntryIsNamedWithItsTransaction() {
    HashChainReport report = db.ledger.verifyHashChains(true);

    assertThat(of(report, edited)).extracting(HashChainFinding::kind, HashChainFinding::entryId,
        HashChainFinding::transactionId).containsExactly(tuple(Kind.ENTRY_EDITED, debit(editedTx).id(), editedTx.id()));
    assertThat(digests(report)).contains(editedTx.id());
  }

  @Test
  void anInsertedEntryIsNamedAndTheChainAroundItStaysIntact() {
    HashChainReport report = db.ledger.verifyHashChains(true);

    assertThat(of(report, inserted)).extracting(HashChainFinding::kind, HashChainFinding::entryId,
        HashChainFinding::transactionId).containsExactly(
            tuple(Kind.ENTRY_INSERTED, EntryId.of(insertedId), insertedInto.id()));
    assertThat(digests(report)).contains(insertedInto.id());
  }

  @Test
  void aDeletedEntryIsFoundByTheEntryAfterItAndItsTransaction() {
    HashChainReport report = db.ledger.verifyHashChains(true);

    assertThat(of(report, deleted)).extracting(HashChainFinding::kind, HashChainFinding::entryId,
        HashChainFinding::transactionId).containsExactly(
            tuple(Kind.ENTRY_MISSING, debit(afterDeleted).id(), afterDeleted.id()));
    assertThat(digests(report)).contains(deletedTx.id()).doesNotContain(afterDeleted.id());
  }

  @Test
  void entriesDeletedAtTheEndOfAChainAreFoundByTheAccountsLatestHash() {
    HashChainReport report = db.ledger.verifyHashChains(true);

    // Named by the account and the last entry that survives: the one of the posting before the deleted one.
    assertThat(of(report, deletedAtEnd)).extracting(HashChainFinding::kind, HashChainFinding::entryId,
        HashChainFinding::transactionId).containsExactly(
            tuple(Kind.ENTRIES_MISSING_AT_END, debit(beforeLast).id(), beforeLast.id()));
    assertThat(digests(report)).contains(lastTx.id()).doesNotContain(beforeLast.id());
  }

  @Test
  void anEditedTransactionHeaderBreaksItsDigestAndNoEntry() {
    HashChainReport report = db.ledger.verifyHashChains(true);

    assertThat(of(report, header)).isEmpty();
    assertThat(report.findings()).filteredOn(f -> headerTx.id().equals(f.transactionId()))
        .extracting(HashChainFinding::kind).containsExactly(Kind.TRANSACTION_DIGEST_MISMATCH);
    assertThat(of(report, equity)).as("the untouched legs of every transaction").isEmpty();
    assertThat(digests(report)).containsExactlyInAnyOrder(editedTx.id(), insertedInto.id(), deletedTx.id(),
        lastTx.id(), headerTx.id());
  }

  @Test
  void theIntegrityJobVerifiesTheChainsFromTheirCheckpointsAndCountsTheFindingsAmongItsProblems() {
    try (JobsDatabase own = new JobsDatabase("chain_integrity", Instant.parse("2031-03-01T09:00:00Z"))) {
      Account a = own.open("1200", AccountType.ASSET);
      Account e = own.open("3200", AccountType.EQUITY);
      own.transfer(a, e, 10);
      assertThat(own.jobs.integrityCheck().run().count("hashChainEntriesChecked")).isEqualTo(2);
      own.clock.advance(java.time.Duration.ofMinutes(1));
      Transaction later = own.transfer(a, e, 20);
      own.sql.useTransaction(h -> {
        h.execute("SET LOCAL session_replication_role = replica");
        h.createUpdate("UPDATE <schema>.entries SET amount = amount + 1 WHERE id = :id")
            .bind("id", debit(later).id().value()).execute();
      });
      IntegrityCheckJob check = own.jobs.integrityCheck();

      JobResult result = check.run();

      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(result.count("hashChainEntriesChecked")).isEqualTo(2);
      assertThat(result.count("hashChainFindings")).isEqualTo(2);
      assertThat(result.count("problems")).isEqualTo(check.lastFindings().orElseThrow().problems() + 2);
      assertThat(result.message()).contains("ENTRY_EDITED " + debit(later).id().value());
      assertThat(check.lastHashChainReport().orElseThrow().findings()).extracting(HashChainFinding::kind)
          .containsExactlyInAnyOrder(Kind.ENTRY_EDITED, Kind.TRANSACTION_DIGEST_MISMATCH);
    }
  }

  @Test
  void theVerificationJobNamesTheRowsAndAlertsOnFindings() {
    JobResult result = db.jobs.verifyHashChains(true).run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("problems")).isEqualTo(9);
    assertThat(result.count("entriesEdited")).isEqualTo(1);
    assertThat(result.count("entriesInserted")).isEqualTo(1);
    assertThat(result.count("entriesMissing")).isEqualTo(1);
    assertThat(result.count("accountsMissingEntriesAtEnd")).isEqualTo(1);
    assertThat(result.count("transactionDigestMismatches")).isEqualTo(5);
  }

  @Test
  void anIncrementalRunWalksFromItsCheckpointAndAFullRunFindsWhatItSkipped() {
    try (JobsDatabase own = new JobsDatabase("chain_incremental", Instant.parse("2031-03-01T09:00:00Z"))) {
      Account a = own.open("1100", AccountType.ASSET);
      Account e = own.open("3100", AccountType.EQUITY);
      Transaction before = own.transfer(a, e, 10);
      assertThat(own.ledger.verifyHashChains(false).findings()).isEmpty();
      own.clock.advance(java.time.Duration.ofMinutes(1));
      Transaction after = own.transfer(a, e, 20);
      own.sql.useTransaction(h -> {
        h.execute("SET LOCAL session_replication_role = replica");
        for (Transaction t : List.of(before, after)) {
          h.createUpdate("UPDATE <schema>.entries SET amount = amount + 1 WHERE id = :id")
              .bind("id", debit(t).id().value()).execute();
        }
      });

      HashChainReport incremental = own.ledger.verifyHashChains(false);
      HashChainReport full = own.ledger.verifyHashChains(true);

      // The checkpoint covers the first posting: only the second is walked, and found.
      assertThat(incremental.entriesChecked()).isEqualTo(2);
      assertThat(of(incremental, a)).extracting(HashChainFinding::kind, HashChainFinding::entryId)
          .containsExactly(tuple(Kind.ENTRY_EDITED, debit(after).id()));
      assertThat(digests(incremental)).containsExactly(after.id());
      assertThat(of(full, a)).extracting(HashChainFinding::kind, HashChainFinding::entryId)
          .containsExactly(tuple(Kind.ENTRY_EDITED, debit(before).id()), tuple(Kind.ENTRY_EDITED, debit(after).id()));
      assertThat(digests(full)).containsExactlyInAnyOrder(before.id(), after.id());
      // An account with findings keeps its checkpoint: the next incremental run reports them again.
      assertThat(of(own.ledger.verifyHashChains(false), a)).hasSize(1);
    }
  }

  @Test
  void theAccountRowKeepsTheHashOfItsLatestEntry() {
    String stored = db.sql.withHandle(h -> h.createQuery(
        "SELECT encode(last_entry_hash, 'hex') FROM <schema>.accounts WHERE id = :id")
        .bind("id", header.id().value()).mapTo(String.class).one());

    assertThat(stored).isEqualTo(debit(headerLast).hash());
  }
}
