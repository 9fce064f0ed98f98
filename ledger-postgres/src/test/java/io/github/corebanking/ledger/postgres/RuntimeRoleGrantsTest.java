package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StorePermissionException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grants the README recommends for the runtime role (no UPDATE or DELETE on entries, no DDL)
 * are enough for every posting path, including a partition created on demand.
 */
class RuntimeRoleGrantsTest {

  private static HikariDataSource owner;
  private static HikariDataSource runtime;
  private static String schema;
  private static String role;

  @BeforeAll
  static void createRole() throws SQLException {
    owner = PgTestSupport.pool("grants-owner", 2);
    schema = TestServices.freshSchemaName("grants");
    role = TestServices.freshSchemaName("ledger_rt");
    PostgresLedgerSchema.migrate(owner, schema);
    String s = PostgresLedgerSchema.quotedSchema(schema);
    PgTestSupport.createRuntimeRole(owner, schema, role);
    runtime = PgTestSupport.poolAs(role, 4);
    assertThat(s).isNotBlank();
  }

  @AfterAll
  static void dropRole() throws SQLException {
    runtime.close();
    PgTestSupport.drop(schema);
    PgTestSupport.dropRole(owner, role);
    owner.close();
  }

  @Test
  void theRuntimeRoleCanPostSettleReverseAndCreatePartitionsButNotRewriteEntries() {
    MutableClock clock = MutableClock.at("2026-03-05T08:00:00Z");
    PostgresLedgerStore store = PostgresLedgerStore.builder(runtime).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account deposits = open(ledger, "2100", AccountType.LIABILITY, true);
      Transaction deposit = ledger.post(transfer("deposit", cash, deposits, 10_000));
      Money hundred = Money.ofMinor(10_000, cash.currency());
      Transaction hold = ledger.post(PostingRequest.builder().idempotencyKey("hold").description("card hold")
          .debit(deposits.id(), hundred).credit(cash.id(), hundred).pending(Instant.parse("2026-03-06T08:00:00Z"))
          .build());
      assertThat(ledger.voidPending(hold.id()).status()).isEqualTo(TransactionStatus.VOIDED);
      clock.advance(Duration.ofDays(400));
      assertThat(ledger.reverse(deposit.id()).status()).isEqualTo(TransactionStatus.POSTED);
      assertThat(ledger.balance(deposits.id()).posted().minorUnits()).isZero();
      // Every job runs as the runtime role too: snapshots, checkpoints and repairs go through the
      // schema's functions.
      io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs jobs =
          io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs.builder(store).ledger(ledger, store).clock(clock).checkpointEvery(1)
              .build();
      for (io.github.corebanking.ledger.job.LedgerJob job : List.of(jobs.dailyBalanceSnapshot(
              java.time.LocalDate.parse("2026-03-05")), jobs.recalculateBalances(), jobs.integrityCheck(),
          jobs.expireHolds(), jobs.snapshotRetention(java.time.Period.ofDays(30)), jobs.jobRunsRetention(),
          jobs.ensurePartitions())) {
        io.github.corebanking.ledger.job.JobResult result = job.run();
        assertThat(result.status()).as(job.name() + ": " + result.message())
            .isEqualTo(io.github.corebanking.ledger.job.JobStatus.SUCCEEDED);
      }
      assertThat(ledger.balanceAsOf(cash.id(), Instant.parse("2026-03-06T00:00:00Z")).posted().minorUnits())
          .isEqualTo(10_000);
    }
    assertThatThrownBy(() -> {
      try (Connection c = runtime.getConnection(); Statement st = c.createStatement()) {
        st.execute("DELETE FROM " + PostgresLedgerSchema.quotedSchema(schema) + ".entries");
      }
    }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
  }

  @Test
  void aRoleWithoutTheGrantsGetsANonRetryablePermissionErrorNotAnOutage() throws SQLException {
    String bare = TestServices.freshSchemaName("ledger_bare");
    try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + bare + " LOGIN");
      st.execute("GRANT USAGE ON SCHEMA " + PostgresLedgerSchema.quotedSchema(schema) + " TO " + bare);
    }
    try (HikariDataSource pool = PgTestSupport.poolAs(bare, 2)) {
      PostgresLedgerStore store = PostgresLedgerStore.builder(pool).schema(schema).build();
      try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
        assertThatThrownBy(() -> open(ledger, "1000", AccountType.ASSET, false))
            .isInstanceOf(StorePermissionException.class)
            .isNotInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("42501")
            .hasMessageContaining("not retryable");
        assertThatThrownBy(() -> ledger.balance(io.github.corebanking.ledger.AccountId.of(java.util.UUID.randomUUID())))
            .isInstanceOf(StorePermissionException.class);
      }
    } finally {
      PgTestSupport.dropRole(owner, bare);
    }
  }
}
