package io.github.corebanking.ledger.benchmarks;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Redaction;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The flags of {@link PostingLoad}, parsed and checked.
 *
 * @param jdbcUrl    the PostgreSQL server ({@code --jdbc-url})
 * @param schema     the schema to create, fill and drop ({@code --schema})
 * @param threads    concurrent posting threads ({@code --threads})
 * @param accounts   customer accounts ({@code --accounts})
 * @param seconds    measured duration ({@code --seconds})
 * @param warmup     unmeasured duration before it ({@code --warmup})
 * @param batch      postings per call: 1 uses {@code post}, more uses {@code postAll} ({@code --batch})
 * @param hotShare   fraction of postings that touch the one hot account ({@code --hot-share})
 * @param keep       leave the schema in place at the end ({@code --keep})
 * @param inMemory   use the in-memory store instead of PostgreSQL ({@code --in-memory})
 * @param mode       what to measure ({@code --mode post|as-of})
 * @param entries    for {@code as-of}: entries on the measured account ({@code --entries})
 * @param days       for {@code as-of}: days the history spans ({@code --days})
 * @param reads      for {@code as-of}: measured reads of each kind ({@code --reads})
 * @param seed       random seed ({@code --seed})
 * @param writerThreads the PostgreSQL store's group-commit writers, or -1 for its default
 *                   ({@code --writer-threads}; 0 turns group commit off)
 * @param redisUrl   the Redis server of a balance cache in front of the store, or null for no cache
 *                   ({@code --redis-url redis://host:port}; {@code --mode post} only)
 * @param alternate  with a cache: seconds per slice when the run alternates between posting with the
 *                   cache and without it, or 0 to always use it ({@code --alternate})
 */
public record LoadOptions(String jdbcUrl, String schema, int threads, int accounts, int seconds, int warmup,
    int batch, double hotShare, boolean keep, boolean inMemory, Mode mode, int entries, int days, int reads,
    long seed, int writerThreads, @Nullable String redisUrl, int alternate) {

  /** What a run measures. */
  public enum Mode {
    /** Concurrent random transfers through {@code post} or {@code postAll}. */
    POST,
    /** Balance as of past instants on an account with a long history, against current-balance reads. */
    AS_OF
  }

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Checks the values. */
  public LoadOptions {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new InvalidRequestException("--schema", schema, "must match " + SCHEMA.pattern());
    }
    range("--threads", threads, 1, 1024);
    range("--accounts", accounts, 2, 10_000_000);
    range("--seconds", seconds, 1, 3600);
    range("--warmup", warmup, 0, 600);
    range("--batch", batch, 1, 10_000);
    if (!(hotShare >= 0.0 && hotShare <= 1.0)) {
      throw new InvalidRequestException("--hot-share", hotShare, "must be between 0.0 and 1.0");
    }
    range("--entries", entries, 100, 100_000_000);
    range("--days", days, 1, 36_500);
    range("--reads", reads, 1, 10_000_000);
    range("--writer-threads", writerThreads, -1, 64);
    range("--alternate", alternate, 0, 600);
    if (alternate > 0 && redisUrl == null) {
      throw new InvalidRequestException("--alternate", alternate, "needs --redis-url: it compares posting with and "
          + "without the cache");
    }
    if (alternate > 0 && seconds < 2 * alternate) {
      throw new InvalidRequestException("--alternate", alternate, "needs --seconds of at least two slices ("
          + 2 * alternate + ")");
    }
    if (redisUrl != null) {
      checkRedisUrl(redisUrl);
      if (mode != Mode.POST) {
        throw new InvalidRequestException("--redis-url", Redaction.urls(redisUrl), "applies only to --mode post");
      }
    }
  }

  /**
   * Checks the URL as the cache's builder does, without connecting, and reports a bad one under the
   * flag's name.
   */
  private static void checkRedisUrl(String url) {
    try {
      RedisBalanceCache.builder().redisUri(url);
    } catch (InvalidRequestException e) {
      String shown = e.value() == null ? Redaction.urls(url) : e.value();
      String prefix = e.field() + " '" + shown + "' ";
      String message = String.valueOf(e.getMessage());
      String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
      throw new InvalidRequestException("--redis-url", shown, reason, e);
    }
  }

  /** @return the Redis URL with any user and password replaced by {@code ***}, or null without one */
  public @Nullable String shownRedisUrl() {
    return redisUrl == null ? null : Redaction.urls(redisUrl);
  }

  private static void range(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(flag, value, "must be between " + min + " and " + max);
    }
  }

  /**
   * Parses command-line flags; every flag has a default.
   *
   * @param args flags such as {@code --threads 8 --batch 100}
   * @return the options
   * @throws InvalidRequestException when a flag is unknown, lacks its value or has a bad one
   */
  public static LoadOptions parse(String... args) {
    String jdbcUrl = System.getenv().getOrDefault("LEDGER_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
    String schema = "bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    int threads = 8;
    int accounts = 1000;
    int seconds = 15;
    int warmup = 10;
    int batch = 1;
    double hotShare = 0.0;
    boolean keep = false;
    boolean inMemory = false;
    Mode mode = Mode.POST;
    int entries = 1_000_000;
    int days = 365;
    int reads = 2000;
    long seed = 42;
    int writerThreads = -1;
    String redisUrl = null;
    int alternate = 0;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--keep" -> keep = true;
        case "--in-memory" -> inMemory = true;
        case "--jdbc-url" -> jdbcUrl = value(args, ++i, flag);
        case "--schema" -> schema = value(args, ++i, flag);
        case "--threads" -> threads = integer(args, ++i, flag);
        case "--accounts" -> accounts = integer(args, ++i, flag);
        case "--seconds" -> seconds = integer(args, ++i, flag);
        case "--warmup" -> warmup = integer(args, ++i, flag);
        case "--batch" -> batch = integer(args, ++i, flag);
        case "--entries" -> entries = integer(args, ++i, flag);
        case "--days" -> days = integer(args, ++i, flag);
        case "--reads" -> reads = integer(args, ++i, flag);
        case "--seed" -> seed = longValue(args, ++i, flag);
        case "--writer-threads" -> writerThreads = integer(args, ++i, flag);
        case "--hot-share" -> hotShare = decimal(args, ++i, flag);
        case "--mode" -> mode = mode(value(args, ++i, flag));
        case "--redis-url" -> redisUrl = value(args, ++i, flag);
        case "--alternate" -> alternate = integer(args, ++i, flag);
        default -> throw new InvalidRequestException("flag", flag, "is not known; flags: --jdbc-url --schema --threads "
            + "--accounts --seconds --warmup --batch --hot-share --keep --in-memory --mode --entries --days --reads --seed "
            + "--writer-threads --redis-url --alternate");
      }
    }
    return new LoadOptions(jdbcUrl, schema, threads, accounts, seconds, warmup, batch, hotShare, keep, inMemory, mode,
        entries, days, reads, seed, writerThreads, redisUrl, alternate);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new InvalidRequestException(flag, null, "needs a value");
    }
    return args[i];
  }

  private static int integer(String[] args, int i, String flag) {
    String v = value(args, i, flag);
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(flag, v, "is not a whole number");
    }
  }

  private static long longValue(String[] args, int i, String flag) {
    String v = value(args, i, flag);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(flag, v, "is not a whole number");
    }
  }

  private static double decimal(String[] args, int i, String flag) {
    String v = value(args, i, flag);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(flag, v, "is not a number");
    }
  }

  private static Mode mode(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "post" -> Mode.POST;
      case "as-of", "asof" -> Mode.AS_OF;
      default -> throw new InvalidRequestException("--mode", v, "must be post or as-of");
    };
  }
}
