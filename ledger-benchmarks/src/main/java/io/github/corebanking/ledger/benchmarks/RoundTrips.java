package io.github.corebanking.ledger.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What carrying a posting's statements in one round trip saves over Jdbi's one statement per
 * execution: a transaction of the posting round trip's shape (settings, a read, three writes and
 * the commit: six statements) sent (a) as one multi-statement {@code PreparedStatement}
 * on the connection, as {@code PostingEngine} does, and (b) as six Jdbi statements in
 * {@code inTransaction}. The statements themselves are trivial, so the difference is the round
 * trips and the per-statement work of each path, not the ledger.
 *
 * <pre>{@code
 * java -cp ledger-benchmarks/target/ledger-benchmarks.jar io.github.corebanking.ledger.benchmarks.RoundTrips 20000
 * }</pre>
 */
public final class RoundTrips {

  private static final String ONE_TRIP = "SELECT set_config('lock_timeout', '5000ms', true); SELECT 1; SELECT 2; "
      + "SELECT 3; SELECT 4; COMMIT";

  private RoundTrips() {}

  /**
   * @param args iterations per path (default 20,000); the JDBC URL comes from
   *             {@code LEDGER_TEST_JDBC_URL} as for the other benchmarks
   * @throws SQLException when the database fails
   */
  public static void main(String[] args) throws SQLException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String url = System.getenv().getOrDefault("LEDGER_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(ONE_TRIP)) {
        run("warm-up one round trip", n / 4, () -> oneTrip(ps));
        long[] one = run("one round trip (connection)", n, () -> oneTrip(ps));
        Jdbi jdbi = Jdbi.create(url);
        try (Handle h = jdbi.open()) {
          run("warm-up jdbi", n / 4, () -> jdbiTrips(h));
          long[] six = run("six statements (Jdbi)", n, () -> jdbiTrips(h));
          System.out.printf("RESULT one_trip_p50_us=%.1f jdbi_p50_us=%.1f ratio=%.2f%n", p50(one), p50(six),
              p50(six) / p50(one));
        }
      }
    }
  }

  private static void oneTrip(PreparedStatement ps) throws SQLException {
    ps.execute();
    while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
      // read every result, as the posting round trip does
    }
  }

  private static void jdbiTrips(Handle h) {
    h.useTransaction(t -> {
      t.createQuery("SELECT set_config('lock_timeout', '5000ms', true)").mapTo(String.class).one();
      t.createQuery("SELECT 1").mapTo(Integer.class).one();
      t.createQuery("SELECT 2").mapTo(Integer.class).one();
      t.createQuery("SELECT 3").mapTo(Integer.class).one();
      t.createQuery("SELECT 4").mapTo(Integer.class).one();
    });
  }

  @FunctionalInterface
  private interface Step {
    void run() throws SQLException;
  }

  private static long[] run(String name, int n, Step step) throws SQLException {
    long[] nanos = new long[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      step.run();
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    System.out.printf("%-28s %8.0f tx/s  p50 %6.1f us  p99 %6.1f us%n", name, n / seconds, p50(nanos),
        nanos[(int) (n * 0.99)] / 1e3);
    return nanos;
  }

  private static double p50(long[] sorted) {
    return sorted[sorted.length / 2] / 1e3;
  }
}
