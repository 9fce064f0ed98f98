package io.github.corebanking.ledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostingLoadTest {

  private static String lastLine(ByteArrayOutputStream out) {
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void anInMemoryRunConservesTheBooksAndEndsWithTheResultLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoadOptions options = LoadOptions.parse("--in-memory", "--threads", "4", "--accounts", "50", "--seconds", "1",
        "--warmup", "0", "--hot-share", "0.3");

    PostingLoad.Result result = PostingLoad.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(result.conserved()).isTrue();
    assertThat(result.postings()).isPositive();
    assertThat(result.entries()).isEqualTo(2 * result.postings());
    assertThat(result.errors()).isZero();
    assertThat(lastLine(out)).matches(
        "RESULT postings_per_s=\\d+ entries_per_s=\\d+ p50_ms=\\d+\\.\\d{3} p99_ms=\\d+\\.\\d{3} retries=\\d+ conserved=true");
  }

  @Test
  void batchesAndAHotAccountAlsoConserveTheBooks() {
    LoadOptions options = LoadOptions.parse("--in-memory", "--threads", "3", "--accounts", "20", "--seconds", "1",
        "--warmup", "0", "--batch", "10", "--hot-share", "1.0");

    PostingLoad.Result result = PostingLoad.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    assertThat(result.conserved()).isTrue();
    assertThat(result.postings()).isEqualTo(10 * result.calls());
  }

  @Test
  void aPostgresRunConservesTheBooksAndDropsItsSchema() throws Exception {
    String url = TestServices.postgresJdbcUrl();
    String schema = TestServices.freshSchemaName("bench");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoadOptions options = LoadOptions.parse("--jdbc-url", url, "--schema", schema, "--threads", "2", "--accounts",
        "20", "--seconds", "1", "--warmup", "0", "--batch", "5", "--hot-share", "0.5");

    try {
      PostingLoad.Result result = PostingLoad.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(result.conserved()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
      assertThat(result.postings()).isPositive();
      assertThat(lastLine(out)).startsWith("RESULT postings_per_s=").endsWith("conserved=true");
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
        ps.setString(1, schema);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).isZero();
        }
      }
    } finally {
      TestServices.dropSchema(url, schema);
    }
  }

  @Test
  void asOfReadsOnALongHistoryAreCheckedAgainstTheBookedSums() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoadOptions options = LoadOptions.parse("--in-memory", "--mode", "as-of", "--entries", "3000", "--days", "10",
        "--reads", "200");

    AsOfLoad.Result result = AsOfLoad.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(result.correct()).isTrue();
    assertThat(result.entries()).isEqualTo(3000);
    assertThat(lastLine(out)).startsWith("RESULT asof_p50_ms=").endsWith("entries=3000 correct=true");
  }

  @Test
  void asOfReadsOnPostgresUseTheSnapshotsAndAreCorrect() {
    String url = TestServices.postgresJdbcUrl();
    String schema = TestServices.freshSchemaName("bench_asof");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoadOptions options = LoadOptions.parse("--jdbc-url", url, "--schema", schema, "--mode", "as-of", "--entries",
        "5000", "--days", "20", "--reads", "100");
    try {
      AsOfLoad.Result result = AsOfLoad.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(result.correct()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("daily-balance-snapshot SUCCEEDED");
    } finally {
      TestServices.dropSchema(url, schema);
    }
  }

  @Test
  void badFlagsAreRejectedByName() {
    assertThatThrownBy(() -> LoadOptions.parse("--threads", "0")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--threads").hasMessageContaining("'0'");
    assertThatThrownBy(() -> LoadOptions.parse("--hot-share", "1.5")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--hot-share");
    assertThatThrownBy(() -> LoadOptions.parse("--batch")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--batch").hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadOptions.parse("--schema", "Bad-Name")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--schema");
    assertThatThrownBy(() -> LoadOptions.parse("--fast")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--fast");
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "read")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--mode");
  }
}
