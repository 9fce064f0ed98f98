package io.github.corebanking.ledger.benchmarks.cache;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
 * Latency of one balance read through the ledger, per path:
 * <ul>
 *   <li>{@code l1Hit}: answered by the per-process cache;</li>
 *   <li>{@code redisHit}: L1 turned off, answered by Redis (GET, decode);</li>
 *   <li>{@code rawLettuceGet}: a plain Lettuce GET of the same key, the yardstick for {@code redisHit};</li>
 *   <li>{@code storePath}: no cache, answered by the in-memory store.</li>
 * </ul>
 * Reads rotate over 64 accounts that are all cached before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BalanceReadBenchmark {

  private static final int ACCOUNTS = 64;

  private String prefix;
  private RedisBalanceCache withL1;
  private RedisBalanceCache redisOnly;
  private Ledger l1Ledger;
  private Ledger redisLedger;
  private Ledger storeLedger;
  private Account[] accounts;
  private String[] keys;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, String> rawConnection;
  private RedisCommands<String, String> raw;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    prefix = CacheBench.freshPrefix("reads");
    InMemoryLedgerStore store = new InMemoryLedgerStore();
    storeLedger = Ledger.builder().store(store).build();
    withL1 = CacheBench.cache(prefix, 10_000);
    redisOnly = CacheBench.cache(prefix, 0);
    l1Ledger = Ledger.builder().store(store).balanceCache(withL1).build();
    redisLedger = Ledger.builder().store(store).balanceCache(redisOnly).build();
    accounts = new Account[ACCOUNTS];
    keys = new String[ACCOUNTS];
    Account funding = CacheBench.open(storeLedger, "3000", AccountType.EQUITY);
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = CacheBench.open(storeLedger, "1" + i, AccountType.ASSET);
      storeLedger.post(CacheBench.transfer("fund-" + i, accounts[i], funding, 1_000 + i));
      // The key layout is documented: <prefix>balance:<account uuid>.
      keys[i] = prefix + "balance:" + accounts[i].id().value();
    }
    rawClient = RedisClient.create(CacheBench.redisUrl());
    rawConnection = rawClient.connect();
    raw = rawConnection.sync();
    for (Account a : accounts) {
      l1Ledger.balance(a.id());
      redisLedger.balance(a.id());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (raw.exists(keys) < ACCOUNTS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("balances did not reach Redis");
      }
      CacheBench.sleep(10);
    }
  }

  private int nextIndex() {
    int i = next + 1;
    next = i == ACCOUNTS ? 0 : i;
    return next;
  }

  @Benchmark
  public Balance l1Hit() {
    return l1Ledger.balance(accounts[nextIndex()].id());
  }

  @Benchmark
  public Balance redisHit() {
    return redisLedger.balance(accounts[nextIndex()].id());
  }

  @Benchmark
  public String rawLettuceGet() {
    return raw.get(keys[nextIndex()]);
  }

  @Benchmark
  public Balance storePath() {
    return storeLedger.balance(accounts[nextIndex()].id());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    CacheBench.report("reads/l1", withL1);
    CacheBench.report("reads/redis", redisOnly);
    withL1.clearAll();
    withL1.close();
    redisOnly.close();
    rawConnection.close();
    rawClient.shutdown();
  }
}
