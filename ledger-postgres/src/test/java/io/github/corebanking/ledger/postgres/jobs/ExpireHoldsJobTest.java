package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.spi.LedgerListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Core's expiry job on PostgreSQL, built by the factory or directly over the store: one job, one lock, one record. */
class ExpireHoldsJobTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_expiry", Instant.parse("2031-02-01T09:00:00Z"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void expiredHoldsAreVoidedThroughTheLedgerAndOthersStay() {
    List<Transaction> seen = new CopyOnWriteArrayList<>();
    Ledger listened = Ledger.builder().store(db.store).clock(db.clock).listener(new LedgerListener() {
      @Override
      public void onTransaction(Transaction transaction, List<io.github.corebanking.ledger.Balance> balancesAfter) {
        seen.add(transaction);
      }
    }).build();
    PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(db.store).clock(db.clock).ledger(listened, db.store).build();
    Account card = db.open("2000", AccountType.LIABILITY);
    Account merchant = db.open("2100", AccountType.LIABILITY);
    Instant now = db.clock.instant();
    Transaction expiring = listened.post(hold("auth-1", card, merchant, now.plus(Duration.ofHours(1))));
    Transaction lasting = listened.post(hold("auth-2", card, merchant, now.plus(Duration.ofDays(7))));
    Transaction open = listened.post(PostingRequest.builder().idempotencyKey("auth-3").pending()
        .debit(card.id(), Money.ofMinor(40, CurrencyUnit.USD)).credit(merchant.id(), Money.ofMinor(40, CurrencyUnit.USD))
        .build());
    seen.clear();
    db.clock.advance(Duration.ofHours(2));
    int before = db.recordedRuns(ExpireHoldsJob.NAME).size();

    JobResult result = jobs.expireHolds().run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("voided")).isEqualTo(1);
    assertThat(result.count("alreadySettled")).isZero();
    assertThat(db.ledger.transaction(expiring.id()).orElseThrow().status()).isEqualTo(TransactionStatus.VOIDED);
    assertThat(db.ledger.transaction(lasting.id()).orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
    assertThat(db.ledger.transaction(open.id()).orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
    assertThat(seen).extracting(Transaction::id).containsExactly(expiring.id());
    assertThat(db.ledger.balance(card.id()).pendingDebits()).isEqualTo(1_040);
    assertThat(db.recordedRuns(ExpireHoldsJob.NAME)).hasSize(before + 1).endsWith("SUCCEEDED");
    assertThat(db.lastRecordedCount(ExpireHoldsJob.NAME, "voided")).isEqualTo(1);

    assertThat(jobs.expireHolds().run().count("voided")).isZero();
    assertThat(db.recordedRuns(ExpireHoldsJob.NAME)).hasSize(before + 2).endsWith("SUCCEEDED", "SUCCEEDED");
  }

  @Test
  void builtDirectlyOverTheStoreItTakesTheSameLockAndLeavesOneRecordPerRun() {
    Account card = db.open("2200", AccountType.LIABILITY);
    Account merchant = db.open("2300", AccountType.LIABILITY);
    Transaction expiring = db.ledger.post(hold("auth-9", card, merchant, db.clock.instant().plus(Duration.ofMinutes(5))));
    db.clock.advance(Duration.ofHours(1));
    ExpireHoldsJob direct = new ExpireHoldsJob(db.ledger, db.store, db.clock, 10);
    int before = db.recordedRuns(ExpireHoldsJob.NAME).size();

    JobResult skipped;
    try (PostgresJobLock factoryRun = db.jobs.jobRuns().tryLock(ExpireHoldsJob.NAME).orElseThrow()) {
      skipped = direct.run();
    }
    JobResult ran = direct.run();

    assertThat(skipped.status()).isEqualTo(JobStatus.SKIPPED);
    assertThat(ran.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(ran.count("voided")).isEqualTo(1);
    assertThat(db.ledger.transaction(expiring.id()).orElseThrow().status()).isEqualTo(TransactionStatus.VOIDED);
    assertThat(db.recordedRuns(ExpireHoldsJob.NAME)).hasSize(before + 2).endsWith("SKIPPED", "SUCCEEDED");
  }

  private static PostingRequest hold(String key, Account from, Account to, Instant expiresAt) {
    return PostingRequest.builder().idempotencyKey(key).pending(expiresAt)
        .debit(from.id(), Money.ofMinor(1_000, CurrencyUnit.USD)).credit(to.id(), Money.ofMinor(1_000, CurrencyUnit.USD))
        .build();
  }
}
