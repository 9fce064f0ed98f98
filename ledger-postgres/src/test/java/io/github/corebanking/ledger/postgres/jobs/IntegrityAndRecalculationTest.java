package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.IntegrityFindings.SnapshotKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntegrityAndRecalculationTest {

  private static JobsDatabase db;
  private static Account cash;
  private static Account deposits;
  private static Account fees;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_integrity", Instant.parse("2031-02-01T09:00:00Z"));
    cash = db.open("1000", AccountType.ASSET);
    deposits = db.open("2000", AccountType.LIABILITY);
    fees = db.open("4000", AccountType.REVENUE);
    db.transfer(cash, deposits, 100_000);
    db.clock.set(Instant.parse("2031-02-02T09:00:00Z"));
    db.transfer(deposits, fees, 250);
    // A hold still pending, one committed in part, one voided.
    db.ledger.post(hold("hold-open", 1_000));
    Transaction partly = db.ledger.post(hold("hold-partly", 2_000));
    db.ledger.commit(partly.id(), Money.ofMinor(1_500, CurrencyUnit.USD));
    Transaction voided = db.ledger.post(hold("hold-voided", 300));
    db.ledger.voidPending(voided.id());
    db.clock.set(Instant.parse("2031-02-03T09:00:00Z"));
    db.jobs.dailyBalanceSnapshots(LocalDate.parse("2031-02-01"), LocalDate.parse("2031-02-02")).run();
  }

  private static PostingRequest hold(String key, long minor) {
    return PostingRequest.builder().idempotencyKey(key).pending()
        .debit(deposits.id(), Money.ofMinor(minor, CurrencyUnit.USD))
        .credit(fees.id(), Money.ofMinor(minor, CurrencyUnit.USD)).build();
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static void corrupt(String column, long delta, Account account) {
    String sql = switch (column) {
      case "posted_debits" -> "UPDATE <schema>.accounts SET posted_debits = posted_debits + :d WHERE id = :id";
      case "pending_credits" -> "UPDATE <schema>.accounts SET pending_credits = pending_credits + :d WHERE id = :id";
      default -> throw new IllegalArgumentException(column);
    };
    db.sql.useHandle(h -> h.createUpdate(sql).bind("d", delta).bind("id", account.id().value()).execute());
  }

  @Test
  void aConsistentLedgerHasNoProblems() {
    IntegrityCheckJob job = db.jobs.integrityCheck();
    JobResult result = job.run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("problems")).as(result.message()).isZero();
    assertThat(result.count("accountsChecked")).isGreaterThanOrEqualTo(3);
    assertThat(result.count("transactionsChecked")).isGreaterThanOrEqualTo(5);
    assertThat(result.count("entriesChecked")).isGreaterThanOrEqualTo(12);
    assertThat(result.count("snapshotsChecked")).isEqualTo(4);
    assertThat(job.lastFindings()).hasValueSatisfying(f -> assertThat(f.ok()).isTrue());
    assertThat(db.recordedRuns("integrity-check")).contains("SUCCEEDED");
  }

  @Test
  void aCorruptedCounterIsReportedByIdAndRecalculationFixesIt() {
    Balance before = db.store.findBalance(deposits.id()).orElseThrow();
    corrupt("posted_debits", 1, deposits);

    IntegrityCheckJob check = db.jobs.integrityCheck();
    JobResult found = check.run();

    assertThat(found.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(found.count("counterMismatches")).isEqualTo(1);
    assertThat(found.count("unbalancedCurrencies")).as("the counters' trial balance is off too").isEqualTo(1);
    assertThat(found.message()).contains(deposits.id().toString());
    assertThat(check.lastFindings().orElseThrow().counterMismatches()).containsExactly(deposits.id());
    assertThat(db.lastRecordedCount("integrity-check", "counterMismatches")).isEqualTo(1);

    JobResult fixed = db.jobs.recalculateBalances().run();

    assertThat(fixed.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(fixed.count("wrong")).isEqualTo(1);
    assertThat(fixed.count("checked")).isEqualTo(db.ledger.accounts().size());
    assertThat(fixed.message()).contains(deposits.id().toString());
    assertThat(db.store.findBalance(deposits.id())).contains(before);
    assertThat(check.run().count("problems")).isZero();
    assertThat(db.jobs.recalculateBalances().run().count("wrong")).isZero();
  }

  @Test
  void recalculatingGivenAccountsFixesOnlyThoseAndCountsUnknownIds() {
    corrupt("pending_credits", 7, fees);
    corrupt("posted_debits", 3, cash);

    JobResult first = db.jobs.recalculateBalances(List.of(fees.id())).run();

    assertThat(first.count("checked")).isEqualTo(1);
    assertThat(first.count("wrong")).isEqualTo(1);
    IntegrityCheckJob check = db.jobs.integrityCheck();
    check.run();
    assertThat(check.lastFindings().orElseThrow().counterMismatches()).containsExactly(cash.id());

    JobResult second = db.jobs.recalculateBalances(List.of(cash.id(), AccountId.of(new UUID(7, 7)))).run();

    assertThat(second.count("checked")).isEqualTo(1);
    assertThat(second.count("wrong")).isEqualTo(1);
    assertThat(second.count("notFound")).isEqualTo(1);
    assertThat(check.run().count("problems")).isZero();
  }

  @Test
  void aCorruptedSnapshotIsReportedAndRebuiltByRerunningItsDay() {
    LocalDate day = LocalDate.parse("2031-02-01");
    db.sql.useHandle(h -> h.createUpdate("""
        UPDATE <schema>.balance_snapshots SET posted_credits = posted_credits + 5 WHERE account_id = :id AND snapshot_date = :d
        """).bind("id", deposits.id().value()).bind("d", day).execute());

    IntegrityCheckJob check = db.jobs.integrityCheck();
    JobResult found = check.run();

    assertThat(found.count("snapshotMismatches")).isEqualTo(1);
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches()).containsExactly(new SnapshotKey(deposits.id(), day));
    assertThat(found.message()).contains(deposits.id() + "@" + day);

    db.jobs.dailyBalanceSnapshot(day).run();
    assertThat(check.run().count("problems")).isZero();
  }

  @Test
  void aWrongValueDatedBalanceIsReportedAndRecalculationRebuildsTheAccountsRows() {
    LocalDate first = LocalDate.parse("2031-02-01");
    LocalDate second = LocalDate.parse("2031-02-02");
    long onFirst = db.ledger.balanceOn(deposits.id(), first).posted().minorUnits();
    long latest = db.ledger.balanceOn(deposits.id(), second).posted().minorUnits();
    // The latest row off by 5, an earlier one off by 9, and a row on a date without entries.
    db.sql.useHandle(h -> {
      h.createUpdate("""
          UPDATE <schema>.value_balances SET posted_debits = posted_debits + 5
          WHERE account_id = :id AND value_date = (SELECT max(value_date) FROM <schema>.value_balances WHERE account_id = :id)
          """).bind("id", deposits.id().value()).execute();
      h.createUpdate("UPDATE <schema>.value_balances SET posted_debits = posted_debits + 9 WHERE account_id = :id "
          + "AND value_date = :d").bind("id", deposits.id().value()).bind("d", first).execute();
      h.createUpdate("INSERT INTO <schema>.value_balances VALUES (:id, DATE '2031-01-15', 1, 0)")
          .bind("id", deposits.id().value()).execute();
    });

    IntegrityReport report = db.ledger.checkIntegrity();

    assertThat(report.counterMismatches()).singleElement().satisfies(m -> {
      assertThat(m.accountId()).isEqualTo(deposits.id());
      assertThat(m.stored().postedDebits() - m.expected().postedDebits()).as("value-dated less counters").isEqualTo(5);
    });
    IntegrityCheckJob check = db.jobs.integrityCheck();
    assertThat(check.run().count("counterMismatches")).isEqualTo(1);
    assertThat(check.lastFindings().orElseThrow().counterMismatches()).containsExactly(deposits.id());

    JobResult fixed = db.jobs.recalculateBalances().run();

    assertThat(fixed.count("wrong")).isEqualTo(1);
    assertThat(fixed.message()).contains(deposits.id().toString());
    assertThat(db.ledger.balanceOn(deposits.id(), LocalDate.parse("2031-01-15")).posted().minorUnits()).isZero();
    assertThat(db.ledger.balanceOn(deposits.id(), first).posted().minorUnits()).isEqualTo(onFirst);
    assertThat(db.ledger.balanceOn(deposits.id(), second).posted().minorUnits()).isEqualTo(latest);
    assertThat(check.run().count("problems")).isZero();
    assertThat(db.jobs.recalculateBalances().run().count("wrong")).isZero();

    // Counters wrong too: the account is listed once, with its counters against its entries.
    corrupt("posted_debits", 2, deposits);
    db.sql.useHandle(h -> h.createUpdate("UPDATE <schema>.value_balances SET posted_credits = posted_credits + 1 "
        + "WHERE account_id = :id AND value_date = :d").bind("id", deposits.id().value()).bind("d", first).execute());
    assertThat(db.ledger.checkIntegrity().counterMismatches()).singleElement().satisfies(m ->
        assertThat(m.stored().postedDebits() - m.expected().postedDebits()).isEqualTo(2));
    assertThat(db.jobs.recalculateBalances().run().count("wrong")).isEqualTo(1);
    assertThat(check.run().count("problems")).isZero();
  }
}
