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
}
