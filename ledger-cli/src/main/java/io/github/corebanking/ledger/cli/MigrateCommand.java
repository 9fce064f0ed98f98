package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrate}: {@link PostgresLedgerSchema#migrate}, the ledger's and the loan book's scripts in one call. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Creates the schema and applies the ledger's and the loan book's migrations it lacks (idempotent).")
final class MigrateCommand extends LedgerCommand {

  @Override
  int run(Session session, Console console) {
    int applied = PostgresLedgerSchema.migrate(session.dataSource(), session.schema());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", session.schema());
    doc.put("applied", applied);
    doc.put("ledgerVersion", PostgresLedgerSchema.currentVersion(session.dataSource(), session.schema()));
    doc.put("loansVersion", PostgresLoanSchema.currentVersion(session.dataSource(), session.schema()));
    console.result(doc, () -> console.println("schema " + session.schema() + ": " + applied
        + " migration scripts applied; ledger at version " + doc.get("ledgerVersion")
        + ", loans at version " + doc.get("loansVersion")));
    return ExitCodes.OK;
  }
}
