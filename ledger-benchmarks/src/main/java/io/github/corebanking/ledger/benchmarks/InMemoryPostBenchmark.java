package io.github.corebanking.ledger.benchmarks;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
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
 * {@code Ledger.post} on the in-memory store, one thread: what a test suite that uses the testkit
 * pays per posting. Each iteration posts random transfers between 1,000 accounts of a fresh store
 * (the requests are built outside the measured call's work as far as a caller would: key, two
 * lines). After each iteration it prints the heap allocated and the CPU time per posting, of the
 * posting thread and of the whole JVM (the collector included).
 *
 * <pre>{@code
 * java -cp ledger-benchmarks/target/ledger-benchmarks.jar org.openjdk.jmh.Main InMemoryPostBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class InMemoryPostBenchmark {

  private static final int ACCOUNTS = 1_000;
  private static final Money[] AMOUNTS = new Money[100];

  static {
    for (int i = 0; i < AMOUNTS.length; i++) {
      AMOUNTS[i] = Money.ofMinor(i + 1, CurrencyUnit.USD);
    }
  }

  private Ledger ledger;
  private Account[] accounts;
  private final SplittableRandom random = new SplittableRandom(42);
  private long posted;
  private long postedAtStart;
  private long threadCpuAtStart;
  private long processCpuAtStart;
  private long allocatedAtStart;

  /** A fresh store and its accounts, so that the store's size does not drift across iterations. */
  @Setup(Level.Iteration)
  public void freshLedger() {
    ledger = Ledger.builder().store(new InMemoryLedgerStore()).build();
    accounts = new Account[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = ledger.openAccount(NewAccount.builder().code("A" + i).name("Account " + i)
          .type(i % 2 == 0 ? AccountType.ASSET : AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
    }
    postedAtStart = posted;
    threadCpuAtStart = Meters.threadCpu();
    processCpuAtStart = Meters.processCpu();
    allocatedAtStart = Meters.threadAllocated();
  }

  /** Prints CPU time and bytes allocated per posting in the iteration. */
  @TearDown(Level.Iteration)
  public void perPosting() {
    long n = posted - postedAtStart;
    if (n > 0) {
      System.out.printf(java.util.Locale.ROOT,
          "[in-memory-post] per posting: posting thread %.2f µs CPU, whole JVM %.2f µs CPU, %d bytes allocated "
              + "(%d postings)%n", (Meters.threadCpu() - threadCpuAtStart) / 1000.0 / n,
          (Meters.processCpu() - processCpuAtStart) / 1000.0 / n, (Meters.threadAllocated() - allocatedAtStart) / n,
          n);
    }
  }

  /** @return one posting, a transfer between two random accounts */
  @Benchmark
  public Transaction post() {
    int from = random.nextInt(ACCOUNTS);
    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    Money amount = AMOUNTS[random.nextInt(AMOUNTS.length)];
    return ledger.post(PostingRequest.builder().idempotencyKey("p" + posted++).description("transfer")
        .debit(accounts[from].id(), amount).credit(accounts[to].id(), amount).build());
  }

  /** The JVM's CPU and allocation counters. */
  static final class Meters {
    private Meters() {}

    static long threadCpu() {
      return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long processCpu() {
      return CpuMeter.javaNanos();
    }

    static long threadAllocated() {
      return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
          ? t.getThreadAllocatedBytes(Thread.currentThread().getId()) : -1;
    }
  }
}
