package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.JobsDatabase.Counters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Intra-day checkpoints: written by the snapshot job every N posted entries of a busy account,
 * exact at their instants, used by as-of reads, checked by the integrity job, replaced on re-runs
 * and deleted by retention.
 */
class IntraDayCheckpointsTest {

  private static final LocalDate DAY = LocalDate.parse("2031-03-01");
  private JobsDatabase db;
  private PostgresLedgerJobs jobs;
  private Account cash;
  private Account deposits;
  private Account quiet;
  private final List<Instant> instants = new ArrayList<>();

  @BeforeEach
  void busyDay() {
    db = new JobsDatabase("jobs_checkpoints", Instant.parse("2031-03-01T00:00:00Z"));
    jobs = PostgresLedgerJobs.builder(db.store).clock(db.clock).checkpointEvery(4).build();
    cash = db.open("1000", AccountType.ASSET);
    deposits = db.open("2000", AccountType.LIABILITY);
    quiet = db.open("2100", AccountType.LIABILITY);
    Instant t = Instant.parse("2031-03-01T08:00:00Z");
    for (int i = 0; i < 30; i++) {
      t = t.plus(Duration.ofMinutes(7));
      db.clock.set(t);
      instants.add(t);
      db.transfer(cash, deposits, 100 + i);
      if (i % 10 == 3) {
        // Three more entries on the cash account at the very same instant: counted together.
        db.transfer(cash, deposits, 1);
        db.transfer(cash, deposits, 2);
        db.transfer(cash, deposits, 3);
      }
      if (i == 12) {
        db.ledger.post(PostingRequest.builder().idempotencyKey("hold").pending()
            .debit(cash.id(), Money.ofMinor(7, CurrencyUnit.USD))
            .credit(deposits.id(), Money.ofMinor(7, CurrencyUnit.USD)).build());
      }
    }
    db.clock.set(Instant.parse("2031-03-01T22:00:00Z"));
    instants.add(Instant.parse("2031-03-01T22:00:00Z"));
    db.transfer(cash, quiet, 5);
    db.clock.set(Instant.parse("2031-03-02T02:00:00Z"));
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private List<Instant> checkpoints(Account account) {
    return db.sql.withHandle(h -> h.createQuery(
            "SELECT as_of FROM <schema>.balance_checkpoints WHERE account_id = :a ORDER BY as_of")
        .bind("a", account.id().value())
        .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list());
  }

  private Counters checkpoint(Account account, Instant asOf) {
    return db.sql.withHandle(h -> h.createQuery("""
            SELECT posted_debits, posted_credits, account_version FROM <schema>.balance_checkpoints
            WHERE account_id = :a AND as_of = :t
            """).bind("a", account.id().value()).bind("t", OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC))
        .map((rs, ctx) -> new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
  }

  private static Counters counters(Balance b) {
    return new Counters(b.postedDebits(), b.postedCredits(), b.version());
  }

  @Test
  void aBusyAccountGetsACheckpointEachTimeItsEntriesPassAMultipleOfN() {
    JobResult result = jobs.dailyBalanceSnapshot(DAY).run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    // cash: 30 transfers, three times three more at the same instant, one to the quiet account:
    // 40 posted entries (the hold is pending), so a checkpoint every fourth.
    List<Instant> cashPoints = checkpoints(cash);
    assertThat(cashPoints).hasSize(10);
    assertThat(result.count("checkpoints")).isEqualTo(cashPoints.size() + checkpoints(deposits).size());
    assertThat(checkpoints(quiet)).as("one entry that day: no checkpoint").isEmpty();
    for (Instant at : cashPoints) {
      assertThat(checkpoint(cash, at)).as("checkpoint at " + at).isEqualTo(db.fromEntries(cash, at));
    }
    // Every checkpoint sits where the running count passed a multiple of four.
    assertThat(cashPoints).allSatisfy(at -> assertThat(instants).contains(at));
  }

  @Test
  void asOfReadsAtAnyInstantOfTheDayMatchTheEntries() {
    jobs.dailyBalanceSnapshot(DAY).run();

    List<Instant> probes = new ArrayList<>();
    for (Instant at : instants) {
      probes.add(at.minusNanos(1_000));
      probes.add(at);
      probes.add(at.plusSeconds(90));
    }
    probes.add(Instant.parse("2031-03-01T00:00:00Z"));
    probes.add(Instant.parse("2031-03-01T23:59:59.999999Z"));
    probes.add(Instant.parse("2031-03-02T01:00:00Z"));
    for (Instant t : probes) {
      assertThat(counters(db.store.balanceAsOf(cash.id(), t))).as("cash as of " + t).isEqualTo(db.fromEntries(cash, t));
      assertThat(counters(db.store.balanceAsOf(deposits.id(), t))).as("deposits as of " + t)
          .isEqualTo(db.fromEntries(deposits, t));
    }
  }

  @Test
  void aLateEntryAndARerunReplaceTheDaysCheckpoints() {
    jobs.dailyBalanceSnapshot(DAY).run();
    Instant late = instants.get(2).plusSeconds(1);
    db.clock.set(late);
    db.transfer(cash, deposits, 10_000);
    db.clock.set(Instant.parse("2031-03-02T02:30:00Z"));

    jobs.dailyBalanceSnapshot(DAY).run();

    List<Instant> cashPoints = checkpoints(cash);
    assertThat(cashPoints).isNotEmpty();
    for (Instant at : cashPoints) {
      assertThat(checkpoint(cash, at)).as("checkpoint at " + at).isEqualTo(db.fromEntries(cash, at));
    }
    Instant t = instants.get(20);
    assertThat(counters(db.store.balanceAsOf(cash.id(), t))).isEqualTo(db.fromEntries(cash, t));
    assertThat(jobs.integrityCheck().run().count("snapshotMismatches")).isZero();
  }

  @Test
  void aWrongCheckpointIsReportedAsAMismatchOfItsDaysSnapshot() {
    jobs.dailyBalanceSnapshot(DAY).run();
    Instant victim = checkpoints(cash).get(3);
    db.sql.useHandle(h -> h.createUpdate("""
            UPDATE <schema>.balance_checkpoints SET posted_debits = posted_debits + 1
            WHERE account_id = :a AND as_of = :t
            """).bind("a", cash.id().value()).bind("t", OffsetDateTime.ofInstant(victim, ZoneOffset.UTC)).execute());

    IntegrityCheckJob check = jobs.integrityCheck();
    JobResult result = check.run();

    assertThat(result.count("snapshotMismatches")).isEqualTo(1);
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches())
        .containsExactly(new IntegrityFindings.SnapshotKey(cash.id(), DAY));

    jobs.dailyBalanceSnapshot(DAY).run();
    assertThat(jobs.integrityCheck().run().count("snapshotMismatches")).as("a re-run repairs it").isZero();
  }

  @Test
  void retentionDeletesTheCheckpointsOfDaysBeforeItsCutoff() {
    jobs.dailyBalanceSnapshot(DAY).run();
    long before = checkpoints(cash).size() + checkpoints(deposits).size();
    assertThat(before).isPositive();

    db.clock.set(Instant.parse("2031-03-20T12:00:00Z"));
    JobResult kept = jobs.snapshotRetention(Period.ofDays(30)).run();
    assertThat(kept.count("checkpointsDeleted")).isZero();

    JobResult result = jobs.snapshotRetention(Period.ofDays(14)).run();
    assertThat(result.count("checkpointsDeleted")).isEqualTo(before);
    assertThat(checkpoints(cash)).isEmpty();
    Instant t = instants.get(17);
    assertThat(counters(db.store.balanceAsOf(cash.id(), t))).as("reads stay exact without checkpoints")
        .isEqualTo(db.fromEntries(cash, t));
  }

  @Test
  void withCheckpointsOffNoneAreWritten() {
    PostgresLedgerJobs none = PostgresLedgerJobs.builder(db.store).clock(db.clock).checkpointEvery(0).build();
    JobResult result = none.dailyBalanceSnapshot(DAY).run();
    assertThat(result.count("checkpoints")).isZero();
    assertThat(checkpoints(cash)).isEmpty();
  }

  @Test
  void anAsOfReadLongAfterTheLatestSnapshotAddsEveryEntrySinceIt() {
    jobs.dailyBalanceSnapshot(DAY).run();
    // Ten days of postings with no snapshot: the base is older than the window read first.
    for (int d = 1; d <= 10; d++) {
      db.clock.set(Instant.parse("2031-03-01T12:00:00Z").plus(Duration.ofDays(d)));
      db.transfer(cash, deposits, 1_000 * d);
    }
    Instant t = Instant.parse("2031-03-11T13:00:00Z");
    assertThat(counters(db.store.balanceAsOf(cash.id(), t))).isEqualTo(db.fromEntries(cash, t));
    Instant mid = Instant.parse("2031-03-06T12:00:00Z");
    assertThat(counters(db.store.balanceAsOf(cash.id(), mid))).isEqualTo(db.fromEntries(cash, mid));
  }
}
