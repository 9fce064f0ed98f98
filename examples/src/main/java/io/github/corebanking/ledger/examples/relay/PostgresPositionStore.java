package io.github.corebanking.ledger.examples.relay;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A relay's position in a small PostgreSQL table of the relay's own,
 * {@code <schema>.change_feed_relay_positions(relay, position, updated_at)}, one row per relay,
 * created when missing. The schema may be the ledger's: the table is not part of the ledger's
 * migrations and the ledger never reads it.
 *
 * <p>A save is an upsert that never moves a row backwards: a stale relay instance that saves an
 * older position does not undo a newer one (it can only cause republishing, never a gap).
 *
 * <p>When the table is missing, {@link #create} needs the right to create it in the schema; where
 * the relay logs in as the ledger's runtime role, which has not, create the table as the schema's
 * owner first (one {@code create} as the owner does it) and grant the role
 * {@code SELECT, INSERT, UPDATE} on it.
 */
public final class PostgresPositionStore implements PositionStore {

  private static final String CREATE = """
      CREATE TABLE IF NOT EXISTS %s.change_feed_relay_positions (
          relay      text        PRIMARY KEY,
          position   bigint      NOT NULL CHECK (position >= 0),
          updated_at timestamptz NOT NULL DEFAULT now()
      )""";
  private static final String LOAD = "SELECT position FROM %s.change_feed_relay_positions WHERE relay = ?";
  private static final String SAVE = """
      INSERT INTO %s.change_feed_relay_positions AS p (relay, position) VALUES (?, ?)
      ON CONFLICT (relay) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE p.position <= EXCLUDED.position""";

  private final DataSource dataSource;
  private final String relay;
  private final String load;
  private final String save;

  private PostgresPositionStore(DataSource dataSource, String quotedSchema, String relay) {
    this.dataSource = dataSource;
    this.relay = relay;
    this.load = LOAD.formatted(quotedSchema);
    this.save = SAVE.formatted(quotedSchema);
  }

  /**
   * Opens the position of one relay, creating the schema and the table when they are missing.
   *
   * @param dataSource the database
   * @param schema     the schema holding the table, validated as the ledger validates schema names
   * @param relay      the relay's name, such as {@code "main-to-rabbitmq"}: one row each
   * @return the store
   */
  public static PostgresPositionStore create(DataSource dataSource, String schema, String relay) {
    if (relay.isBlank() || relay.length() > 200) {
      throw new IllegalArgumentException("relay name must be 1 to 200 characters: '" + relay + "'");
    }
    String quoted = PostgresLedgerSchema.quotedSchema(schema);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, quoted + ".change_feed_relay_positions");
      boolean present;
      try (ResultSet rs = exists.executeQuery()) {
        present = rs.next() && rs.getBoolean(1);
      }
      // Only when missing: creating, even "IF NOT EXISTS", needs rights a runtime role may lack.
      if (!present) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + quoted);
        s.execute(CREATE.formatted(quoted));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the relay position table in " + quoted + ": "
          + e.getMessage(), e);
    }
    return new PostgresPositionStore(dataSource, quoted, relay);
  }

  @Override
  public long load() {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(load)) {
      s.setString(1, relay);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the position of relay " + relay + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative: " + position);
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(save)) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      s.setString(1, relay);
      s.setLong(2, position);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not store position " + position + " of relay " + relay + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL position of relay " + relay;
  }
}
