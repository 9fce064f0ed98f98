package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runtime role granted what version 4 needed keeps posting once the schema is migrated to the
 * latest version, without its grants being run again: each later script grants what it adds to
 * the roles that could post before it (version 7: reading value_balances; its apply_batch is gone,
 * post_batch is kept with its grants).
 */
class UpgradeGrantsTest {

  @Test
  void aRoleGrantedForVersion4PostsClosesPeriodsAndReadsByValueDateAfterTheUpgrade() throws SQLException {
    String schema = TestServices.freshSchemaName("upgrade_grants");
    String role = TestServices.freshSchemaName("ledger_v4");
    try (HikariDataSource owner = PgTestSupport.pool("upgrade-owner", 2)) {
      UserMigrationTools.flywayTo(owner, schema, "4", UserMigrationTools.LEDGER_LOCATION);
      String s = PostgresLedgerSchema.quotedSchema(schema);
      try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
        // What version 4's grants gave the runtime role, in short: reads, accounts, its functions.
        st.execute("CREATE ROLE " + role + " LOGIN");
        st.execute("GRANT USAGE ON SCHEMA " + s + " TO " + role);
        st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO " + role);
        st.execute("GRANT INSERT (id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits, "
            + "credits_must_not_exceed_debits, metadata, created_at) ON " + s + ".accounts TO " + role);
        st.execute("GRANT UPDATE (status) ON " + s + ".accounts TO " + role);
        st.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + s + " TO " + role);
      }
      try {
        PostgresLedgerSchema.migrate(owner, schema);
        assertThat(PostgresLedgerSchema.currentVersion(owner, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());

        try (HikariDataSource runtime = PgTestSupport.poolAs(role, 2);
            Ledger ledger = Ledger.builder().store(PostgresLedgerStore.builder(runtime).schema(schema).build())
                .clock(MutableClock.at("2026-05-05T08:00:00Z")).closeStoreOnClose(true).build()) {
          Account cash = open(ledger, "1000", AccountType.ASSET, false);
          Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
          ledger.post(transfer("after-upgrade", cash, deposits, 2_500));
          ledger.closePeriod(LocalDate.parse("2026-05-04"), Map.of("closedBy", "upgrade test"));

          assertThat(ledger.balance(deposits.id()).posted().minorUnits()).isEqualTo(2_500);
          // Version 7 granted it the value-dated balances its postings now keep.
          assertThat(ledger.balanceOn(deposits.id(), LocalDate.parse("2026-05-05")).posted().minorUnits())
              .isEqualTo(2_500);
          assertThat(ledger.trialBalanceOn(LocalDate.parse("2026-05-05")).balanced()).isTrue();
          assertThat(ledger.closedThrough()).contains(LocalDate.parse("2026-05-04"));
          // Version 10 granted it post_batch's new signature and the hash-chain checkpoints.
          assertThat(ledger.verifyHashChains(false).entriesChecked()).isEqualTo(2);
          assertThat(ledger.verifyHashChains(false).entriesChecked()).as("from the checkpoint it wrote").isZero();
        }
      } finally {
        PgTestSupport.drop(schema);
        PgTestSupport.dropRole(owner, role);
      }
    }
  }
}
