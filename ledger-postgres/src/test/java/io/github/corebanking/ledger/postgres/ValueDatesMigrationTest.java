package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.internal.EntryHashes;
import io.github.corebanking.ledger.ValueDatedLine;
import io.github.corebanking.ledger.ValueDatedStatementPage;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ledger booked at schema version 6 (backdated, current- and future-dated postings, a hold
 * committed later, a hold still pending, a reversal) migrated to version 7: every entry takes its
 * transaction's value date, value_balances holds what the entries add up to on every date, the
 * store reads balances on dates from it, and postings after the upgrade keep it exact.
 */
class ValueDatesMigrationTest {

  private static final LocalDate MAY_20 = LocalDate.parse("2026-05-20");

  @Test
  void migratingToVersion7BackfillsValueDatesAndValueBalancesFromTheEntries() throws SQLException {
    String schema = TestServices.freshSchemaName("value_dates_upgrade");
    try (HikariDataSource owner = PgTestSupport.pool("value-dates-upgrade", 4)) {
      try {
        UserMigrationTools.flywayTo(owner, schema, "6", UserMigrationTools.LEDGER_LOCATION);
        String s = PostgresLedgerSchema.quotedSchema(schema);
        MutableClock clock = MutableClock.at("2026-05-20T08:00:00Z");
        // This release's store refuses a schema without value_balances; standing in for a node of the
        // previous release, it is built while a placeholder of that name exists. Its postings go
        // through version 5's post_batch, as that node's would.
        // The same for version 8's history_import; a node of that release reads it through
        // lock_history_import and marks the ledger live through mark_live, stand-ins here (nothing
        // imported, not live) until the upgrade. Version 9's changes table too: that node reads no
        // change feed. And version 11's category_accounts, which its postings never read, and version
        // 12's monitor_alerts: that node evaluates no monitors.
        // The same for version 10's hash chains: the node reads and writes them through stand-in
        // columns and a post_batch of version 10's signature that hands the batch to version 5's and
        // drops the hashes, as that node's post_batch would; the stand-ins go before the upgrade.
        execute(owner, "CREATE VIEW " + s + ".value_balances AS SELECT 1 AS placeholder");
        execute(owner, "CREATE VIEW " + s + ".history_import AS SELECT 1 AS placeholder");
        execute(owner, "CREATE VIEW " + s + ".hash_chain_checkpoints AS SELECT 1 AS placeholder");
        execute(owner, "CREATE VIEW " + s + ".changes AS SELECT 1 AS placeholder");
        execute(owner, "CREATE VIEW " + s + ".category_accounts AS SELECT 1 AS placeholder");
        execute(owner, "CREATE VIEW " + s + ".monitor_alerts AS SELECT 1 AS placeholder");
        // It remembers no account states: that node kept no chain heads.
        PostgresLedgerStore store = PostgresLedgerStore.builder(owner).schema(schema).accountCacheSize(0).build();
        execute(owner, "DROP VIEW " + s + ".value_balances");
        execute(owner, "DROP VIEW " + s + ".history_import");
        execute(owner, "DROP VIEW " + s + ".hash_chain_checkpoints");
        execute(owner, "DROP VIEW " + s + ".changes");
        execute(owner, "DROP VIEW " + s + ".category_accounts");
        execute(owner, "DROP VIEW " + s + ".monitor_alerts");
        execute(owner, "ALTER TABLE " + s + ".accounts ADD COLUMN last_entry_hash bytea");
        execute(owner, "ALTER TABLE " + s + ".transactions ADD COLUMN digest bytea");
        execute(owner, "ALTER TABLE " + s + ".entries ADD COLUMN hash bytea");
        execute(owner, "CREATE FUNCTION " + s + ".post_batch(" + POST_BATCH_10 + ") RETURNS void LANGUAGE sql "
            + "AS 'SELECT " + s + ".post_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $27, $28, $29, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40)'");
        execute(owner, "CREATE FUNCTION " + s + ".mark_live(timestamptz) RETURNS void LANGUAGE sql AS 'SELECT'");
        execute(owner, "CREATE FUNCTION " + s + ".lock_history_import(OUT booked_through timestamptz, OUT live boolean) "
            + "LANGUAGE sql AS 'SELECT CAST(NULL AS timestamptz), false'");
        try (Ledger ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build()) {
          Account cash = open(ledger, "1000", AccountType.ASSET, false);
          Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
          Account fees = open(ledger, "4000", AccountType.REVENUE, false);
          ledger.post(dated("today", cash, deposits, 10_000, MAY_20));
          Transaction backdated = ledger.post(dated("may-10", cash, deposits, 2_000, LocalDate.parse("2026-05-10")));
          ledger.post(dated("may-01", cash, deposits, 500, LocalDate.parse("2026-05-01")));
          ledger.post(dated("june-01", cash, deposits, 50, LocalDate.parse("2026-06-01")));
          Transaction hold = ledger.post(held("hold-may-15", deposits, fees, 300, LocalDate.parse("2026-05-15")));
          ledger.post(held("hold-open", deposits, fees, 70, LocalDate.parse("2026-05-18")));
          clock.set(Instant.parse("2026-05-21T08:00:00Z"));
          ledger.commit(hold.id());
          ledger.reverse(backdated.id());

          Transaction heldAcross = ledger.post(held("hold-across", deposits, fees, 40, LocalDate.parse("2026-05-19")));
          long cashVersion = ledger.balance(cash.id()).version();

          execute(owner, "DROP FUNCTION " + s + ".mark_live(timestamptz)");
          execute(owner, "DROP FUNCTION " + s + ".lock_history_import()");
          execute(owner, "DROP FUNCTION " + s + ".post_batch(" + POST_BATCH_10 + ")");
          execute(owner, "ALTER TABLE " + s + ".accounts DROP COLUMN last_entry_hash");
          execute(owner, "ALTER TABLE " + s + ".transactions DROP COLUMN digest");
          execute(owner, "ALTER TABLE " + s + ".entries DROP COLUMN hash");
          assertThat(PostgresLedgerSchema.migrate(owner, schema)).as("scripts applied: versions 7 to 12")
              .isEqualTo(6);
          // Version 9 queues the history on record: every booking, settlement and reversal, once.
          List<Change> feed = ledger.changes(0, 100).changes();
          assertThat(feed).extracting(Change::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
          assertThat(feed).filteredOn(c -> c.type() == ChangeType.BOOKED).hasSize(8);
          assertThat(feed).filteredOn(c -> c.type() == ChangeType.COMMITTED).singleElement()
              .satisfies(c -> assertThat(c.transactionId()).isEqualTo(hold.id()));
          assertThat(feed).filteredOn(c -> c.type() == ChangeType.REVERSED).singleElement()
              .satisfies(c -> assertThat(c.transactionId()).isEqualTo(backdated.id()));
          assertThat(feed).filteredOn(c -> c.transactionId().equals(hold.id())).extracting(Change::type)
              .containsExactly(ChangeType.BOOKED, ChangeType.COMMITTED);
          assertThat(PgTestSupport.count(owner, "SELECT count(*) FROM " + s + ".history_import WHERE live_since = "
              + "timestamptz '2026-05-20 08:00:00Z'")).as("a ledger with postings is live from its first").isOne();
          assertThat(PostgresLedgerSchema.currentVersion(owner, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());

          assertThat(PgTestSupport.misdatedEntries(owner, schema)).isZero();
          assertThat(PgTestSupport.valueBalanceDifferences(owner, schema)).isZero();
          assertThat(PgTestSupport.count(owner, "SELECT count(*) FROM " + s + ".value_balances")).isEqualTo(12);
          assertThat(PgTestSupport.count(owner, "SELECT count(*) FROM pg_proc WHERE proname = 'apply_batch' "
              + "AND pronamespace = CAST(CAST('" + schema + "' AS regnamespace) AS oid)")).as("apply_batch").isZero();

          Map<String, Long> expected = new LinkedHashMap<>();
          expected.put("2026-04-30", 0L);
          expected.put("2026-05-01", 500L);
          expected.put("2026-05-09", 500L);
          expected.put("2026-05-10", 2_500L);
          expected.put("2026-05-15", 2_200L);
          expected.put("2026-05-19", 2_200L);
          expected.put("2026-05-20", 12_200L);
          expected.put("2026-05-21", 10_200L);
          expected.put("2026-05-31", 10_200L);
          expected.put("2026-06-01", 10_250L);
          assertThat(balancesOn(ledger, deposits, expected)).isEqualTo(expected);
          assertThat(ledger.balanceOn(fees.id(), LocalDate.parse("2026-05-14")).posted().minorUnits()).isZero();
          assertThat(ledger.balanceOn(fees.id(), LocalDate.parse("2026-05-15")).posted().minorUnits()).isEqualTo(300);
          assertThat(ledger.balanceOn(deposits.id(), LocalDate.MAX).posted())
              .isEqualTo(ledger.balance(deposits.id()).posted());

          // After the upgrade: a posting backdated to 5 May moves every later value date at once.
          ledger.post(dated("may-05", cash, deposits, 1_000, LocalDate.parse("2026-05-05")));
          expected.replaceAll((date, minor) -> date.compareTo("2026-05-05") >= 0 ? minor + 1_000 : minor);
          assertThat(balancesOn(ledger, deposits, expected)).isEqualTo(expected);
          assertThat(PgTestSupport.valueBalanceDifferences(owner, schema)).isZero();
          assertThat(PgTestSupport.misdatedEntries(owner, schema)).isZero();

          ValueDatedStatementPage may = ledger.valueDatedStatement(deposits.id(), LocalDate.parse("2026-05-01"),
              LocalDate.parse("2026-05-31"), PageRequest.first(3));
          assertThat(may.openingBalance().minorUnits()).isZero();
          assertThat(may.lines()).extracting(ValueDatedLine::valueDate).extracting(LocalDate::toString)
              .containsExactly("2026-05-01", "2026-05-05", "2026-05-10");
          ValueDatedStatementPage rest = ledger.valueDatedStatement(deposits.id(), LocalDate.parse("2026-05-01"),
              LocalDate.parse("2026-05-31"), PageRequest.after(may.nextCursor(), 10));
          assertThat(rest.openingBalance().minorUnits()).isEqualTo(3_500);
          assertThat(rest.lines()).extracting(ValueDatedLine::valueDate).extracting(LocalDate::toString)
              .containsExactly("2026-05-15", "2026-05-20", "2026-05-21");
          assertThat(rest.lines().get(rest.lines().size() - 1).valueBalanceAfter().minorUnits()).isEqualTo(11_200);
          assertThat(ledger.checkIntegrity().ok()).isTrue();

          // Version 10: the entries booked before it carry no hash and are not walked; each account's
          // chain starts at its first entry booked after it, chained to the genesis value, and a hold
          // booked before and committed after gets a digest over its old and new entries.
          assertThat(PgTestSupport.count(owner, "SELECT unhashed_through FROM " + s + ".hash_chain_checkpoints "
              + "WHERE account_id = '" + cash.id().value() + "'")).isEqualTo(cashVersion);
          assertThat(PgTestSupport.count(owner, "SELECT count(*) FROM " + s + ".entries WHERE hash IS NOT NULL"))
              .as("entries of version 10").isEqualTo(2);
          Transaction committed = ledger.commit(heldAcross.id());
          assertThat(committed.digest()).isEqualTo(EntryHashes.transactionDigest(committed));
          assertThat(committed.pendingEntries()).extracting(Entry::hash).containsOnlyNulls();
          Entry firstLink = ledger.transactionByKey("may-05").orElseThrow().entries().stream()
              .filter(e -> e.accountId().equals(cash.id())).findFirst().orElseThrow();
          assertThat(firstLink.hash()).isEqualTo(EntryHashes.entryHash(null, firstLink));
          HashChainReport chains = ledger.verifyHashChains(true);
          assertThat(chains.findings()).isEmpty();
          assertThat(chains.entriesChecked()).as("the entries booked since version 10").isEqualTo(4);
        }
      } finally {
        PgTestSupport.drop(schema);
      }
    }
  }

  /** The argument types of version 10's post_batch. */
  private static final String POST_BATCH_10 = "uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[], "
      + "bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], "
      + "date[], timestamptz[], text[], text[], timestamptz[], uuid[], text[], uuid[], text[], timestamptz[], text[], "
      + "uuid[], integer[], integer[], integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[], "
      + "text[]";

  private static Map<String, Long> balancesOn(Ledger ledger, Account account, Map<String, Long> dates) {
    Map<String, Long> read = new LinkedHashMap<>();
    for (String date : dates.keySet()) {
      read.put(date, ledger.balanceOn(account.id(), LocalDate.parse(date)).posted().minorUnits());
    }
    return read;
  }

  private static PostingRequest dated(String key, Account debit, Account credit, long minor, LocalDate date) {
    return request(key, debit, credit, minor, date, false);
  }

  private static PostingRequest held(String key, Account debit, Account credit, long minor, LocalDate date) {
    return request(key, debit, credit, minor, date, true);
  }

  private static PostingRequest request(String key, Account debit, Account credit, long minor,
      LocalDate date, boolean pending) {
    Money amount = Money.ofMinor(minor, CurrencyUnit.USD);
    PostingRequest.Builder b = PostingRequest.builder().idempotencyKey(key).description("posting " + key)
        .debit(debit.id(), amount).credit(credit.id(), amount).effectiveDate(date);
    return (pending ? b.pending() : b).build();
  }

  private static void execute(HikariDataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
