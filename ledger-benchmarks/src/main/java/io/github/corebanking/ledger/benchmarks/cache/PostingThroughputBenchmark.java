package io.github.corebanking.ledger.benchmarks.cache;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerBuilder;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Postings per second on the in-memory store with the Redis balance cache off and on: what the
 * cache costs a posting (an L1 update and a hand-off to the cache's writer; the Redis write itself
 * happens on the writer's thread). Each iteration posts random transfers among 1,000 fresh accounts
 * of a fresh store, so the store's size does not drift across iterations.
 *
 * <p>On a machine shared with other work, throughput swings with the neighbours; each iteration
 * therefore also prints the CPU time per posting of the posting thread and of the whole JVM (the
 * cache's writer and Lettuce's threads included; Redis itself is another process), which other
 * work disturbs much less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PostingThroughputBenchmark {

  private static final int ACCOUNTS = 1_000;

  @Param({"off", "on"})
  public String cache;

  private RedisBalanceCache redisCache;
  private Ledger ledger;
  private Account[] accounts;
  private long keys;
  private int iteration;
  private long postsAtStart;
  private long threadCpuAtStart;
  private long processCpuAtStart;

  @Setup(Level.Trial)
  public void startCache() {
    if ("on".equals(cache)) {
      redisCache = CacheBench.cache(CacheBench.freshPrefix("postings"), 10_000);
    }
  }

  @Setup(Level.Iteration)
  public void freshLedger() {
    LedgerBuilder builder = Ledger.builder().store(new InMemoryLedgerStore());
    if (redisCache != null) {
      builder.balanceCache(redisCache);
    }
    ledger = builder.build();
    accounts = new Account[ACCOUNTS];
    iteration++;
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = CacheBench.open(ledger, iteration + "-" + i, i % 2 == 0 ? AccountType.ASSET : AccountType.LIABILITY);
    }
    postsAtStart = keys;
    threadCpuAtStart = THREADS.getCurrentThreadCpuTime();
    processCpuAtStart = processCpuNanos();
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  @TearDown(Level.Iteration)
  public void cpuPerPosting() {
    long posts = keys - postsAtStart;
    if (posts == 0) {
      return;
    }
    double poster = (THREADS.getCurrentThreadCpuTime() - threadCpuAtStart) / 1_000.0 / posts;
    double process = (processCpuNanos() - processCpuAtStart) / 1_000.0 / posts;
    System.out.printf("[cache-bench] cache=%s cpu per posting: posting thread %.2f µs, whole JVM %.2f µs (%d postings)%n",
        cache, poster, process, posts);
  }

  @Benchmark
  public Transaction post() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int from = random.nextInt(ACCOUNTS);
    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    return ledger.post(CacheBench.transfer("p" + keys++, accounts[from], accounts[to], 1 + random.nextInt(10_000)));
  }

  @TearDown(Level.Trial)
  public void stopCache() {
    if (redisCache != null) {
      CacheBench.report("postings", redisCache);
      redisCache.clearAll();
      redisCache.close();
    }
  }
}
