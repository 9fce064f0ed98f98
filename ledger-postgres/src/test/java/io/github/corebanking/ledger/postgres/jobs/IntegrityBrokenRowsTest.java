package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.IntegrityFindings.SnapshotKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damage the ledger never writes, planted by hand as the schema's owner (entries cannot be
 * removed, hence a schema of its own), each kind on accounts of its own; the store's check
 * ({@code Ledger.checkIntegrity}) and the integrity job report every kind the same, and the job
 * adds the snapshots.
 */
class IntegrityBrokenRowsTest {

  private static final OffsetDateTime AT = OffsetDateTime.of(2031, 2, 1, 10, 0, 0, 0, ZoneOffset.UTC);
  private static final LocalDate DAY = LocalDate.parse("2031-01-31");

  private static JobsDatabase db;
  private static Account unbalancedAccount;
  private static Account orphanAccount;
  private static Account counterAccount;
  private static Account snapshotAccount;
  private static UUID orphan;
  private static UUID oneLegged;
  private static UUID empty;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_broken", Instant.parse("2031-01-31T09:00:00Z"));
    Account equity = db.open("3000", AccountType.EQUITY);
    unbalancedAccount = db.open("1001", AccountType.ASSET);
    orphanAccount = db.open("1002", AccountType.ASSET);
    counterAccount = db.open("1003", AccountType.ASSET);
    snapshotAccount = db.open("1004", AccountType.ASSET);
    for (Account a : new Account[] {unbalancedAccount, orphanAccount, counterAccount, snapshotAccount}) {
      db.transfer(a, equity, 900);
    }
    db.clock.set(Instant.parse("2031-02-01T11:00:00Z"));
    assertThat(db.jobs.ensurePartitions().run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.jobs.dailyBalanceSnapshot(DAY).run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.ledger.checkIntegrity().ok()).as("clean before the damage").isTrue();
    assertThat(db.jobs.integrityCheck().run().count("problems")).as("clean before the damage").isZero();

    orphan = UUID.randomUUID();
    oneLegged = UUID.randomUUID();
    empty = UUID.randomUUID();
    db.sql.useHandle(h -> {
      String entry = """
          INSERT INTO <schema>.entries (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale,
                                        pending, posted_at, balance_after, account_version, value_date)
          VALUES (:id, :tx, 0, :account, 'DEBIT', 10, 'USD', 2, false, :at, 0, 99, DATE '2031-02-01')
          """;
      String transaction = """
          INSERT INTO <schema>.transactions (id, idempotency_key, request_hash, description, effective_date, posted_at, status)
          VALUES (:id, :key, 'x', 'by hand', DATE '2031-02-01', :at, 'POSTED')
          """;
      // An orphan: its transaction does not exist.
      h.createUpdate(entry).bind("id", orphan).bind("tx", UUID.randomUUID()).bind("account", orphanAccount.id().value())
          .bind("at", AT).execute();
      // An unbalanced transaction: one debit, no credit.
      h.createUpdate(transaction).bind("id", oneLegged).bind("key", "one-legged").bind("at", AT).execute();
      h.createUpdate(entry).bind("id", UUID.randomUUID()).bind("tx", oneLegged)
          .bind("account", unbalancedAccount.id().value()).bind("at", AT).execute();
      // A transaction without entries.
      h.createUpdate(transaction).bind("id", empty).bind("key", "empty").bind("at", AT).execute();
      // Counters that disagree with the entries.
      h.createUpdate("UPDATE <schema>.accounts SET posted_debits = posted_debits + 1 WHERE id = :id")
          .bind("id", counterAccount.id().value()).execute();
      // A snapshot that disagrees with the entries.
      h.createUpdate("""
          UPDATE <schema>.balance_snapshots SET posted_debits = posted_debits + 5
          WHERE account_id = :id AND snapshot_date = :d
          """).bind("id", snapshotAccount.id().value()).bind("d", DAY).execute();
    });
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theStoresCheckReportsEveryKindById() {
    IntegrityReport report = db.ledger.checkIntegrity();

    assertThat(report.ok()).isFalse();
    assertThat(report.orphanEntries()).containsExactly(EntryId.of(orphan));
    assertThat(report.unbalancedTransactions()).containsExactlyInAnyOrder(TransactionId.of(oneLegged),
        TransactionId.of(empty));
    assertThat(report.unbalancedCurrencies()).containsExactly(CurrencyUnit.USD);
    // The orphan's and the one-legged entry's accounts no longer add up either.
    assertThat(report.counterMismatches()).extracting(IntegrityReport.CounterMismatch::accountId)
        .containsExactlyInAnyOrder(unbalancedAccount.id(), orphanAccount.id(), counterAccount.id());
    IntegrityReport.CounterMismatch counters = report.counterMismatches().stream()
        .filter(m -> m.accountId().equals(counterAccount.id())).findFirst().orElseThrow();
    assertThat(counters.stored().postedDebits() - counters.expected().postedDebits()).isEqualTo(1);
    assertThat(report.transactionsChecked()).isEqualTo(6);
    assertThat(report.entriesChecked()).isEqualTo(10);
  }

  @Test
  void theJobReportsTheSameAndTheSnapshotOnTop() {
    IntegrityReport store = db.ledger.checkIntegrity();
    IntegrityCheckJob check = db.jobs.integrityCheck();

    JobResult result = check.run();

    IntegrityFindings f = check.lastFindings().orElseThrow();
    assertThat(f.ledger()).isEqualTo(new IntegrityReport(f.checkedAt(), store.unbalancedCurrencies(),
        store.unbalancedTransactions(), store.orphanEntries(), store.counterMismatches(), store.transactionsChecked(),
        store.entriesChecked()));
    assertThat(f.orphanEntries()).containsExactly(EntryId.of(orphan));
    assertThat(f.unbalancedTransactions()).containsExactlyInAnyOrder(TransactionId.of(oneLegged), TransactionId.of(empty));
    assertThat(f.unbalancedCurrencies()).containsExactly("USD");
    assertThat(f.counterMismatches()).containsExactlyInAnyOrder(unbalancedAccount.id(), orphanAccount.id(),
        counterAccount.id());
    assertThat(f.snapshotMismatches()).containsExactly(new SnapshotKey(snapshotAccount.id(), DAY));
    assertThat(result.count("orphanEntries")).isEqualTo(1);
    assertThat(result.count("unbalancedTransactions")).isEqualTo(2);
    assertThat(result.count("counterMismatches")).isEqualTo(3);
    assertThat(result.count("snapshotMismatches")).isEqualTo(1);
    // The hand-made entries are also not links of their accounts' hash chains: versions never reached.
    assertThat(result.count("hashChainFindings")).isEqualTo(2);
    assertThat(check.lastHashChainReport().orElseThrow().findings()).extracting(x -> x.entryId().value())
        .contains(orphan);
    assertThat(result.count("problems")).isEqualTo(10);
    assertThat(result.message()).contains(orphan.toString(), oneLegged.toString(), empty.toString(), "USD",
        counterAccount.id().toString(), snapshotAccount.id() + "@" + DAY);
  }

  @Test
  void aLimitCutsTheListsButNotTheTotals() {
    IntegrityCheckJob check = db.jobs.integrityCheck(1);

    JobResult result = check.run();

    IntegrityFindings f = check.lastFindings().orElseThrow();
    assertThat(f.unbalancedTransactions()).hasSize(1);
    assertThat(f.counterMismatches()).hasSize(1);
    assertThat(result.count("unbalancedTransactions")).isEqualTo(2);
    assertThat(result.count("counterMismatches")).isEqualTo(3);
    assertThat(result.message()).contains("and 1 more", "and 2 more");
  }
}
