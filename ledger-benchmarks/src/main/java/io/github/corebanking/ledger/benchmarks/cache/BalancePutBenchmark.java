package io.github.corebanking.ledger.benchmarks.cache;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a commit's {@code put} costs the posting thread: the L1 update and the hand-off to the
 * cache's writer, over 1,000 accounts with growing versions. The Redis writes happen on the
 * writer's thread meanwhile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BalancePutBenchmark {

  private static final int ACCOUNTS = 1_000;

  private RedisBalanceCache cache;
  private AccountId[] accounts;
  private long version;

  @Setup(Level.Trial)
  public void setUp() {
    cache = CacheBench.cache(CacheBench.freshPrefix("puts"), 10_000);
    accounts = new AccountId[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = new AccountId(UUID.randomUUID());
    }
  }

  @Benchmark
  public void put() {
    long v = ++version;
    cache.put(new Balance(accounts[(int) (v % ACCOUNTS)], CurrencyUnit.USD, Side.DEBIT, v, 0, 0, 0, v));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    CacheBench.report("puts", cache);
    cache.clearAll();
    cache.close();
  }
}
