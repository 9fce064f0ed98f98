package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.job.JobResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows that the ledger never writes, inserted by hand; entries cannot be removed, hence a schema of their own. */
class IntegrityBrokenRowsTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_broken", Instant.parse("2031-02-01T09:00:00Z"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void orphanEntriesAndUnbalancedOrEmptyTransactionsAreReportedById() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.transfer(cash, equity, 900);
    UUID orphan = UUID.randomUUID();
    UUID oneLegged = UUID.randomUUID();
    UUID oneLeggedEntry = UUID.randomUUID();
    UUID empty = UUID.randomUUID();
    OffsetDateTime at = OffsetDateTime.of(2031, 2, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    db.sql.useHandle(h -> {
      String entry = """
          INSERT INTO <schema>.entries (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale,
                                        pending, posted_at, balance_after, account_version)
          VALUES (:id, :tx, 0, :account, 'DEBIT', 10, 'USD', 2, false, :at, 0, 99)
          """;
      String transaction = """
          INSERT INTO <schema>.transactions (id, idempotency_key, request_hash, description, effective_date, posted_at, status)
          VALUES (:id, :key, 'x', 'by hand', DATE '2031-02-01', :at, 'POSTED')
          """;
      h.createUpdate(entry).bind("id", orphan).bind("tx", UUID.randomUUID()).bind("account", cash.id().value())
          .bind("at", at).execute();
      h.createUpdate(transaction).bind("id", oneLegged).bind("key", "one-legged").bind("at", at).execute();
      h.createUpdate(entry).bind("id", oneLeggedEntry).bind("tx", oneLegged).bind("account", cash.id().value())
          .bind("at", at).execute();
      h.createUpdate(transaction).bind("id", empty).bind("key", "empty").bind("at", at).execute();
    });

    IntegrityCheckJob check = db.jobs.integrityCheck();
    JobResult result = check.run();

    IntegrityFindings f = check.lastFindings().orElseThrow();
    assertThat(f.orphanEntries()).containsExactly(EntryId.of(orphan));
    assertThat(f.unbalancedTransactions()).containsExactlyInAnyOrder(TransactionId.of(oneLegged), TransactionId.of(empty));
    assertThat(f.unbalancedCurrencies()).containsExactly("USD");
    assertThat(f.counterMismatches()).containsExactly(cash.id());
    assertThat(result.count("orphanEntries")).isEqualTo(1);
    assertThat(result.count("unbalancedTransactions")).isEqualTo(2);
    assertThat(result.count("problems")).isEqualTo(5);
    assertThat(result.message()).contains(orphan.toString(), oneLegged.toString(), empty.toString(), "USD");
  }
}
