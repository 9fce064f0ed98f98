package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs pointed at a schema that holds no ledger: every run fails, none throws. */
class JobFailureTest {

  private static HikariDataSource dataSource;
  private static String jdbcUrl;
  private static String schema;

  @BeforeAll
  static void setUp() {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName("jobs_missing");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(2);
    dataSource = new HikariDataSource(config);
  }

  @AfterAll
  static void tearDown() {
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }

  @Test
  void aFailureOfTheWorkIsAFailedResultNotAnException() {
    PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(dataSource).schema(schema).build();
    List<LedgerJob> all = List.of(jobs.ensurePartitions(), jobs.dailyBalanceSnapshot(LocalDate.parse("2020-01-01")),
        jobs.integrityCheck(), jobs.recalculateBalances(), jobs.snapshotRetention(Period.ofDays(30)));

    for (LedgerJob job : all) {
      JobResult result = job.run();
      assertThat(result.status()).as(job.name()).isEqualTo(JobStatus.FAILED);
      assertThat(result.job()).isEqualTo(job.name());
      assertThat(result.message()).as(job.name()).contains("does not exist");
    }
  }

  @Test
  void aFailureToReachTheDatabaseIsAFailedResult() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test?user=root&connectTimeout=1");
    config.setConnectionTimeout(500);
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource closedPort = new HikariDataSource(config)) {
      JobResult result = PostgresLedgerJobs.builder(closedPort).schema(schema).build().integrityCheck().run();
      assertThat(result.status()).isEqualTo(JobStatus.FAILED);
      assertThat(result.message()).isNotBlank();
    }
  }
}
