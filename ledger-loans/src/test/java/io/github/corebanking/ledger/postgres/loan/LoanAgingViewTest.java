package io.github.corebanking.ledger.postgres.loan;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.loan.AgingSource;
import io.github.corebanking.ledger.loan.LoanAgingReport;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.NewLoan;
import io.github.corebanking.ledger.loan.RepaymentRequest;
import io.github.corebanking.ledger.loan.RepaymentSchedule;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loan_aging view on PostgreSQL: a report for the refreshed day reads it and says how fresh
 * it is, any other day is computed live, refreshes never block readers and never run twice at once.
 */
class LoanAgingViewTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Instant NINE = Instant.parse("2025-06-15T09:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

  private static HikariDataSource dataSource;
  private static final List<String> SCHEMAS = new ArrayList<>();

  private String schema;
  private MutableClock clock;
  private PostgresLedgerStore ledgerStore;
  private Ledger ledger;
  private LoanBook book;
  private RefreshLoanAgingJob job;
  private Account cash;

  @BeforeAll
  static void openPool() {
    dataSource = LoanPg.pool("loan-aging", 6);
  }

  @AfterAll
  static void dropSchemas() {
    try {
      SCHEMAS.forEach(LoanPg::drop);
    } finally {
      if (dataSource != null) {
        dataSource.close();
      }
    }
  }

  @BeforeEach
  void openBook() {
    schema = TestServices.freshSchemaName("loanaging");
    SCHEMAS.add(schema);
    PostgresLedgerSchema.migrate(dataSource, schema);
    clock = MutableClock.at(NINE);
    ledgerStore = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    ledger = Ledger.builder().store(ledgerStore).clock(clock).build();
    book = LoanBook.builder().ledger(ledger).clock(clock)
        .store(PostgresLoanStore.builder(dataSource).schema(schema).statementTimeout(Duration.ofSeconds(5)).build())
        .build();
    job = RefreshLoanAgingJob.builder(dataSource).schema(schema).clock(clock).build();
    cash = open("1000");
  }

  @AfterEach
  void closeBook() {
    ledger.close();
    ledgerStore.close();
  }

  private Account open(String code) {
    return ledger.openAccount(NewAccount.builder().code(code).name(code).type(AccountType.ASSET).currency(USD).build());
  }

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  /** A loan of 300.00 in three installments of 100.00 + 5.00 due Apr 1, May 1 and Jun 1, nothing paid. */
  private LoanId lateLoan(String id) {
    RepaymentSchedule s = RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 4, 1), usd("100.00"), usd("5.00"))
        .installment(LocalDate.of(2025, 5, 1), usd("100.00"), usd("5.00"))
        .installment(LocalDate.of(2025, 6, 1), usd("100.00"), usd("5.00"))
        .build();
    book.register(NewLoan.builder().id(id).borrowerReference("b-" + id).receivableAccount(open("1200-" + id).id())
        .principal(usd("300.00")).disbursementDate(LocalDate.of(2025, 3, 1)).schedule(s).build());
    book.disburse(LoanId.of(id), cash.id());
    return LoanId.of(id);
  }

  @Test
  void beforeTheFirstRefreshEveryReportIsLive() {
    lateLoan("L-1");

    LoanAgingReport report = book.agingReport(TODAY);

    assertThat(report.source()).isEqualTo(AgingSource.LIVE);
    assertThat(report.refreshedAt()).isEqualTo(NINE);
    assertThat(report.line(LoanId.of("L-1")).orElseThrow().daysPastDue()).isEqualTo(75);
  }

  @Test
  void aReportForTheRefreshedDayReadsTheViewAndSaysHowFreshItIs() {
    LoanId id = lateLoan("L-1");
    lateLoan("L-2");
    JobResult first = job.run();
    assertThat(first.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.count("loans")).isEqualTo(2);

    clock.advance(Duration.ofMinutes(30));
    book.repay(id, new RepaymentRequest("catch-up", usd("105.00"), TODAY, cash.id()));

    LoanAgingReport snapshot = book.agingReport(TODAY);
    assertThat(snapshot.source()).isEqualTo(AgingSource.SNAPSHOT);
    assertThat(snapshot.refreshedAt()).isEqualTo(NINE);
    // the repayment came after the refresh: the view still shows installment 1 as the oldest unpaid
    assertThat(snapshot.line(id).orElseThrow().daysPastDue()).isEqualTo(75);
    LoanAgingReport live = book.liveAgingReport(TODAY);
    assertThat(live.source()).isEqualTo(AgingSource.LIVE);
    assertThat(live.line(id).orElseThrow().daysPastDue()).isEqualTo(45);

    clock.advance(Duration.ofMinutes(30));
    assertThat(job.run().status()).isEqualTo(JobStatus.SUCCEEDED);
    LoanAgingReport refreshed = book.agingReport(TODAY);
    assertThat(refreshed.source()).isEqualTo(AgingSource.SNAPSHOT);
    assertThat(refreshed.refreshedAt()).isEqualTo(NINE.plus(Duration.ofHours(1)));
    assertThat(refreshed.lines()).isEqualTo(book.liveAgingReport(TODAY).lines());
    assertThat(LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema
        + "\".job_runs WHERE job_name = 'refresh-loan-aging' AND status = 'SUCCEEDED'")).isEqualTo(2);
  }

  @Test
  void aReportForAnotherDayIsComputedLiveAndAChosenDayCanBeRefreshed() {
    lateLoan("L-1");
    job.run();

    assertThat(book.agingReport(TODAY.minusDays(1)).source()).isEqualTo(AgingSource.LIVE);
    assertThat(book.agingReport(TODAY.minusDays(1)).line(LoanId.of("L-1")).orElseThrow().daysPastDue()).isEqualTo(74);

    LocalDate monthEnd = LocalDate.of(2025, 5, 31);
    assertThat(job.refresh(monthEnd).status()).isEqualTo(JobStatus.SUCCEEDED);
    LoanAgingReport may = book.agingReport(monthEnd);
    assertThat(may.source()).isEqualTo(AgingSource.SNAPSHOT);
    assertThat(may.line(LoanId.of("L-1")).orElseThrow().daysPastDue()).isEqualTo(60);
    assertThat(may.lines()).isEqualTo(book.liveAgingReport(monthEnd).lines());
    assertThat(book.agingReport(TODAY).source()).isEqualTo(AgingSource.LIVE);
  }

  @Test
  @Timeout(60)
  void aRunThatFindsAnotherRunningIsSkipped() throws Exception {
    lateLoan("L-1");
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock = other.prepareStatement(
          "SELECT pg_advisory_xact_lock(hashtextextended('corebanking-ledger:job:' || ? || ':refresh-loan-aging', 0))")) {
        lock.setString(1, schema);
        lock.execute();
      }

      JobResult skipped = job.run();

      assertThat(skipped.status()).isEqualTo(JobStatus.SKIPPED);
      assertThat(book.agingReport(TODAY).source()).isEqualTo(AgingSource.LIVE);
      other.rollback();
    }
    assertThat(job.run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema
        + "\".job_runs WHERE job_name = 'refresh-loan-aging' AND status = 'SKIPPED'")).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void readersAreNotBlockedWhileTheViewRefreshes() throws Exception {
    LoanId id = lateLoan("L-1");
    job.run();
    book.repay(id, new RepaymentRequest("catch-up", usd("105.00"), TODAY, cash.id()));
    try (Connection refresher = dataSource.getConnection()) {
      refresher.setAutoCommit(false);
      try (Statement s = refresher.createStatement()) {
        s.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY \"" + schema + "\".loan_aging");
      }
      // The refresh holds its lock until it commits. A reader blocked by it would fail with the
      // store's lock timeout (5 s); instead it gets the last committed rows of the view.
      LoanAgingReport during = book.agingReport(TODAY);
      assertThat(during.source()).isEqualTo(AgingSource.SNAPSHOT);
      assertThat(during.refreshedAt()).isEqualTo(NINE);
      assertThat(during.line(id).orElseThrow().daysPastDue()).isEqualTo(75);
      refresher.commit();
    }
    assertThat(book.agingReport(TODAY).line(id).orElseThrow().daysPastDue()).isEqualTo(45);
  }

  @Test
  void aFailedRefreshIsAFailedResultNotAnException() {
    String bare = TestServices.freshSchemaName("loanaging");
    SCHEMAS.add(bare);
    LoanPg.migrateLedgerOnly(dataSource, bare);

    JobResult result = RefreshLoanAgingJob.builder(dataSource).schema(bare).clock(clock).build().run();

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.message()).contains("loan_aging_refresh");
  }
}
