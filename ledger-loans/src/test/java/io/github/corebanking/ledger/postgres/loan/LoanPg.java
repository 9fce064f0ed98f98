package io.github.corebanking.ledger.postgres.loan;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Pools, schemas and one-line queries for the loan tests on PostgreSQL. */
final class LoanPg {

  private LoanPg() {}

  /** A small pool on the test server. */
  static HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.postgresJdbcUrl());
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /**
   * Migrates only the ledger's module, as a schema looks before the loan module is applied (the
   * one public call, {@code PostgresLedgerSchema.migrate}, applies both whenever this jar is there).
   */
  static void migrateLedgerOnly(DataSource ds, String schema) {
    MigrationRunner.migrate(ds, schema, List.of(PostgresLedgerSchema.ledgerModule()));
  }

  static void drop(String schema) {
    TestServices.dropSchema(TestServices.postgresJdbcUrl(), schema);
  }

  /** Runs one query returning a single long. */
  static long queryLong(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
