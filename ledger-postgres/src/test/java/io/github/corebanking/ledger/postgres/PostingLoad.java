package io.github.corebanking.ledger.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick load run against the test server, not a test: postings per second with N threads each
 * calling {@code post} one at a time, then with {@code postAll} batches.
 *
 * <p>Arguments: threads (8), seconds per phase (15), accounts (1000), writer threads (2),
 * postAll batch size (100).
 */
public final class PostingLoad {

  private PostingLoad() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    String schema = TestServices.freshSchemaName("load");
    try (HikariDataSource ds = PgTestSupport.pool("load", threads + writers + 2, "ledger-load")) {
      PostgresLedgerSchema.migrate(ds, schema);
      PostgresLedgerStore store = PostgresLedgerStore.builder(ds).schema(schema).writerThreads(writers).build();
      try (Ledger ledger = Ledger.builder().store(store).closeStoreOnClose(true).build()) {
        List<Account> list = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
          list.add(ledger.openAccount(NewAccount.builder().code("A" + i).name("Account " + i)
              .type(AccountType.ASSET).currency(CurrencyUnit.USD).build()));
        }
        run(ds, "post x" + threads + " (group commit, " + writers + " writers)", threads, seconds, () -> {
          ledger.post(transfer(list));
          return 1;
        });
        System.out.println("  " + store.groupCommitStats() + " avg batch "
            + String.format("%.1f", store.groupCommitStats().averageBatchSize()));
        run(ds, "postAll(" + batch + ") x" + threads, threads, seconds, () -> {
          List<PostingRequest> requests = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            requests.add(transfer(list));
          }
          return ledger.postAll(requests).size();
        });
      }
    } finally {
      PgTestSupport.drop(schema);
    }
  }

  private static PostingRequest transfer(List<Account> accounts) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    Account from = accounts.get(r.nextInt(accounts.size()));
    Account to = accounts.get(r.nextInt(accounts.size()));
    while (to.equals(from)) {
      to = accounts.get(r.nextInt(accounts.size()));
    }
    Money amount = Money.ofMinor(1 + r.nextInt(10_000), CurrencyUnit.USD);
    return PostingRequest.builder().idempotencyKey("load-" + r.nextLong() + "-" + System.nanoTime())
        .description("load transfer").debit(to.id(), amount).credit(from.id(), amount).build();
  }

  private interface Op {
    int run();
  }

  /** @return CPU seconds this JVM used so far (all threads, JIT and GC included) */
  private static double jvmCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** @return user and system CPU seconds used so far by the database backends serving this JVM */
  private static double[] backendUserSystemSeconds(HikariDataSource ds) {
    double[] backends = new double[2];
    try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'ledger-load'")) {
      while (rs.next()) {
        String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + rs.getInt(1) + "/stat"))
            .replaceAll("^.*\\) ", "").split(" ");
        backends[0] += Long.parseLong(f[11]) / 100.0;
        backends[1] += Long.parseLong(f[12]) / 100.0;
      }
    } catch (Exception e) {
      return new double[2];
    }
    return backends;
  }

  private static void run(HikariDataSource ds, String name, int threads, int seconds, Op op)
      throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
    long[] started = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        while (System.nanoTime() < end) {
          try {
            int n = op.run();
            if (System.nanoTime() > warmupEnd) {
              done.addAndGet(n);
            }
          } catch (RuntimeException e) {
            failed.incrementAndGet();
          }
        }
      });
      workers.add(th);
      th.start();
    }
    while (System.nanoTime() < warmupEnd) {
      Thread.sleep(10);
    }
    double jvm0 = jvmCpuSeconds();
    double[] db0 = backendUserSystemSeconds(ds);
    long done0 = done.get();
    for (Thread th : workers) {
      th.join();
    }
    double jvm = jvmCpuSeconds() - jvm0;
    double[] db1 = backendUserSystemSeconds(ds);
    long measured = Math.max(1, done.get() - done0);
    System.out.printf("%s: %d postings in %d s = %.0f postings/s (%d failures); CPU per posting: JVM %.0f us, "
        + "database backends %.0f us user + %.0f us system%n", name, done.get(), seconds,
        done.get() / (double) seconds, failed.get(), jvm * 1e6 / measured, (db1[0] - db0[0]) * 1e6 / measured,
        (db1[1] - db0[1]) * 1e6 / measured);
  }
}
