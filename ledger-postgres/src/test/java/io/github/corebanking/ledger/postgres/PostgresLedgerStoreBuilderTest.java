package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder checks every value at once, takes each once, and only builds over a migrated schema. */
class PostgresLedgerStoreBuilderTest {

  private static HikariDataSource dataSource;

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("builder", 2);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("lockTimeout", (Consumer<PostgresLedgerStore.Builder>) b -> b.lockTimeout(Duration.ZERO)),
        Arguments.of("lockTimeout", (Consumer<PostgresLedgerStore.Builder>) b -> b.lockTimeout(Duration.ofSeconds(-1))),
        Arguments.of("lockTimeout", (Consumer<PostgresLedgerStore.Builder>) b -> b.lockTimeout(null)),
        Arguments.of("statementTimeout", (Consumer<PostgresLedgerStore.Builder>) b -> b.statementTimeout(Duration.ofDays(2))),
        Arguments.of("maxRetries", (Consumer<PostgresLedgerStore.Builder>) b -> b.maxRetries(-1)),
        Arguments.of("writerThreads", (Consumer<PostgresLedgerStore.Builder>) b -> b.writerThreads(65)),
        Arguments.of("maxBatchSize", (Consumer<PostgresLedgerStore.Builder>) b -> b.maxBatchSize(0)),
        Arguments.of("queueCapacity", (Consumer<PostgresLedgerStore.Builder>) b -> b.queueCapacity(0)),
        Arguments.of("accountCacheSize", (Consumer<PostgresLedgerStore.Builder>) b -> b.accountCacheSize(-1)),
        Arguments.of("accountCacheSize", (Consumer<PostgresLedgerStore.Builder>) b -> b.accountCacheSize(10_000_001)),
        Arguments.of("closeTimeout", (Consumer<PostgresLedgerStore.Builder>) b -> b.closeTimeout(Duration.ZERO)),
        Arguments.of("writerHandoff", (Consumer<PostgresLedgerStore.Builder>) b -> b.writerHandoff(Duration.ZERO)),
        Arguments.of("writerHandoff", (Consumer<PostgresLedgerStore.Builder>) b -> b.writerHandoff(Duration.ofSeconds(11))),
        Arguments.of("writerHandoff", (Consumer<PostgresLedgerStore.Builder>) b -> b.writerHandoff(null)),
        Arguments.of("readDataSource", (Consumer<PostgresLedgerStore.Builder>) b -> b.readDataSource(null)),
        Arguments.of("observer", (Consumer<PostgresLedgerStore.Builder>) b -> b.observer(null)),
        Arguments.of("schema", (Consumer<PostgresLedgerStore.Builder>) b -> b.schema("Ledger")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void badSettingsAreRejectedNamingTheField(String field, Consumer<PostgresLedgerStore.Builder> setting) {
    assertThatThrownBy(() -> setting.accept(PostgresLedgerStore.builder(dataSource)))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
  }

  @Test
  void aNullDataSourceIsRejected() {
    assertThatThrownBy(() -> PostgresLedgerStore.builder(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("dataSource");
  }

  @Test
  void eachSettingIsTakenOnce() {
    PostgresLedgerStore.Builder b = PostgresLedgerStore.builder(dataSource).lockTimeout(Duration.ofSeconds(1));
    assertThatThrownBy(() -> b.lockTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lockTimeout").hasMessageContaining("already set");
  }

  @Test
  void aSchemaWithoutLedgerTablesIsRejected() {
    String schema = TestServices.freshSchemaName("unmigrated");
    assertThatThrownBy(() -> PostgresLedgerStore.builder(dataSource).schema(schema).build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(schema).hasMessageContaining("migrate");
  }

  @Test
  void aSchemaMissingALaterMigrationIsRejectedNamingTheScript() throws Exception {
    String schema = TestServices.freshSchemaName("older");
    try {
      PostgresLedgerSchema.migrate(dataSource, schema);
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP FUNCTION " + PostgresLedgerSchema.quotedSchema(schema) + ".account_changed(uuid, bigint, bigint)");
      }
      assertThatThrownBy(() -> PostgresLedgerStore.builder(dataSource).schema(schema).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(schema).hasMessageContaining("V2__state_checks_and_checkpoints.sql")
          .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("schema"));
    } finally {
      PgTestSupport.drop(schema);
    }
  }

  @Test
  void aSchemaWithoutValueBalancesIsRejectedNamingVersion7() throws Exception {
    String schema = TestServices.freshSchemaName("before_v7");
    try {
      PostgresLedgerSchema.migrate(dataSource, schema);
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE " + PostgresLedgerSchema.quotedSchema(schema) + ".value_balances");
      }
      assertThatThrownBy(() -> PostgresLedgerStore.builder(dataSource).schema(schema).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(schema).hasMessageContaining("V7__value_dates.sql")
          .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("schema"));
    } finally {
      PgTestSupport.drop(schema);
    }
  }

  @Test
  void aSchemaWithoutCategoriesIsRejectedNamingVersion11() throws Exception {
    String schema = TestServices.freshSchemaName("before_v11");
    try {
      PostgresLedgerSchema.migrate(dataSource, schema);
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE " + PostgresLedgerSchema.quotedSchema(schema) + ".category_accounts");
      }
      assertThatThrownBy(() -> PostgresLedgerStore.builder(dataSource).schema(schema).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(schema).hasMessageContaining("V11__account_categories.sql")
          .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("schema"));
    } finally {
      PgTestSupport.drop(schema);
    }
  }

  @Test
  void migrateTrueBuildsOverAFreshSchemaAndTheBuilderBuildsOnce() {
    String schema = TestServices.freshSchemaName("builder");
    try {
      PostgresLedgerStore.Builder b = PostgresLedgerStore.builder(dataSource).schema(schema).migrate(true)
          .lockTimeout(Duration.ofMillis(750)).statementTimeout(Duration.ofSeconds(9)).writerThreads(0);
      try (PostgresLedgerStore store = b.build()) {
        assertThat(store.schema()).isEqualTo(schema);
        assertThat(store.lockTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(store.statementTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(store.readDataSource()).isSameAs(dataSource);
        assertThat(store.listAccounts()).isEmpty();
      }
      assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
          .hasMessage("this builder already built a PostgresLedgerStore");
      assertThatThrownBy(() -> b.maxRetries(3)).isInstanceOf(IllegalStateException.class)
          .hasMessage("this builder already built a PostgresLedgerStore");
    } finally {
      PgTestSupport.drop(schema);
    }
  }
}
