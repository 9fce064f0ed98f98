package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.examples.DocBlocks;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Keeps docs/operations.md honest: every code block names the test that exercises it (the Java
 * blocks are checked with every document's by {@code DocumentationTest}), and the SQL, shell and
 * settings blocks are run here as they are written.
 */
class OperationsGuideTest {

  private static final List<Path> SOURCES = List.of(
      Path.of("src/main/java/io/github/corebanking/ledger/examples/ops"),
      Path.of("src/test/java/io/github/corebanking/ledger/examples/ops"),
      Path.of("../ledger-postgres/src/test/java/io/github/corebanking/ledger/postgres/diagnostics"),
      Path.of("../ledger-micrometer/src/test/java/io/github/corebanking/ledger/micrometer"),
      Path.of("../ledger-core/src/test/java/io/github/corebanking/ledger/health"),
      Path.of("../ledger-cli/src/test/java/io/github/corebanking/ledger/cli"));

  private static String source(String className) throws IOException {
    for (Path root : SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        List<Path> found = files.filter(p -> p.getFileName().toString().equals(className + ".java")).toList();
        if (!found.isEmpty()) {
          return Files.readString(found.get(0));
        }
      }
    }
    throw new AssertionError("no source of " + className + " under " + SOURCES);
  }

  @Test
  void everyBlockNamesAnExistingTestAndTheOtherBlocksAreReadByIt() throws IOException {
    List<DocBlocks.Block> blocks = DocBlocks.operations();

    assertThat(blocks).hasSizeGreaterThan(15);
    for (DocBlocks.Block block : blocks) {
      String where = "block at " + block.where();
      assertThat(block.testedBy()).as(where + " names its test").isNotEmpty();
      String[] test = block.testedBy().split("#");
      String testSource = source(test[0]);
      assertThat(testSource).as(where + ": " + block.testedBy()).containsPattern("void " + test[1] + "\\(");
      if (!block.language().equals("java")) { // Java blocks: DocumentationTest
        assertThat(block.id()).as(where + " has an id its test reads it by").isNotEmpty();
        assertThat(testSource).as(where + ": " + test[0] + " reads block " + block.id())
            .contains("\"" + block.id() + "\"");
      }
    }
  }

  @Test
  void theRuntimeRoleCanPostButCannotChangeAnEntry() throws Exception {
    String url = TestServices.postgresJdbcUrl();
    String schema = TestServices.freshSchemaName("guide_role");
    String role = TestServices.freshSchemaName("guide_app");
    String grants = DocBlocks.text("runtime-role");
    List<String> statements = statements(grants.replace("\"ledger\"", '"' + schema + '"')
        .replace("ledger_app", role));
    try (LedgerNode owner = new OpsSchemaSettings(url, schema).node()) {
      assertThat(statements.subList(1, statements.size()))
          .as("the guide's grants are the library's").isEqualTo(PostgresLedgerSchema.runtimeGrants(schema, role));
      execute(url, statements);
      execute(url, statements(DocBlocks.text("role-settings").replace("ledger_app", role)));

      PGSimpleDataSource asApp = dataSource(url, role);
      try (PostgresLedgerStore store = PostgresLedgerStore.builder(asApp).schema(schema).build();
          Ledger ledger = Ledger.builder().store(store).build()) {
        Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
            .currency(CurrencyUnit.USD).build());
        Account equity = ledger.openAccount(NewAccount.builder().code("3000").name("Equity").type(AccountType.EQUITY)
            .currency(CurrencyUnit.USD).build());
        ledger.post(PostingRequest.builder().idempotencyKey("capital-1").description("capital")
            .debit(cash.id(), Money.of("10.00", CurrencyUnit.USD)).credit(equity.id(), Money.of("10.00", CurrencyUnit.USD))
            .build());
        assertThat(ledger.balance(cash.id()).posted()).isEqualTo(Money.of("10.00", CurrencyUnit.USD));
      }
      try (Connection c = asApp.getConnection(); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeUpdate("UPDATE \"" + schema + "\".entries SET amount = amount + 1"))
            .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM \"" + schema + "\".entries"))
            .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(show(s, "statement_timeout")).isEqualTo("30s");
        assertThat(show(s, "lock_timeout")).isEqualTo("2s");
        assertThat(show(s, "idle_in_transaction_session_timeout")).isEqualTo("1min");
      }
    } finally {
      execute(url, List.of("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE", "DROP ROLE IF EXISTS \"" + role + "\""));
    }
  }

  @Test
  void tlsSettingsRefuseAServerWithoutTls() throws Exception {
    Properties tls = new Properties();
    tls.load(new java.io.StringReader(DocBlocks.text("tls")));
    URI local = URI.create(TestServices.postgresJdbcUrl().substring("jdbc:".length()));
    String jdbcUrl = tls.getProperty("jdbcUrl").replace("db.internal:5432/bank",
        local.getHost() + ":" + local.getPort() + "/test");
    assertThat(jdbcUrl).contains("sslmode=verify-full");

    Properties user = new Properties();
    user.setProperty("user", "root");
    assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, user).close())
        .isInstanceOf(SQLException.class).hasMessageContaining("does not support SSL");

    URI redis = URI.create(TestServices.redisUrl());
    String redisUri = tls.getProperty("redisUri").replace("redis.internal:6380", redis.getHost() + ":" + redis.getPort());
    assertThat(redisUri).startsWith("rediss://");
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(redisUri).commandTimeout(Duration.ofMillis(200))
        .build()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (cache.health().status() == CacheHealth.Status.UP && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(cache.health().status()).as("a TLS client cannot talk to a plain-text Redis")
          .isEqualTo(CacheHealth.Status.DEGRADED);
    }
  }

  @Test
  void aSchemaDumpRestoresTheSameBooks() throws Exception {
    String url = TestServices.postgresJdbcUrl();
    String schema = TestServices.freshSchemaName("guide_backup");
    Path backup = Files.createTempFile("ledger-backup", ".dump");
    MutableClock clock = MutableClock.at("2031-03-10T10:00:00Z");
    try {
      TrialBalance before;
      try (LedgerNode node = new OpsSchemaSettings(url, schema).node(clock)) {
        Account cash = node.ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
            .currency(CurrencyUnit.USD).build());
        Account deposits = node.ledger.openAccount(NewAccount.builder().code("2100").name("Deposits")
            .type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
        for (int i = 1; i <= 5; i++) {
          node.ledger.post(PostingRequest.builder().idempotencyKey("d-" + i).description("deposit")
              .debit(cash.id(), Money.ofMinor(i * 100, CurrencyUnit.USD))
              .credit(deposits.id(), Money.ofMinor(i * 100, CurrencyUnit.USD)).build());
        }
        clock.set(Instant.parse("2031-03-11T02:00:00Z"));
        assertThat(node.jobs.previousDayBalanceSnapshot().run().status()).isEqualTo(JobStatus.SUCCEEDED);
        before = node.ledger.trialBalance(Instant.parse("2031-03-11T00:00:00Z"));

        shell(DocBlocks.text("backup"), url, schema, backup);
        // Booked after the backup: a restore of that backup does not have it.
        node.ledger.post(PostingRequest.builder().idempotencyKey("after-backup").description("deposit")
            .debit(cash.id(), Money.ofMinor(99, CurrencyUnit.USD))
            .credit(deposits.id(), Money.ofMinor(99, CurrencyUnit.USD)).build());
      }
      assertThat(Files.size(backup)).isPositive();

      shell(DocBlocks.text("restore"), url, schema, backup);

      try (LedgerNode restored = LedgerNode.start("restored", url, schema, clock, java.time.ZoneOffset.UTC,
          LedgerMetrics.of(new SimpleMeterRegistry()))) {
        assertThat(restored.ledger.trialBalance(Instant.parse("2031-03-11T00:00:00Z"))).isEqualTo(before);
        assertThat(restored.ledger.transactionByKey("d-5")).isPresent();
        assertThat(restored.ledger.transactionByKey("after-backup")).isEmpty();
        assertThat(restored.jobs.integrityCheck().run().count("problems")).isZero();
        assertThat(restored.diagnostics.database().migrated()).isTrue();
        assertThat(restored.diagnostics.snapshots().latest()).contains(java.time.LocalDate.of(2031, 3, 10));
        Account cash = restored.ledger.accountByCode("1000").orElseThrow();
        Account deposits = restored.ledger.accountByCode("2100").orElseThrow();
        restored.ledger.post(PostingRequest.builder().idempotencyKey("after-restore").description("deposit")
            .debit(cash.id(), Money.ofMinor(1, CurrencyUnit.USD))
            .credit(deposits.id(), Money.ofMinor(1, CurrencyUnit.USD)).build());
      }
    } finally {
      Files.deleteIfExists(backup);
      TestServices.dropSchema(url, schema);
      TestServices.dropSchema(url, schema + "_damaged");
    }
  }

  /** Runs a shell block with the PG* variables of the test server and the guide's variables set. */
  private static void shell(String script, String jdbcUrl, String schema, Path backup) throws Exception {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PGHOST", uri.getHost());
    env.put("PGPORT", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
    env.put("PGDATABASE", uri.getPath().substring(1));
    for (String pair : String.valueOf(uri.getQuery()).split("&")) {
      if (pair.startsWith("user=")) {
        env.put("PGUSER", pair.substring(5));
      } else if (pair.startsWith("password=")) {
        env.put("PGPASSWORD", pair.substring(9));
      }
    }
    env.put("LEDGER_SCHEMA", schema);
    env.put("BACKUP_FILE", backup.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(script + "\n" + output).isZero();
  }

  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    for (String s : sql.split(";")) {
      String statement = s.replaceAll("(?m)^\\s*--.*$", "").trim();
      if (!statement.isEmpty()) {
        out.add(statement);
      }
    }
    return out;
  }

  private static void execute(String url, List<String> statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static PGSimpleDataSource dataSource(String url, String role) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url.replaceAll("([?&])user=[^&]*", "$1user=" + role));
    return ds;
  }

  /** Migrates a schema and starts a node on it, as the schema's owner. */
  private record OpsSchemaSettings(String url, String schema) {
    LedgerNode node() {
      return node(java.time.Clock.systemUTC());
    }

    LedgerNode node(java.time.Clock clock) {
      return new Settings(url, schema, java.time.ZoneOffset.UTC, "").startNode("guide", clock,
          LedgerMetrics.of(new SimpleMeterRegistry()));
    }
  }
}
