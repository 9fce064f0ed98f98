package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.diagnostics.DatabaseStatus;
import io.github.corebanking.ledger.postgres.diagnostics.PartitionHorizon;
import io.github.corebanking.ledger.postgres.diagnostics.SnapshotStatus;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code status}: the database, the schema's migration versions, the partition horizon and the snapshots. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the database, the schema's migration versions, partitions ahead and yesterday's snapshots. "
        + "Exit 1 when the schema is missing or older than this version expects.")
final class StatusCommand extends LedgerCommand {

  @Override
  int run(Session session, Console console) {
    DatabaseStatus db = session.diagnostics().database();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", session.schema());
    doc.put("server", db.serverVersion());
    doc.put("database", db.database());
    doc.put("user", db.user());
    doc.put("standby", db.inRecovery());
    doc.put("ledgerVersion", db.schemaVersion().isPresent() ? db.schemaVersion().getAsInt() : 0);
    doc.put("ledgerExpectedVersion", db.expectedVersion());
    doc.put("loansVersion", PostgresLoanSchema.currentVersion(session.dataSource(), session.schema()));
    doc.put("loansExpectedVersion", PostgresLoanSchema.latestVersion());
    doc.put("roundTrip", db.roundTrip());
    boolean migrated = db.migrated();
    doc.put("migrated", migrated);
    if (migrated) {
      PartitionHorizon partitions = session.diagnostics().partitions();
      SnapshotStatus snapshots = session.diagnostics().snapshots();
      doc.put("partitionMonthsAhead", partitions.monthsAhead());
      doc.put("yesterday", snapshots.yesterday());
      doc.put("latestSnapshotDate", snapshots.latest().map(Object::toString).orElse(null));
      doc.put("snapshotLagDays", snapshots.lagDays());
    }
    console.result(doc, () -> {
      Table t = Table.of("what", "value");
      doc.forEach((k, v) -> t.row(k, v instanceof java.time.Duration d ? d.toMillis() + " ms" : v));
      console.print(t);
      if (!migrated) {
        console.note("schema " + session.schema() + " is not migrated to version " + PostgresLedgerSchema.latestVersion()
            + ": run ledger-cli migrate");
      }
    });
    return migrated ? ExitCodes.OK : ExitCodes.PROBLEM;
  }
}
