package io.github.corebanking.ledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.CacheStatistics;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PostingLoadTest {

  private static final Pattern CACHE_LINE = Pattern.compile("(?m)^cache: redis (\\S+) prefix (\\S+)$");
  private static final Pattern CACHE_STATISTICS = Pattern.compile("(?m)^cache statistics: writes=(\\d+) "
      + "l1_hits=(\\d+) l1_misses=\\d+ l2_hits=\\d+ l2_misses=\\d+ loads=\\d+ errors=(\\d+)$");
  private static final Pattern ALTERNATING = Pattern.compile(
      "(?m)^alternating 1 s slices: with cache (\\d+) postings/s .* \\| without (\\d+) postings/s .* \\| cache cost -?\\d+\\.\\d%$");
  private static final Pattern CACHE_HEALTH = Pattern.compile("(?m)^cache health: (UP|DEGRADED|DOWN) since ");

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
  void aRunWithTheRedisCacheWritesThroughItAndLeavesNoKeyInRedis() throws Exception {
    String redisUrl = TestServices.redisUrl();
    LoadOptions options = LoadOptions.parse("--in-memory", "--redis-url", redisUrl, "--threads", "2", "--accounts",
        "50", "--seconds", "1", "--warmup", "0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    RedisClient client = RedisClient.create(redisUrl);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    String prefix = null;
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.setTimeout(Duration.ofSeconds(5));
      RedisCommands<String, String> redis = connection.sync();
      Future<PostingLoad.Result> run = runner.submit(() -> PostingLoad.run(options, print));
      Matcher cacheLine = CACHE_LINE.matcher("");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!cacheLine.reset(out.toString(StandardCharsets.UTF_8)).find() && !run.isDone()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(cacheLine.reset(out.toString(StandardCharsets.UTF_8)).find()).as(out.toString(StandardCharsets.UTF_8))
          .isTrue();
      assertThat(cacheLine.group(1)).isEqualTo(redisUrl);
      prefix = cacheLine.group(2);
      assertThat(prefix).startsWith("bench:").endsWith(":");
      // The cache's writer puts committed balances into Redis while the load runs.
      boolean keysSeen = false;
      while (!keysSeen && !run.isDone()) {
        keysSeen = !keysUnder(redis, prefix).isEmpty();
        Thread.sleep(5);
      }

      PostingLoad.Result result = run.get(60, TimeUnit.SECONDS);

      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(keysSeen).as(report).isTrue();
      assertThat(result.conserved()).as(report).isTrue();
      assertThat(result.postings()).isPositive();
      assertThat(result.errors()).isZero();
      Matcher stats = CACHE_STATISTICS.matcher(report);
      assertThat(stats.find()).as(report).isTrue();
      // Every posting handed both its balances to the cache; the conservation check read them back from L1.
      assertThat(Long.parseLong(stats.group(1))).as(report).isGreaterThanOrEqualTo(2 * result.postings());
      assertThat(Long.parseLong(stats.group(2))).as(report).isPositive();
      Matcher health = CACHE_HEALTH.matcher(report);
      assertThat(health.find()).as(report).isTrue();
      if (!report.contains("WARNING")) {
        assertThat(health.group(1)).as(report).isEqualTo("UP");
        assertThat(stats.group(3)).as(report).isEqualTo("0");
      }
      assertThat(lastLine(out)).matches(
          "RESULT postings_per_s=\\d+ entries_per_s=\\d+ p50_ms=\\d+\\.\\d{3} p99_ms=\\d+\\.\\d{3} retries=\\d+ "
              + "conserved=true");
      assertThat(keysUnder(redis, prefix)).as("keys left under " + prefix).isEmpty();
    } finally {
      // Let a run that outlived a failed assertion end before deleting whatever it left.
      runner.shutdown();
      runner.awaitTermination(60, TimeUnit.SECONDS);
      if (prefix != null) {
        deleteKeysUnder(client, prefix);
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void anAlternatingRunPostsHalfItsSlicesAroundTheCacheAndReportsBoth() throws Exception {
    String redisUrl = TestServices.redisUrl();
    // Ten accounts: the slices without the cache surely leave it older balances of some of them.
    LoadOptions options = LoadOptions.parse("--in-memory", "--redis-url", redisUrl, "--threads", "2", "--accounts",
        "10", "--seconds", "2", "--warmup", "0", "--alternate", "1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    RedisClient client = RedisClient.create(redisUrl);
    String prefix = null;
    try {
      PostingLoad.Result result = PostingLoad.run(options, print);
      String report = out.toString(StandardCharsets.UTF_8);
      Matcher cacheLine = CACHE_LINE.matcher(report);
      assertThat(cacheLine.find()).as(report).isTrue();
      prefix = cacheLine.group(2);
      assertThat(result.conserved()).as(report).isTrue();
      Matcher slices = ALTERNATING.matcher(report);
      assertThat(slices.find()).as(report).isTrue();
      long with = Long.parseLong(slices.group(1));
      long without = Long.parseLong(slices.group(2));
      assertThat(with).as(report).isPositive();
      assertThat(without).as(report).isPositive();
      Matcher stats = CACHE_STATISTICS.matcher(report);
      assertThat(stats.find()).as(report).isTrue();
      // Only the slices with the cache (and the funding) handed balances to it.
      long writes = Long.parseLong(stats.group(1));
      assertThat(writes).as(report).isLessThan(2 * result.postings()).isGreaterThan(2 * 12);
    } finally {
      if (prefix != null) {
        deleteKeysUnder(client, prefix);
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aRedisThatCannotBeReachedStopsTheRunBeforeItStarts() {
    LoadOptions options = LoadOptions.parse("--in-memory", "--redis-url", "redis://127.0.0.1:1", "--seconds", "1",
        "--warmup", "0");

    assertThatThrownBy(() -> PostingLoad.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--redis-url redis://127.0.0.1:1").hasMessageContaining("DEGRADED");
  }

  @Test
  void theCacheReportWarnsWhenTheCacheDidNotStayUp() {
    Instant upSince = Instant.parse("2026-01-01T00:00:00Z");
    CacheStatistics clean = new CacheStatistics(10, 2, 1, 1, 1, 0);
    CacheHealth up = new CacheHealth(CacheHealth.Status.UP, "per-process cache and Redis in use", upSince);

    List<String> steady = BenchLedger.cacheReport(40, clean, up, upSince);
    assertThat(steady).hasSize(2).noneMatch(l -> l.contains("WARNING"));
    assertThat(steady.get(0)).isEqualTo(
        "cache statistics: writes=40 l1_hits=10 l1_misses=2 l2_hits=1 l2_misses=1 loads=1 errors=0");
    assertThat(steady.get(1)).startsWith("cache health: UP since 2026-01-01T00:00:00Z");

    CacheHealth degraded = new CacheHealth(CacheHealth.Status.DEGRADED, "Redis is unavailable", upSince.plusSeconds(3));
    assertThat(BenchLedger.cacheReport(40, clean, degraded, upSince)).last().asString().startsWith("WARNING")
        .contains("DEGRADED").contains("not cache numbers");
    CacheStatistics errors = new CacheStatistics(10, 2, 1, 1, 1, 3);
    assertThat(BenchLedger.cacheReport(40, errors, up, upSince)).last().asString().startsWith("WARNING")
        .contains("3 errors");
    CacheHealth recovered = new CacheHealth(CacheHealth.Status.UP, "in use again", upSince.plusSeconds(5));
    assertThat(BenchLedger.cacheReport(40, clean, recovered, upSince)).last().asString().startsWith("WARNING");
  }

  private static List<String> keysUnder(RedisCommands<String, String> redis, String prefix) {
    List<String> found = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(500);
    KeyScanCursor<String> cursor = redis.scan(args);
    while (true) {
      found.addAll(cursor.getKeys());
      if (cursor.isFinished()) {
        return found;
      }
      cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
    }
  }

  private static void deleteKeysUnder(RedisClient client, String prefix) {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<String> keys = keysUnder(connection.sync(), prefix);
      if (!keys.isEmpty()) {
        connection.sync().unlink(keys.toArray(String[]::new));
      }
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
    assertThatThrownBy(() -> LoadOptions.parse("--alternate", "5")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--alternate").hasMessageContaining("needs --redis-url");
    assertThatThrownBy(() -> LoadOptions.parse("--redis-url", "redis://127.0.0.1:6379", "--alternate", "10",
        "--seconds", "15")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--alternate").hasMessageContaining("two slices");
    assertThatThrownBy(() -> LoadOptions.parse("--alternate", "-1")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--alternate");
  }

  @Test
  void alternatingSlicesStartWithTheCacheAndSplitTheMeasuredTime() {
    long second = 1_000_000_000L;
    assertThat(PostingLoad.cachedSlice(123, 0, 0)).isTrue();
    assertThat(PostingLoad.cachedSlice(0, 0, 5)).isTrue();
    assertThat(PostingLoad.cachedSlice(5 * second - 1, 0, 5)).isTrue();
    assertThat(PostingLoad.cachedSlice(5 * second, 0, 5)).isFalse();
    assertThat(PostingLoad.cachedSlice(10 * second, 0, 5)).isTrue();
    assertThat(PostingLoad.cachedSlice(-1, 0, 5)).as("the last warm-up slice").isFalse();
    assertThat(PostingLoad.cachedNanos(0, 20 * second, 5)).isEqualTo(10 * second);
    assertThat(PostingLoad.cachedNanos(0, 17 * second, 5)).isEqualTo(10 * second);
    assertThat(PostingLoad.cachedNanos(7, 7 + 12 * second, 5)).isEqualTo(7 * second);
  }

  @Test
  void eachSliceWithoutTheCacheIsComparedWithTheSlicesWithItOnEitherSide() {
    // on 90, off 100, on 110 (a steady drift upwards): 0% cost; off 125 between 110 and 90: 20%;
    // the last slice without the cache has no following slice and is left out.
    assertThat(PostingLoad.sliceCosts(new long[] {90, 100, 110, 125, 90, 80}))
        .containsExactly(0.0, 20.0);
    assertThat(PostingLoad.sliceCosts(new long[] {90, 100})).isEmpty();
    assertThat(PostingLoad.sliceCosts(new long[] {90, 0, 90})).containsExactly(0.0);

    double[] ci = PostingLoad.meanAndHalfWidth(new double[] {10, 12, 14});
    assertThat(ci[0]).isEqualTo(12.0);
    // sd 2, n 3, t(2) 4.303: 4.303 * 2 / sqrt(3)
    assertThat(ci[1]).isCloseTo(4.969, org.assertj.core.data.Offset.offset(0.001));
    assertThatThrownBy(() -> PostingLoad.meanAndHalfWidth(new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values");
  }

  @Test
  void aMalformedRedisUrlIsRejectedByName() {
    assertThatThrownBy(() -> LoadOptions.parse("--redis-url", "localhost:6379"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("--redis-url 'localhost:6379' must start with redis:// or rediss:// (TLS)");
    assertThatThrownBy(() -> LoadOptions.parse("--redis-url", "redis://:secret@/0"))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("--redis-url 'redis://***@/0' ")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> LoadOptions.parse("--redis-url")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--redis-url").hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "as-of", "--redis-url", "redis://127.0.0.1:6379"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("--redis-url")
        .hasMessageContaining("--mode post");
    assertThat(LoadOptions.parse().redisUrl()).isNull();
    assertThat(LoadOptions.parse("--redis-url", "redis://:secret@127.0.0.1:6379").shownRedisUrl())
        .isEqualTo("redis://***@127.0.0.1:6379");
  }
}
