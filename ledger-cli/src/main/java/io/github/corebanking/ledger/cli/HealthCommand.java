package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.health.ComponentHealth;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks;
import io.github.corebanking.ledger.redis.RedisCacheHealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code health}: core's {@link LedgerHealth} over the PostgreSQL checks ({@link PostgresHealthChecks})
 * and, with a Redis URL, the cache's ({@link RedisCacheHealthCheck}, non-essential).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Runs the health checks: database (essential), partitions, snapshots, jobs, integrity and, with "
        + "--redis-url, the cache. Exit 0 UP, 5 DEGRADED, 1 DOWN.")
final class HealthCommand extends LedgerCommand {

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10S",
      description = "how long each check may take, ISO-8601 (default ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofSeconds(10);

  @Override
  int run(Session session, Console console) {
    LedgerHealth.Builder builder = PostgresHealthChecks.builder(session.diagnostics()).build()
        .register(LedgerHealth.builder())
        .timeout(timeout)
        .clock(session.clock());
    session.cache().ifPresent(cache -> builder.nonEssential("redis", RedisCacheHealthCheck.of(cache)));
    HealthReport report;
    try (LedgerHealth health = builder.build()) {
      report = health.checkNow();
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", report.status());
    doc.put("checkedAt", report.checkedAt());
    doc.put("tookMs", report.took());
    List<Object> components = new ArrayList<>();
    Table table = Table.of("component", "essential", "status", "took", "message");
    for (ComponentHealth c : report.components()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", c.name());
      row.put("essential", c.essential());
      row.put("status", c.status());
      row.put("message", c.message());
      row.put("details", c.details());
      row.put("tookMs", c.took());
      components.add(row);
      table.row(c.name(), c.essential() ? "yes" : "no", c.status(), c.took().toMillis() + " ms", c.message());
    }
    doc.put("components", components);
    console.result(doc, () -> {
      console.println("ledger " + report.status() + " (schema " + session.schema() + ")");
      console.print(table);
    });
    return switch (report.status()) {
      case UP -> ExitCodes.OK;
      case DEGRADED -> ExitCodes.DEGRADED;
      default -> ExitCodes.PROBLEM;
    };
  }
}
