package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link PostgresDiagnostics#database()} found.
 *
 * @param serverVersion   the server's version, such as {@code 15.20}
 * @param database        the database connected to
 * @param user            the role connected as
 * @param inRecovery      true on a standby (read-only replica): the store cannot post there
 * @param schema          the ledger's schema
 * @param schemaVersion   the ledger's applied migration version, empty when the schema holds no ledger:
 *                        from the schema's history, and for scripts the user's Flyway or Liquibase
 *                        ran, from the objects they created
 * @param expectedVersion the version this library expects
 * @param roundTrip       how long a trivial query took, connection included
 */
public record DatabaseStatus(String serverVersion, String database, String user, boolean inRecovery, String schema,
    OptionalInt schemaVersion, int expectedVersion, Duration roundTrip) {

  /** Checks the fields. */
  public DatabaseStatus {
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(roundTrip, "roundTrip");
  }

  /** @return whether the schema holds every migration this library expects */
  public boolean migrated() {
    return schemaVersion.isPresent() && schemaVersion.getAsInt() >= expectedVersion;
  }
}
