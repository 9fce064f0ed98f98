package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the grants of {@link PostgresLedgerSchema#runtimeGrants}, the runtime role cannot make the
 * books disagree with their entries: the database itself refuses every write below, directly or
 * through the functions the role may call.
 */
class DatabaseGuardsTest {

  private static HikariDataSource owner;
  private static HikariDataSource runtime;
  private static String schema;
  private static String role;
  private static String s;
  private static Ledger ledger;
  private static Account cash;
  private static Account deposits;
  private static Account closed;
  private static Account euros;
  private static Transaction hold;

  @BeforeAll
  static void start() throws SQLException {
    owner = PgTestSupport.pool("guards-owner", 2);
    schema = TestServices.freshSchemaName("guards");
    role = TestServices.freshSchemaName("ledger_guard");
    PostgresLedgerSchema.migrate(owner, schema);
    s = PostgresLedgerSchema.quotedSchema(schema);
    PgTestSupport.createRuntimeRole(owner, schema, role);
    runtime = PgTestSupport.poolAs(role, 3);
    ledger = Ledger.builder().store(PostgresLedgerStore.builder(runtime).schema(schema).build())
        .clock(MutableClock.at("2026-05-05T08:00:00Z")).closeStoreOnClose(true).build();
    cash = open(ledger, "1000", AccountType.ASSET, false);
    deposits = open(ledger, "2100", AccountType.LIABILITY, true);
    closed = open(ledger, "2900", AccountType.LIABILITY, false);
    euros = ledger.openAccount(io.github.corebanking.ledger.NewAccount.builder().code("1010").name("Cash EUR")
        .type(AccountType.ASSET).currency(io.github.corebanking.ledger.CurrencyUnit.EUR).build());
    ledger.closeAccount(closed.id());
    ledger.post(transfer("fund", cash, deposits, 10_000));
    Money ten = Money.ofMinor(1_000, cash.currency());
    hold = ledger.post(PostingRequest.builder().idempotencyKey("hold").description("card hold")
        .debit(deposits.id(), ten).credit(cash.id(), ten).pending(Instant.parse("2026-05-06T08:00:00Z")).build());
  }

  @AfterAll
  static void stop() throws SQLException {
    ledger.close();
    runtime.close();
    PgTestSupport.drop(schema);
    PgTestSupport.dropRole(owner, role);
    owner.close();
  }

  private static void asRuntime(String sql) throws SQLException {
    try (Connection c = runtime.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void asOwner(String sql) throws SQLException {
    try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String state(SQLException e) {
    return e.getSQLState();
  }

  @Test
  void theRuntimeRoleCannotSetCountersOrVersionsDirectly() {
    for (String sql : List.of(
        "UPDATE " + s + ".accounts SET posted_credits = posted_credits + 500 WHERE id = '" + deposits.id() + "'",
        "UPDATE " + s + ".accounts SET version = version + 1 WHERE id = '" + deposits.id() + "'",
        "UPDATE " + s + ".accounts SET pending_debits = 0 WHERE id = '" + deposits.id() + "'",
        "INSERT INTO " + s + ".accounts (id, code, name, type, currency, currency_scale, status, created_at, "
            + "posted_credits) VALUES (gen_random_uuid(), 'rich', 'Rich', 'LIABILITY', 'USD', 2, 'OPEN', now(), 1000000)")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    assertThat(ledger.balance(deposits.id()).posted().minorUnits()).isEqualTo(10_000);
  }

  @Test
  void theRuntimeRoleCannotInsertEntriesTransactionsOrSnapshotsNorSettleAHoldDirectly() {
    for (String sql : List.of(
        "INSERT INTO " + s + ".entries (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, "
            + "pending, posted_at, balance_after, account_version) VALUES (gen_random_uuid(), '" + hold.id() + "', 9, '"
            + deposits.id() + "', 'CREDIT', 500, 'USD', 2, false, now(), 0, 99)",
        "INSERT INTO " + s + ".transactions (id, idempotency_key, request_hash, description, effective_date, posted_at, "
            + "status) VALUES (gen_random_uuid(), 'forged', 'x', 'forged', current_date, now(), 'POSTED')",
        "INSERT INTO " + s + ".balance_snapshots (account_id, snapshot_date, as_of, posted_debits, posted_credits, "
            + "account_version) VALUES ('" + deposits.id() + "', date '2026-05-04', now(), 0, 99999999, 1)",
        "INSERT INTO " + s + ".balance_checkpoints (account_id, as_of, snapshot_date, posted_debits, posted_credits, "
            + "account_version) VALUES ('" + deposits.id() + "', now(), date '2026-05-04', 0, 99999999, 1)",
        "UPDATE " + s + ".transactions SET status = 'POSTED', settled_at = now() WHERE id = '" + hold.id() + "'",
        "UPDATE " + s + ".transactions SET effective_date = effective_date - 1 WHERE id = '" + hold.id() + "'")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void theRuntimeRoleReadsButCannotWriteValueDatedBalancesOrValueDates() throws SQLException {
    for (String sql : List.of(
        "INSERT INTO " + s + ".value_balances (account_id, value_date, posted_debits, posted_credits) VALUES ('"
            + deposits.id() + "', date '2026-05-01', 0, 99999999)",
        "UPDATE " + s + ".value_balances SET posted_credits = posted_credits + 500 WHERE account_id = '" + deposits.id()
            + "'",
        "DELETE FROM " + s + ".value_balances WHERE account_id = '" + deposits.id() + "'",
        "UPDATE " + s + ".entries SET value_date = value_date - 1 WHERE account_id = '" + deposits.id() + "'",
        "INSERT INTO " + s + ".entries (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, "
            + "pending, posted_at, balance_after, account_version, value_date) VALUES (gen_random_uuid(), '" + hold.id()
            + "', 9, '" + deposits.id() + "', 'CREDIT', 500, 'USD', 2, false, now(), 0, 99, date '2026-05-01')")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    asRuntime("SELECT account_id, value_date, posted_debits, posted_credits FROM " + s + ".value_balances");
    asRuntime("SELECT value_date FROM " + s + ".entries");
    assertThat(ledger.balanceOn(deposits.id(), java.time.LocalDate.MAX).posted())
        .isEqualTo(ledger.balance(deposits.id()).posted());
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void theRuntimeRoleCannotReopenTheHistoryImportOfALiveLedgerNorRecordAnImportDirectly() throws SQLException {
    for (String sql : List.of(
        "UPDATE " + s + ".history_import SET live_since = NULL",
        "UPDATE " + s + ".history_import SET booked_through = NULL",
        "DELETE FROM " + s + ".history_import",
        "INSERT INTO " + s + ".history_import (id) VALUES (true)")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    assertThatThrownBy(() -> asRuntime("SELECT " + s + ".record_import(timestamptz '2025-01-01 00:00Z', "
        + "timestamptz '2025-01-01 00:00Z', 1, ARRAY['" + deposits.id() + "']::uuid[])"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(state(e)).isEqualTo("LG005"));
    asRuntime("SELECT booked_through, imported, live_since FROM " + s + ".history_import");
    assertThatThrownBy(() -> ledger.importHistory(List.of(new io.github.corebanking.ledger.ImportedPosting(
        transfer("old", cash, deposits, 100), Instant.parse("2025-01-01T00:00:00Z")))))
        .isInstanceOf(io.github.corebanking.ledger.ImportClosedException.class);
  }

  @Test
  void theRuntimeRoleReadsTheChangeFeedButCannotForgeEditOrDeleteAChange() throws SQLException {
    List<io.github.corebanking.ledger.Change> before = ledger.changes(0, 100).changes();
    assertThat(before).as("the feed as the runtime role reads it").isNotEmpty();
    String tx = before.get(0).transactionId().toString();
    for (String sql : List.of(
        "INSERT INTO " + s + ".change_queue (kind, transaction_id, status, at) VALUES ('BOOKED', '" + tx
            + "', 'POSTED', now())",
        "INSERT INTO " + s + ".changes (position, kind, transaction_id, status, at, recorded_at) VALUES (999, 'BOOKED', '"
            + tx + "', 'POSTED', now(), now())",
        "UPDATE " + s + ".changes SET status = 'VOIDED'",
        "DELETE FROM " + s + ".changes",
        "DELETE FROM " + s + ".change_queue",
        "UPDATE " + s + ".change_feed SET last_position = 0, pruned_through = 0",
        "SELECT * FROM " + s + ".change_queue")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    assertThatThrownBy(() -> asOwner("UPDATE " + s + ".changes SET status = 'VOIDED'")).as("even the owner")
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(state(e)).isEqualTo("23001"));
    assertThat(ledger.changes(0, 100).changes()).isEqualTo(before);
  }

  @Test
  void theRuntimeRoleDefinesAndEvaluatesMonitorsButCannotForgeEditOrDeleteAnAlertOrAState() throws SQLException {
    io.github.corebanking.ledger.BalanceMonitor monitor = ledger.defineMonitor(io.github.corebanking.ledger.NewMonitor
        .builder().name("guards-cash-positive").account(cash.id())
        .when(io.github.corebanking.ledger.MonitorMeasure.POSTED, io.github.corebanking.ledger.MonitorComparison.GREATER_THAN,
            Money.ofMinor(0, cash.currency())).build());
    try (PostgresLedgerStore store = PostgresLedgerStore.builder(runtime).schema(schema).build()) {
      assertThat(new io.github.corebanking.ledger.job.BalanceMonitorJob(store, java.time.Clock.systemUTC(), 100,
          List.of()).run().count("fired")).as("evaluated as the runtime role").isEqualTo(1);
    }
    List<io.github.corebanking.ledger.MonitorAlert> before = ledger.monitorAlerts(0, 100).alerts();
    assertThat(before).extracting(a -> a.monitor().id()).containsExactly(monitor.id());
    String id = monitor.id().toString();
    for (String sql : List.of(
        "INSERT INTO " + s + ".monitor_alerts (position, monitor_id, value, account_version, change_position, fired_at, "
            + "round) VALUES (99, '" + id + "', 1, 1, 1, now(), 99)",
        "UPDATE " + s + ".monitor_alerts SET value = 0",
        "DELETE FROM " + s + ".monitor_alerts",
        "UPDATE " + s + ".balance_monitors SET firing = false WHERE id = '" + id + "'",
        "UPDATE " + s + ".balance_monitors SET threshold = 1 WHERE id = '" + id + "'",
        "UPDATE " + s + ".monitor_evaluator SET round = 0, position = 0",
        "INSERT INTO " + s + ".balance_monitors (id, name, account_id, measure, comparison, threshold, created_at, firing, "
            + "seen_version, evaluated_at) VALUES (gen_random_uuid(), 'forged', '" + cash.id()
            + "', 'POSTED', 'LESS_THAN', 0, now(), true, 999, now())")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    for (String sql : List.of("UPDATE " + s + ".monitor_alerts SET value = 0", "DELETE FROM " + s + ".monitor_alerts",
        "UPDATE " + s + ".balance_monitors SET threshold = 1 WHERE id = '" + id + "'")) {
      assertThatThrownBy(() -> asOwner(sql)).as("even the owner: " + sql)
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(state(e)).isEqualTo("23001"));
    }
    assertThat(ledger.monitorAlerts(0, 100).alerts()).isEqualTo(before);
    ledger.removeMonitor(monitor.id());
  }

  @Test
  void whateverTheRoleACategoryMonitorNeedsItsCategoryAndAWatchedCategoryIsNotDeleted() throws SQLException {
    io.github.corebanking.ledger.Category watched = ledger.createCategory(
        io.github.corebanking.ledger.NewCategory.of("guards-watched", "Watched", io.github.corebanking.ledger.Side.DEBIT));
    io.github.corebanking.ledger.BalanceMonitor monitor = ledger.defineMonitor(io.github.corebanking.ledger.NewMonitor
        .builder().name("guards-category").category(watched.id())
        .when(io.github.corebanking.ledger.MonitorMeasure.POSTED, io.github.corebanking.ledger.MonitorComparison.LESS_THAN,
            Money.ofMinor(0, cash.currency())).build());
    String missing = "INSERT INTO " + s + ".balance_monitors (id, name, category_id, currency, currency_scale, measure, "
        + "comparison, threshold, created_at) VALUES (gen_random_uuid(), 'guards-ghost', gen_random_uuid(), 'USD', 2, "
        + "'POSTED', 'LESS_THAN', 0, now())";
    String both = "INSERT INTO " + s + ".balance_monitors (id, name, account_id, category_id, currency, currency_scale, "
        + "measure, comparison, threshold, created_at) VALUES (gen_random_uuid(), 'guards-both', '" + cash.id() + "', '"
        + watched.id() + "', 'USD', 2, 'POSTED', 'LESS_THAN', 0, now())";
    String delete = "DELETE FROM " + s + ".categories WHERE id = '" + watched.id() + "'";
    for (String sql : List.of(missing, delete)) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("23503"));
      assertThatThrownBy(() -> asOwner(sql)).as("even the owner: " + sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("23503"));
    }
    assertThatThrownBy(() -> asRuntime(both)).as(both).isInstanceOfSatisfying(SQLException.class,
        e -> assertThat(state(e)).isEqualTo("23514"));
    assertThat(ledger.monitors()).extracting(io.github.corebanking.ledger.BalanceMonitor::name)
        .contains("guards-category").doesNotContain("guards-ghost", "guards-both");
    ledger.removeMonitor(monitor.id());
    asRuntime(delete);
    assertThat(ledger.categories()).doesNotContain(watched);
  }

  @Test
  void aClosedAccountIsNeverReopenedAndADefinitionNeverChangesWhateverTheRole() throws SQLException {
    for (String sql : List.of("UPDATE " + s + ".accounts SET status = 'OPEN' WHERE id = '" + closed.id() + "'",
        "UPDATE " + s + ".accounts SET status = 'FROZEN' WHERE id = '" + closed.id() + "'")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getMessage()).contains("is CLOSED and cannot become"));
      assertThatThrownBy(() -> asOwner(sql)).as("owner: " + sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getMessage()).contains("never reopened").satisfies(x -> assertThat(state(e)).isEqualTo("23001")));
    }
    assertThatThrownBy(() -> asRuntime("UPDATE " + s + ".accounts SET currency = 'EUR' WHERE id = '" + cash.id() + "'"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(state(e)).isEqualTo("42501"));
    for (String change : List.of("currency = 'EUR'", "type = 'EXPENSE'", "currency_scale = 3", "code = 'other'")) {
      assertThatThrownBy(() -> asOwner("UPDATE " + s + ".accounts SET " + change + " WHERE id = '" + cash.id() + "'"))
          .as(change).isInstanceOfSatisfying(SQLException.class,
              e -> assertThat(e.getMessage()).contains("never change"));
    }
    assertThat(ledger.account(closed.id()).status()).isEqualTo(AccountStatus.CLOSED);
    asRuntime("UPDATE " + s + ".accounts SET status = 'FROZEN' WHERE id = '" + cash.id() + "'");
    asRuntime("UPDATE " + s + ".accounts SET status = 'OPEN' WHERE id = '" + cash.id() + "'");
  }

  /** The arrays of one post_batch call, filled by a test with what it wants to forge. */
  private static final class Batch {
    final List<UUID> aId = new ArrayList<>();
    final List<String> aCurrency = new ArrayList<>();
    final List<Integer> aScale = new ArrayList<>();
    final List<Boolean> aDebitNormal = new ArrayList<>();
    final List<Long> aFinal = new ArrayList<>();
    final List<Long> aExpected = new ArrayList<>();
    final List<String> aStatus = new ArrayList<>();
    final List<UUID> tId = new ArrayList<>();
    final List<String> tStatus = new ArrayList<>();
    final List<UUID> sId = new ArrayList<>();
    final List<String> sStatus = new ArrayList<>();
    final List<UUID> eTx = new ArrayList<>();
    final List<UUID> eAcc = new ArrayList<>();
    final List<String> eSide = new ArrayList<>();
    final List<Long> eAmount = new ArrayList<>();
    final List<Long> eAfter = new ArrayList<>();
    final List<Long> eVer = new ArrayList<>();
    /** The hash every entry claims and the digest every transaction claims; null forges a batch without them. */
    String chainValue = "ab".repeat(32);

    /** An account at its current counters and version, to end at the given ones. */
    Batch account(Account a, long[] now, long[] after) {
      aId.add(a.id().value());
      aCurrency.add(a.currency().code());
      aScale.add(a.currency().scale());
      aDebitNormal.add(a.type().normalSide() == io.github.corebanking.ledger.Side.DEBIT);
      aStatus.add("OPEN");
      for (long x : after) {
        aFinal.add(x);
      }
      for (long x : now) {
        aExpected.add(x);
      }
      return this;
    }

    /** Claims another currency and normal side for the last account added than its row has. */
    Batch claiming(String currency, boolean debitNormal) {
      aCurrency.set(aCurrency.size() - 1, currency);
      aDebitNormal.set(aDebitNormal.size() - 1, debitNormal);
      return this;
    }

    Batch created(UUID id) {
      tId.add(id);
      tStatus.add("POSTED");
      return this;
    }

    Batch entry(UUID tx, Account a, String side, long amount, long after, long version) {
      eTx.add(tx);
      eAcc.add(a.id().value());
      eSide.add(side);
      eAmount.add(amount);
      eAfter.add(after);
      eVer.add(version);
      return this;
    }

    void apply() throws SQLException {
      try (Connection c = runtime.getConnection();
          PreparedStatement ps = c.prepareStatement(new PostingSqlText().postBatch())) {
        int k = 1;
        int n = aId.size();
        ps.setArray(k++, c.createArrayOf("uuid", aId.toArray()));
        ps.setArray(k++, c.createArrayOf("text", aCurrency.toArray()));
        ps.setArray(k++, c.createArrayOf("int2", aScale.toArray()));
        ps.setArray(k++, c.createArrayOf("bool", aDebitNormal.toArray()));
        for (int field = 0; field < 5; field++) {
          ps.setArray(k++, c.createArrayOf("int8", column(aFinal, field)));
        }
        ps.setArray(k++, c.createArrayOf("text", aStatus.toArray()));
        for (int field = 0; field < 5; field++) {
          ps.setArray(k++, c.createArrayOf("int8", column(aExpected, field)));
        }
        int t = tId.size();
        ps.setArray(k++, c.createArrayOf("uuid", tId.toArray()));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "forged-" + tId.get(i))));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "hash")));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "forged")));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "2026-05-05")));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "2026-05-05T09:00:00Z")));
        ps.setArray(k++, c.createArrayOf("text", tStatus.toArray()));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> "{}")));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> null)));
        ps.setArray(k++, c.createArrayOf("uuid", fill(t, i -> null)));
        ps.setArray(k++, c.createArrayOf("text", fill(t, i -> chainValue)));
        ps.setArray(k++, c.createArrayOf("uuid", sId.toArray()));
        ps.setArray(k++, c.createArrayOf("text", sStatus.toArray()));
        ps.setArray(k++, c.createArrayOf("text", fill(sId.size(), i -> "2026-05-05T09:00:00Z")));
        ps.setArray(k++, c.createArrayOf("text", fill(sId.size(), i -> chainValue)));
        int e = eTx.size();
        ps.setArray(k++, c.createArrayOf("uuid", fill(e, i -> UUID.randomUUID())));
        // Positions: the k-th created transaction is k, the k-th settled one -k; accounts from 1.
        ps.setArray(k++, c.createArrayOf("int4", fill(e, i -> tId.contains(eTx.get(i))
            ? tId.indexOf(eTx.get(i)) + 1 : -(sId.indexOf(eTx.get(i)) + 1))));
        ps.setArray(k++, c.createArrayOf("int4", fill(e, i -> i)));
        ps.setArray(k++, c.createArrayOf("int4", fill(e, i -> aId.indexOf(eAcc.get(i)) + 1)));
        ps.setArray(k++, c.createArrayOf("bool", fill(e, i -> "DEBIT".equals(eSide.get(i)))));
        ps.setArray(k++, c.createArrayOf("int8", eAmount.toArray()));
        ps.setArray(k++, c.createArrayOf("bool", fill(e, i -> false)));
        ps.setArray(k++, c.createArrayOf("text", fill(e, i -> "2026-05-05T09:00:00Z")));
        ps.setArray(k++, c.createArrayOf("int8", eAfter.toArray()));
        ps.setArray(k++, c.createArrayOf("int8", eVer.toArray()));
        ps.setArray(k, c.createArrayOf("text", fill(e, i -> chainValue)));
        ps.execute();
      }
    }

    private static Object[] column(List<Long> values, int field) {
      Object[] out = new Object[values.size() / 5];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i * 5 + field);
      }
      return out;
    }

    private static Object[] fill(int n, java.util.function.IntFunction<Object> value) {
      Object[] out = new Object[n];
      for (int i = 0; i < n; i++) {
        out[i] = value.apply(i);
      }
      return out;
    }
  }

  /** The store's own post_batch statement for this schema. */
  private static final class PostingSqlText {
    String postBatch() {
      return new io.github.corebanking.ledger.postgres.internal.PostingSql(s).get("postBatch");
    }
  }

  /** posted debits, posted credits, pending debits, pending credits, version of an account now. */
  private static long[] now(Account a) {
    io.github.corebanking.ledger.Balance b = ledger.balance(a.id());
    return new long[] {b.postedDebits(), b.postedCredits(), b.pendingDebits(), b.pendingCredits(), b.version()};
  }

  private static long[] plus(long[] c, long pd, long pc, long qd, long qc, long ver) {
    return new long[] {c[0] + pd, c[1] + pc, c[2] + qd, c[3] + qc, c[4] + ver};
  }

  private static void assertRefusedByTheBatchCheck(Batch b, String message) {
    assertThatThrownBy(b::apply).isInstanceOfSatisfying(SQLException.class, e -> {
      assertThat(state(e)).isEqualTo("LG002");
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void postBatchRefusesCountersThatDoNotMoveByTheirEntries() {
    long[] d = now(deposits);
    assertRefusedByTheBatchCheck(new Batch().account(deposits, d, plus(d, 0, 5_000, 0, 0, 1)),
        "do not move by its entries");
    long[] c = now(cash);
    UUID tx = UUID.randomUUID();
    // Balanced entries, but the credit counter moved twice as far.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 200, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "do not move by its entries");
    assertThat(now(deposits)).isEqualTo(d);
  }

  @Test
  void postBatchRefusesAnUnbalancedTransactionAndForgedBalancesAfter() {
    long[] c = now(cash);
    long[] d = now(deposits);
    UUID tx = UUID.randomUUID();
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 300, 0, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 300, c[0] - c[1] + 300, c[4] + 1), "do not balance");
    UUID other = UUID.randomUUID();
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(other)
        .entry(other, cash, "DEBIT", 100, 123_456, c[4] + 1)
        .entry(other, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "does not carry its account's balance after it");
    UUID third = UUID.randomUUID();
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 2))
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(third)
        .entry(third, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 2)
        .entry(third, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "do not move by its entries");
    UUID fourth = UUID.randomUUID();
    // The version the account already has, not one above it.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(fourth)
        .entry(fourth, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4])
        .entry(fourth, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "does not carry a version of the batch");
    assertThat(ledger.transactionByKey("forged-" + tx)).isEmpty();
  }

  @Test
  void postBatchRefusesSettlingAHoldWithoutItsEntries() {
    long[] c = now(cash);
    long[] d = now(deposits);
    Batch b = new Batch().account(cash, c, plus(c, 0, 0, 0, -1_000, 1)).account(deposits, d, plus(d, 0, 0, -1_000, 0, 1));
    b.sId.add(hold.id().value());
    b.sStatus.add("POSTED");
    assertRefusedByTheBatchCheck(b, "does not have the entries its status needs");
    assertThat(ledger.transaction(hold.id()).orElseThrow().status())
        .isEqualTo(io.github.corebanking.ledger.TransactionStatus.PENDING);
  }

  @Test
  void aCorrectBatchThroughTheFunctionIsAcceptedSoTheChecksAreNotBlanketRefusals() throws SQLException {
    long[] c = now(cash);
    long[] d = now(deposits);
    UUID tx = UUID.randomUUID();
    new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1)).account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1).apply();
    try (Ledger fresh = Ledger.builder().store(PostgresLedgerStore.builder(owner).schema(schema).build())
        .closeStoreOnClose(true).build()) {
      assertThat(fresh.balance(deposits.id()).version()).isEqualTo(d[4] + 1);
      assertThat(fresh.checkIntegrity().ok()).isTrue();
    }
    // The batch is dated 5 May: its entries carry that date, and value_balances moved with them.
    assertThat(PgTestSupport.misdatedEntries(owner, schema)).isZero();
    assertThat(PgTestSupport.valueBalanceDifferences(owner, schema)).isZero();
  }

  @Test
  void postBatchRefusesABatchWithoutItsHashesAndDigests() {
    long[] c = now(cash);
    long[] d = now(deposits);
    UUID tx = UUID.randomUUID();
    Batch b = new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1)).account(deposits, d, plus(d, 0, 100, 0, 0, 1))
        .created(tx).entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1);
    b.chainValue = null;
    assertRefusedByTheBatchCheck(b, "must carry a hash for each of its 2 entries");
  }

  @Test
  void theRuntimeRoleCannotSetAChainHeadAHashADigestOrWhereHashingStarted() {
    for (String sql : List.of(
        "UPDATE " + s + ".accounts SET last_entry_hash = NULL WHERE id = '" + deposits.id() + "'",
        "UPDATE " + s + ".entries SET hash = NULL WHERE account_id = '" + deposits.id() + "'",
        "UPDATE " + s + ".transactions SET digest = NULL WHERE id = '" + hold.id() + "'",
        "INSERT INTO " + s + ".hash_chain_checkpoints (account_id, unhashed_through) VALUES ('" + cash.id() + "', 99)",
        "UPDATE " + s + ".hash_chain_checkpoints SET unhashed_through = 99")) {
      assertThatThrownBy(() -> asRuntime(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(state(e)).isEqualTo("42501"));
    }
    // Not even its owner changes a transaction's digest but by committing the hold.
    assertThatThrownBy(() -> asOwner("UPDATE " + s + ".transactions SET digest = NULL WHERE id = '" + hold.id() + "'"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(state(e)).isEqualTo("23001"));
  }

  @Test
  void postBatchRefusesAnAccountClaimedInAnotherCurrencyOrNormalSide() {
    long[] c = now(cash);
    long[] d = now(deposits);
    UUID tx = UUID.randomUUID();
    // Claimed in EUR, the USD row is not updated; claimed debit-normal, the liability is not either.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1)).claiming("EUR", true)
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "of which 1 exist once in the currency");
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).claiming("USD", true).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[0] - d[1] + 100, d[4] + 1), "of which 1 exist once in the currency");
    assertThat(now(cash)).isEqualTo(c);
  }

  @Test
  void postBatchRefusesEntriesNamingNoAccountOrTransactionOrSplitAcrossTheBatch() {
    long[] c = now(cash);
    long[] d = now(deposits);
    UUID tx = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    // An entry on an account the batch does not name.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1), "names no account of the batch");
    // An entry of a transaction the batch neither creates nor settles.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 100, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 100, d[1] - d[0] + 100, d[4] + 1)
        .entry(other, deposits, "CREDIT", 100, d[1] - d[0] + 200, d[4] + 2), "belongs to no transaction");
    // Two balanced transactions, the first one's entries in two balanced groups around the second.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 200, 0, 0, 0, 2))
        .account(deposits, d, plus(d, 0, 200, 0, 0, 2)).created(tx).created(other)
        .entry(tx, cash, "DEBIT", 50, c[0] - c[1] + 50, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 50, d[1] - d[0] + 50, d[4] + 1)
        .entry(other, cash, "DEBIT", 100, c[0] - c[1] + 150, c[4] + 2)
        .entry(other, deposits, "CREDIT", 100, d[1] - d[0] + 150, d[4] + 2)
        .entry(tx, cash, "DEBIT", 50, c[0] - c[1] + 200, c[4] + 1)
        .entry(tx, deposits, "CREDIT", 50, d[1] - d[0] + 200, d[4] + 1), "are not together in the batch");
    assertThat(now(deposits)).isEqualTo(d);
  }

  @Test
  void postBatchBalancesEachCurrencyOfATransactionOnItsOwn() throws SQLException {
    long[] c = now(cash);
    long[] d = now(deposits);
    long[] x = now(euros);
    UUID tx = UUID.randomUUID();
    // 100 USD debited, 100 EUR debited, 200 USD credited: the amounts add up to zero, the currencies do not.
    assertRefusedByTheBatchCheck(new Batch().account(cash, c, plus(c, 100, 0, 0, 0, 1))
        .account(deposits, d, plus(d, 0, 200, 0, 0, 1)).account(euros, x, plus(x, 100, 0, 0, 0, 1)).created(tx)
        .entry(tx, cash, "DEBIT", 100, c[0] - c[1] + 100, c[4] + 1)
        .entry(tx, euros, "DEBIT", 100, x[0] - x[1] + 100, x[4] + 1)
        .entry(tx, deposits, "CREDIT", 200, d[1] - d[0] + 200, d[4] + 1), "do not balance");
    assertThat(now(euros)).isEqualTo(x);
  }

  @Test
  void partitionsOutsideTheSupportedRangeAreRefusedAndANameClashIsNoticed() throws SQLException {
    for (String month : List.of("2027-05-01 BC", "infinity", "-infinity")) {
      assertThatThrownBy(() -> asRuntime("SELECT " + s + ".ensure_entries_partition(date '" + month + "')"))
          .as(month).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(state(e)).isEqualTo("22008");
            assertThat(e.getMessage()).contains("outside the supported range 0001-01-01 to 9999-12-31");
          });
    }
    asOwner("CREATE TABLE " + s + ".entries_2031_07 (x int)");
    assertThatThrownBy(() -> asRuntime("SELECT " + s + ".ensure_entries_partition(date '2031-07-15')"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(state(e)).isEqualTo("42P07");
          assertThat(e.getMessage()).contains("partition name clash").contains("entries_2031_07");
        });
    asRuntime("SELECT " + s + ".ensure_entries_partition(date '9999-12-01')");
    asRuntime("SELECT " + s + ".ensure_entries_partition(date '0001-01-01')");
  }
}
