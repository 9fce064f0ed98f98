package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ledger-cli}: the options every command shares, and the commands. */
@Command(name = "ledger-cli", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
    description = "Operates a Core Banking Ledger on PostgreSQL: migrations, jobs, health, books and diagnostics.",
    subcommands = {MigrateCommand.class, StatusCommand.class, JobsCommand.class, RunCommand.class,
        SnapshotsCommand.class, HealthCommand.class, TrialBalanceCommand.class, StatementCommand.class,
        DiagnosticsCommand.class, CacheCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok; nothing wrong found", "  1  damage found, a job FAILED, health DOWN, or the command failed",
        "  2  usage error", "  3  cannot connect to PostgreSQL or Redis", "  4  job SKIPPED: another run holds its lock",
        "  5  health DEGRADED",
        "%nSettings also come from LEDGER_JDBC_URL, LEDGER_JDBC_PASSWORD, LEDGER_SCHEMA, LEDGER_ZONE,",
        "LEDGER_REDIS_URL and LEDGER_REDIS_KEY_PREFIX; an option wins over the environment."})
final class RootCommand implements Runnable {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--jdbc-url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "PostgreSQL JDBC URL (env LEDGER_JDBC_URL), e.g. jdbc:postgresql://127.0.0.1:5432/test?user=root")
  @Nullable String jdbcUrl;

  @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "file holding the database password (else env LEDGER_JDBC_PASSWORD)")
  @Nullable Path passwordFile;

  @Option(names = "--schema", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "the ledger's schema (env LEDGER_SCHEMA, default ledger)")
  @Nullable String schema;

  @Option(names = "--zone", scope = ScopeType.INHERIT, paramLabel = "ZONE",
      description = "the bank's zone for business days (env LEDGER_ZONE, default UTC)")
  @Nullable String zone;

  @Option(names = "--redis-url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Redis URL of the balance cache (env LEDGER_REDIS_URL), e.g. redis://127.0.0.1:6379")
  @Nullable String redisUrl;

  @Option(names = "--redis-key-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
      description = "the cache's key prefix (env LEDGER_REDIS_KEY_PREFIX, default ledger:)")
  @Nullable String redisKeyPrefix;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "print one JSON document instead of tables")
  boolean json;

  private final Map<String, String> env;
  private final Console console;

  RootCommand(Map<String, String> env, Console console) {
    this.env = env;
    this.console = console;
    String password = env.get("LEDGER_JDBC_PASSWORD");
    if (password != null) {
      console.secrets().add(password);
    }
    for (String url : new String[] {env.get("LEDGER_JDBC_URL"), env.get("LEDGER_REDIS_URL")}) {
      if (url != null) {
        console.secrets().add(url);
      }
    }
  }

  @Override
  public void run() {
    // No command given: the usage, and exit 2 through the parameter handler's code.
    throw new ParameterException(spec == null ? null : spec.commandLine(), "a command is required");
  }

  Console console() {
    console.json(json);
    return console;
  }

  /**
   * @return the settings from the options, else the environment
   * @throws ParameterException naming the option whose value is not acceptable
   */
  Settings settings() {
    String url = pick(jdbcUrl, "LEDGER_JDBC_URL");
    String redis = pick(redisUrl, "LEDGER_REDIS_URL");
    if (url != null) {
      console.secrets().add(url);
    }
    if (redis != null) {
      console.secrets().add(redis);
    }
    String password = env.get("LEDGER_JDBC_PASSWORD");
    if (passwordFile != null) {
      try {
        password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw usage("--password-file " + passwordFile + " cannot be read: " + e.getClass().getSimpleName());
      }
      console.secrets().add(password);
    }
    String schemaName = pick(schema, "LEDGER_SCHEMA");
    schemaName = schemaName == null ? "ledger" : schemaName;
    if (!PostgresLedgerSchema.SCHEMA_NAME.matcher(schemaName).matches()) {
      throw usage("--schema '" + schemaName + "' must match ^[a-z_][a-z0-9_]{0,62}$");
    }
    String zoneName = pick(zone, "LEDGER_ZONE");
    ZoneId zoneId;
    try {
      zoneId = zoneName == null ? ZoneId.of("UTC") : ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw usage("--zone '" + zoneName + "' is not a time zone, such as UTC or Europe/Berlin");
    }
    String prefix = pick(redisKeyPrefix, "LEDGER_REDIS_KEY_PREFIX");
    return new Settings(url, password == null || password.isEmpty() ? null : password, schemaName, zoneId, redis,
        prefix == null ? "ledger:" : prefix);
  }

  private @Nullable String pick(@Nullable String option, String variable) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : value;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec == null ? null : spec.commandLine(), message);
  }

  /** The version from the jar's manifest. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RootCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ledger-cli " + (v == null ? "(development build)" : v)};
    }
  }
}
