package io.github.corebanking.ledger.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Connection pools, schemas and small booking helpers for the PostgreSQL tests. */
final class PgTestSupport {

  private PgTestSupport() {}

  /** A small pool on the test server. */
  static HikariDataSource pool(String name, int size) {
    return pool(name, size, "ledger-test");
  }

  /** A small pool whose sessions carry an application name (to find their backends). */
  static HikariDataSource pool(String name, int size, String applicationName) {
    HikariConfig config = new HikariConfig();
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.setJdbcUrl(TestServices.postgresJdbcUrl());
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** A small pool on the test server that logs in as another role (trust authentication). */
  static HikariDataSource poolAs(String role, int size) {
    HikariConfig config = new HikariConfig();
    String url = TestServices.postgresJdbcUrl();
    config.setJdbcUrl(url.contains("user=") ? url.replaceAll("user=[^&]*", "user=" + role)
        : url + (url.contains("?") ? "&" : "?") + "user=" + role);
    config.setMaximumPoolSize(size);
    config.setPoolName("as-" + role);
    return new HikariDataSource(config);
  }

  /** Creates a login role holding what {@link PostgresLedgerSchema#runtimeGrants} grants on the schema. */
  static void createRuntimeRole(DataSource owner, String schema, String role) throws SQLException {
    try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN");
      for (String grant : PostgresLedgerSchema.runtimeGrants(schema, role)) {
        st.execute(grant);
      }
    }
  }

  /** Drops a role created by a test, with whatever it was granted. */
  static void dropRole(DataSource owner, String role) throws SQLException {
    try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP OWNED BY " + role);
      st.execute("DROP ROLE " + role);
    }
  }

  static void drop(String schema) {
    TestServices.dropSchema(TestServices.postgresJdbcUrl(), schema);
  }

  static Account open(Ledger ledger, String code, AccountType type, boolean noOverdraft) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).debitsMustNotExceedCredits(noOverdraft).build());
  }

  static PostingRequest transfer(String key, Account debit, Account credit, long minor) {
    Money amount = Money.ofMinor(minor, CurrencyUnit.USD);
    return PostingRequest.builder().idempotencyKey(key).description("transfer " + key)
        .debit(debit.id(), amount).credit(credit.id(), amount).build();
  }

  /** Runs one query returning a single long, for assertions on what the database holds. */
  static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How many (account, value date) pairs disagree between {@code value_balances} and the posted
   * entries, summed by their transactions' value dates and cumulated per account: a row wrong,
   * missing or left over. Zero means every account's balance on every date is its entries'.
   */
  static long valueBalanceDifferences(DataSource ds, String schema) {
    String s = PostgresLedgerSchema.quotedSchema(schema);
    return count(ds, """
        WITH posted AS (
            SELECT e.account_id, t.effective_date AS value_date,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
              FROM %1$s.entries e JOIN %1$s.transactions t ON t.id = e.transaction_id
             WHERE NOT e.pending
             GROUP BY e.account_id, t.effective_date
        ), want AS (
            SELECT account_id, value_date, sum(debits) OVER w AS debits, sum(credits) OVER w AS credits
              FROM posted
            WINDOW w AS (PARTITION BY account_id ORDER BY value_date ROWS UNBOUNDED PRECEDING)
        )
        SELECT count(*)
          FROM want FULL JOIN %1$s.value_balances v USING (account_id, value_date)
         WHERE want.debits IS DISTINCT FROM v.posted_debits OR want.credits IS DISTINCT FROM v.posted_credits
        """.formatted(s));
  }

  /** How many entries carry a value date other than their transaction's. */
  static long misdatedEntries(DataSource ds, String schema) {
    String s = PostgresLedgerSchema.quotedSchema(schema);
    return count(ds, ("SELECT count(*) FROM %1$s.entries e LEFT JOIN %1$s.transactions t ON t.id = e.transaction_id "
        + "WHERE e.value_date IS DISTINCT FROM t.effective_date").formatted(s));
  }
}
