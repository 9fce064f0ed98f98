package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorComparison;
import io.github.corebanking.ledger.MonitorMeasure;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.NewMonitor;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.job.BalanceMonitorJob;
import io.github.corebanking.ledger.job.InMemoryJobRuns;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Balance monitors on two ledger nodes (two stores on one schema): both post and both run the
 * monitor job at once, through the schema's advisory lock (PostgresLedgerJobs) and without it (each
 * node on a lock of its own, so only record_monitor_evaluation keeps them apart). Every transition
 * of the posted balance fires exactly once, whichever node observed it; no alert is recorded or told
 * twice.
 */
class BalanceMonitorNodesTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private HikariDataSource ds;
  private String schema;
  private final List<PostgresLedgerStore> stores = new ArrayList<>();
  private final List<Ledger> ledgers = new ArrayList<>();
  private final List<MonitorAlert> told = new CopyOnWriteArrayList<>();
  private final LedgerListener listener = new LedgerListener() {
    @Override
    public void onMonitorFired(MonitorAlert alert) {
      told.add(alert);
    }
  };

  @BeforeEach
  void open() {
    ds = PgTestSupport.pool("monitor-nodes", 12);
    schema = TestServices.freshSchemaName("monitor_nodes");
    PostgresLedgerSchema.migrate(ds, schema);
    for (int i = 0; i < 2; i++) {
      PostgresLedgerStore store = PostgresLedgerStore.builder(ds).schema(schema).lockTimeout(Duration.ofSeconds(10))
          .build();
      stores.add(store);
      ledgers.add(Ledger.builder().store(store).build());
    }
  }

  @AfterEach
  void close() {
    try {
      ledgers.forEach(Ledger::close);
      stores.forEach(PostgresLedgerStore::close);
    } finally {
      ds.close();
      PgTestSupport.drop(schema);
    }
  }

  @Test
  void twoNodesOnTheSchemaLockFireEachTransitionOnce() throws Exception {
    runOnTwoNodes(List.of(PostgresLedgerJobs.builder(stores.get(0)).build().balanceMonitors(List.of(listener)),
        PostgresLedgerJobs.builder(stores.get(1)).build().balanceMonitors(List.of(listener))));
  }

  @Test
  void twoNodesWithoutACommonLockStillFireEachTransitionOnce() throws Exception {
    runOnTwoNodes(List.of(new BalanceMonitorJob(stores.get(0), new InMemoryJobRuns(), java.time.Clock.systemUTC(), 3,
            List.of(listener)),
        new BalanceMonitorJob(stores.get(1), new InMemoryJobRuns(), java.time.Clock.systemUTC(), 4, List.of(listener))));
  }

  private void runOnTwoNodes(List<LedgerJob> jobs) throws Exception {
    Ledger a = ledgers.get(0);
    Account cash = a.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET).currency(USD)
        .build());
    Account equity = a.openAccount(NewAccount.builder().code("3000").name("Equity").type(AccountType.EQUITY)
        .currency(USD).build());
    BalanceMonitor high = a.defineMonitor(NewMonitor.builder().name("cash-high").account(cash.id())
        .when(MonitorMeasure.POSTED, MonitorComparison.AT_LEAST, Money.of("60.00", USD)).build());
    assertThat(jobs.get(0).run().status()).isEqualTo(JobStatus.SUCCEEDED);
    told.clear();

    int posters = 4;
    int perPoster = 30;
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(posters + jobs.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < posters; p++) {
        Ledger node = ledgers.get(p % 2);
        Random random = new Random(p);
        int poster = p;
        futures.add(pool.submit((Callable<Void>) () -> {
          try {
            for (int n = 0; n < perPoster; n++) {
              boolean in = random.nextBoolean();
              Money amount = Money.of("30.00", USD);
              node.post(PostingRequest.builder().idempotencyKey("p" + poster + "-" + n).description("move")
                  .debit(in ? cash.id() : equity.id(), amount).credit(in ? equity.id() : cash.id(), amount).build());
            }
          } finally {
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (LedgerJob job : jobs) {
        futures.add(pool.submit((Callable<Void>) () -> {
          while (done.get() < posters) {
            assertThat(job.run().status()).isIn(JobStatus.SUCCEEDED, JobStatus.SKIPPED);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(jobs.get(1).run().status()).isEqualTo(JobStatus.SUCCEEDED);

    TreeMap<Long, Money> byVersion = new TreeMap<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      StatementPage s = a.statement(cash.id(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), page);
      for (Entry e : s.entries()) {
        byVersion.put(e.accountVersion(), e.balanceAfter());
      }
      if (s.next().isEmpty()) {
        break;
      }
      page = PageRequest.after(s.next().get(), PageRequest.MAX_SIZE);
    }
    List<Long> expected = new ArrayList<>();
    boolean firing = false;
    for (Map.Entry<Long, Money> v : byVersion.entrySet()) {
      boolean holds = high.holdsFor(v.getValue());
      if (holds && !firing) {
        expected.add(v.getKey());
      }
      firing = holds;
    }
    MonitorAlertPage feed = ledgers.get(1).monitorAlerts(0, PageRequest.MAX_SIZE);
    List<MonitorAlert> alerts = feed.alerts();
    for (int i = 0; i < alerts.size(); i++) {
      assertThat(alerts.get(i).position()).as("position of alert %s", i).isEqualTo(i + 1L);
    }
    assertThat(alerts).extracting(MonitorAlert::accountVersion).as("the versions at which cash reached 60.00")
        .containsExactlyElementsOf(expected);
    assertThat(expected).as("the postings crossed the threshold").isNotEmpty();
    Set<Long> positions = new HashSet<>();
    for (MonitorAlert t : told) {
      assertThat(positions.add(t.position())).as("told once: %s", t).isTrue();
    }
    assertThat(told).as("each recorded alert told by the node that recorded it")
        .containsExactlyInAnyOrderElementsOf(alerts);
  }
}
