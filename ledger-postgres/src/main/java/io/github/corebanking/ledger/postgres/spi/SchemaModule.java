package io.github.corebanking.ledger.postgres.spi;

import io.github.corebanking.ledger.postgres.internal.ClasspathScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A part of a ledger's schema with migrations of its own: the ledger's tables are one module, the
 * loan book's another. {@code PostgresLedgerSchema.migrate(dataSource, schema)} applies the
 * ledger's module and every module found through {@link java.util.ServiceLoader}, each after the
 * modules it {@linkplain #requires() requires}, and records every applied script in the schema's
 * one history table, {@code schema_history}, keyed by module name and version.
 *
 * <p>A module ships its scripts as plain SQL resources named the Flyway way,
 * {@code V<version>__<description>.sql}, in one classpath folder, with unqualified names (they run
 * with the schema first on the {@code search_path}). The version a module expects is the highest
 * version among its scripts. Each module keeps its versions in a range of its own (the ledger
 * 1–999, the loan book 1001–1999; a module of yours, 10000 and up), so that one Flyway run over
 * every module's folder never meets a version twice; {@code PostgresLedgerSchema.modules()}
 * refuses two modules sharing a version. An implementation is registered in
 * {@code META-INF/services/io.github.corebanking.ledger.postgres.spi.SchemaModule} and needs a
 * public no-argument constructor:
 *
 * <pre>{@code
 * public final class LoanSchemaModule implements SchemaModule {
 *   public String name() { return "loans"; }
 *   public Set<String> requires() { return Set.of("ledger"); }
 *   public String scriptLocation() { return "/io/github/corebanking/ledger/postgres/loan/migration/"; }
 * }
 * }</pre>
 *
 * <p>A schema may also be built by the user's own Flyway or Liquibase from the same scripts. The
 * library then recognises each script by the objects it leaves behind: the tables, indexes,
 * views, sequences, functions, triggers, types, columns ({@code ALTER TABLE ... ADD COLUMN}) and
 * constraints ({@code ADD CONSTRAINT}) it creates that no earlier script of the module created and
 * no later one drops. So every script must create at least one such object of its own (a script
 * that only grants or alters is recognised only when a later script is); and {@code migrate} on
 * such a schema records those scripts without running them again.
 *
 * <p>Once released, a script is never changed: the runner compares each applied script's
 * checksum with the one shipped and refuses to go on when they differ. A script may be renamed
 * to another version with its text unchanged: a schema that recorded it under the former version
 * is moved to the new one by its checksum.
 */
public interface SchemaModule {

  /**
   * @return the module's name in {@code schema_history}, lower-case letters, digits and
   *     underscores, such as {@code ledger} or {@code loans}; never changes once released
   */
  String name();

  /**
   * @return the names of the modules whose tables this module's scripts use; they are migrated
   *     first, and migrating this module alone refuses a schema where they are not up to date
   */
  default Set<String> requires() {
    return Set.of();
  }

  /**
   * @return the absolute classpath folder of the scripts, ending in {@code /}
   */
  String scriptLocation();

  /**
   * The module's scripts. The default lists {@link #scriptLocation()} on the class path of this
   * class (a folder or a jar), so a new script is picked up by adding the file; override it only
   * where the scripts sit somewhere that cannot be listed.
   *
   * @return the scripts' file names, such as {@code V1001__loans.sql}, each version once
   */
  default List<String> scripts() {
    return ClasspathScripts.list(getClass(), scriptLocation());
  }

  /**
   * Reads one script. The default reads {@link #scriptLocation()} + {@code script} through this
   * class, so the resource is found in the module's own jar.
   *
   * @param script one of {@link #scripts()}
   * @return its text, UTF-8
   */
  default String read(String script) {
    String path = scriptLocation() + script;
    try (InputStream in = getClass().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema module " + name() + " lacks its script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
