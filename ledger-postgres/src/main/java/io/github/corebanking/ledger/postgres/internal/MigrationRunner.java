package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned SQL scripts recorded in a history table with their checksums; shared by the
 * ledger's and the loans' migrations. Not supported for use outside the library.
 */
public final class MigrationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  /** Work on a connection inside one database transaction. */
  @FunctionalInterface
  public interface TransactionWork {
    /**
     * @param c the connection, auto-commit off
     * @return how many scripts were applied
     * @throws SQLException on a database failure
     */
    int run(Connection c) throws SQLException;
  }

  private MigrationRunner() {}

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws.
   *
   * @param dataSource the database
   * @param context    what is being done, for the translated error
   * @param work       the work
   * @return the work's result
   */
  public static int inTransaction(DataSource dataSource, String context, TransactionWork work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        int applied = work.run(c);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw SqlStates.translate(e, context);
    }
  }

  /**
   * Applies the scripts a schema lacks, after checking that the applied ones are known and
   * unchanged. The caller has taken its lock and created the history table.
   *
   * @param c           the connection, in a transaction
   * @param schema      the schema, for messages
   * @param what        what a script is called in messages, such as {@code "migration"}
   * @param migrations  version to script file name
   * @param location    the resource folder of the scripts
   * @param readHistory SQL returning (version, checksum) rows
   * @param record      SQL recording (version, name, checksum, duration ms)
   * @return how many scripts were applied
   * @throws SQLException on a database failure
   */
  public static int applyScripts(Connection c, String schema, String what, SortedMap<Integer, String> migrations,
      String location, String readHistory, String record) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(readHistory)) {
      while (rs.next()) {
        applied.put(rs.getInt(1), rs.getString(2));
      }
    }
    for (Integer version : applied.keySet()) {
      if (!migrations.containsKey(version)) {
        throw new StoreUnavailableException("schema", schema, "is at " + what + " version " + version
            + ", newer than this library's " + migrations.lastKey() + "; upgrade the library");
      }
    }
    int count = 0;
    for (Map.Entry<Integer, String> m : migrations.entrySet()) {
      String script = SqlResources.text(location + m.getValue());
      String checksum = sha256(script);
      String known = applied.get(m.getKey());
      if (known != null) {
        if (!known.equals(checksum)) {
          throw new StoreUnavailableException("schema", schema, "has " + what + " " + m.getValue()
              + " applied with checksum " + known + ", but this library ships " + checksum
              + "; the applied script was changed");
        }
        continue;
      }
      long t0 = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute(script);
      }
      try (PreparedStatement h = c.prepareStatement(record)) {
        h.setInt(1, m.getKey());
        h.setString(2, m.getValue());
        h.setString(3, checksum);
        h.setLong(4, (System.nanoTime() - t0) / 1_000_000);
        h.executeUpdate();
      }
      LOG.info("ledger schema {}: applied {} {}", schema, what, m.getValue());
      count++;
    }
    return count;
  }

  /**
   * @param text a script
   * @return its SHA-256 digest in hex
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The original failure is what matters; the connection is being given back anyway.
    }
  }
}
