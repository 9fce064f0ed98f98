package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;

/**
 * Measures single-threaded throughput of simple two-entry postings through {@link Ledger#post}
 * on the in-memory store. Every round starts a fresh store, so the store's growth (and the garbage
 * collector's work on it) is part of what is measured. Run by hand (it is not a test):
 *
 * <pre>{@code
 * mvn -q -pl ledger-testkit -am test-compile
 * java -Xms4g -Xmx4g -Xmn2g -XX:+UseParallelGC \
 *     -cp "<slf4j-api.jar>:ledger-core/target/classes:ledger-testkit/target/classes:ledger-testkit/target/test-classes" \
 *     io.github.corebanking.ledger.testkit.InMemoryStoreThroughput [postings] [accounts]
 * }</pre>
 *
 * <p>It prints wall-clock throughput, the posting thread's CPU time (throughput per CPU-second,
 * which stays meaningful on a shared machine) and the time spent in garbage collection.
 */
public final class InMemoryStoreThroughput {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private InMemoryStoreThroughput() {}

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /**
   * Posts warm-up rounds, then a measured round, and prints postings per second.
   *
   * @param args number of postings per round (default 1,000,000) and of accounts (default 1,000)
   */
  public static void main(String[] args) {
    int postings = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int accountCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    for (int round = 0; round < 4; round++) {
      InMemoryLedgerStore store = new InMemoryLedgerStore();
      Ledger ledger = Ledger.builder().store(store).clock(Clock.systemUTC()).build();
      Account[] accounts = new Account[accountCount];
      for (int i = 0; i < accountCount; i++) {
        accounts[i] = ledger.openAccount(NewAccount.builder().code(String.format("%05d", i)).name("Account " + i)
            .type(i % 2 == 0 ? AccountType.ASSET : AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
      }
      Money amount = Money.ofMinor(1_25, CurrencyUnit.USD);
      long gcBefore = gcMillis();
      long cpuBefore = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int i = 0; i < postings; i++) {
        Account from = accounts[i % accountCount];
        Account to = accounts[(i * 7 + 1) % accountCount];
        if (from == to) {
          to = accounts[(i + 1) % accountCount];
        }
        ledger.post(PostingRequest.builder().idempotencyKey("bench-" + i).description("transfer")
            .debit(to.id(), amount).credit(from.id(), amount).build());
      }
      long took = System.nanoTime() - start;
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
      long gc = gcMillis() - gcBefore;
      System.out.printf("round %d: %,d postings in %,d ms wall = %,.0f postings/s; posting thread on CPU %,d ms = %,.0f"
              + " postings per CPU-second; GC %,d ms; integrity ok: %s%n", round, postings, took / 1_000_000,
          postings * 1e9 / took, cpu / 1_000_000, postings * 1e9 / cpu, gc, ledger.checkIntegrity().ok());
    }
  }
}
