package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthEndpointExampleTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OpsSchema db;

  @BeforeEach
  void freshSchema() {
    db = new OpsSchema("ex_health");
  }

  @AfterEach
  void dropSchema() {
    db.close();
  }

  private HttpResponse<String> get(HealthEndpointExample endpoint) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theEndpointIs200WhileUpOrDegradedAnd503OnceTheLedgerSchemaIsGone() throws Exception {
    MutableClock clock = MutableClock.at("2031-03-14T06:00:00Z");
    try (HealthEndpointExample endpoint = HealthEndpointExample.start(
        db.settings(ZoneOffset.UTC, TestServices.redisUrl()), clock, 0)) {
      HttpResponse<String> fresh = get(endpoint);
      assertThat(fresh.statusCode()).isEqualTo(200);
      assertThat(fresh.body()).startsWith("{\"status\":\"DEGRADED\"")
          .contains("\"partitions\":{\"status\":\"DEGRADED\",\"essential\":false");

      for (ScheduledJob job : endpoint.node().guideSchedule()) {
        assertThat(job.job().run().status()).as(job.name()).isEqualTo(JobStatus.SUCCEEDED);
      }
      assertThat(get(endpoint).body()).as("cached for five seconds").startsWith("{\"status\":\"DEGRADED\"");
      clock.advance(Duration.ofSeconds(5));

      // The cache connects to Redis in the background; give it a few seconds to report UP.
      HttpResponse<String> up = get(endpoint);
      for (int i = 0; i < 300 && !up.body().startsWith("{\"status\":\"UP\""); i++) {
        Thread.sleep(100);
        clock.advance(Duration.ofSeconds(5));
        up = get(endpoint);
      }
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).startsWith("{\"status\":\"UP\"").contains("\"redis\":{\"status\":\"UP\"");
      io.micrometer.core.instrument.MeterRegistry registry = endpoint.node().metrics.registry();
      // Read at start, before the jobs ran, and cached for a minute: a scrape costs no query.
      assertThat(registry.get("ledger.partitions.months.ahead").tag("ledger", db.schema).gauge().value()).isEqualTo(-1);
      assertThat(registry.get("ledger.health.status").tag("component", "ledger").tag("status", "up").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("ledger.cache.status").tag("status", "up").gauge().value()).isEqualTo(1);

      // The ledger's schema disappears (renamed by mistake): the database check is essential.
      rename(db.schema, db.schema + "_moved");
      try {
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> down = get(endpoint);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).startsWith("{\"status\":\"DOWN\"")
            .contains("\"database\":{\"status\":\"DOWN\",\"essential\":true,\"message\":\"schema " + db.schema
                + " is not migrated");
      } finally {
        rename(db.schema + "_moved", db.schema);
      }
    }
  }

  private void rename(String from, String to) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl);
        java.sql.Statement s = c.createStatement()) {
      s.execute("ALTER SCHEMA \"" + from + "\" RENAME TO \"" + to + "\"");
    }
  }

  @Test
  void aRedisOutageIsDegradedAndTheNodeStaysInRotation() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    MutableClock clock = MutableClock.at("2031-03-14T06:00:00Z");
    try (HealthEndpointExample endpoint = HealthEndpointExample.start(
        db.settings(ZoneOffset.UTC, "redis://127.0.0.1:" + closedPort), clock, 0)) {
      for (ScheduledJob job : endpoint.node().guideSchedule()) {
        job.job().run();
      }

      HttpResponse<String> degraded = get(endpoint);

      assertThat(degraded.statusCode()).isEqualTo(200);
      assertThat(degraded.body()).startsWith("{\"status\":\"DEGRADED\"")
          .contains("\"redis\":{\"status\":\"DEGRADED\",\"essential\":false");
    }
  }
}
