package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.StoreUnavailableException;

/**
 * A migration script recorded as applied in a schema differs from the script this library ships:
 * someone changed an applied script, or the schema was built by another build of the library.
 * Nothing is migrated until the difference is resolved; the field is {@code script} and the value
 * the script's file name.
 */
public class MigrationChecksumException extends StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  private final String module;
  private final String script;

  /**
   * Creates the exception.
   *
   * @param schema  the schema
   * @param module  the schema module the script belongs to
   * @param script  the script's file name
   * @param applied the checksum recorded when it was applied
   * @param shipped the checksum of the script this library ships
   */
  public MigrationChecksumException(String schema, String module, String script, String applied, String shipped) {
    super("script", script, "of module " + module + " was applied to schema " + schema + " with checksum " + applied
        + ", but this library ships checksum " + shipped + "; an applied script must never change");
    this.module = module;
    this.script = script;
  }

  /** @return the schema module the script belongs to, such as {@code ledger} */
  public String module() {
    return module;
  }

  /** @return the script's file name, such as {@code V1__ledger_schema.sql} */
  public String script() {
    return script;
  }
}
