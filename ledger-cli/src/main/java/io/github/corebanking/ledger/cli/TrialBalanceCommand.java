package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.TrialBalance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trial-balance}: {@code Ledger.trialBalance(asOf)}, computed from the entries. */
@Command(name = "trial-balance", mixinStandardHelpOptions = true,
    description = "Prints the trial balance (every account's posted balance, totals per currency). "
        + "Exit 1 when a currency's debits differ from its credits.")
final class TrialBalanceCommand extends LedgerCommand {

  @Option(names = "--as-of", paramLabel = "INSTANT|DAY",
      description = "an instant, or a day meaning its end in the bank's zone (default now)")
  @Nullable String asOf;

  @Option(names = "--totals-only", description = "only the totals per currency")
  boolean totalsOnly;

  @Override
  int run(Session session, Console console) {
    Instant at = asOf == null ? session.clock().instant() : Instants.parse("--as-of", asOf, session.zone(), true);
    TrialBalance trial = session.ledger().trialBalance(at);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("asOf", trial.asOf());
    doc.put("balanced", trial.balanced());
    List<Object> totals = new ArrayList<>();
    Table totalsTable = Table.of("currency", "debits", "credits", "balanced");
    for (TrialBalance.CurrencyTotal t : trial.totals()) {
      Map<String, Object> total = new LinkedHashMap<>();
      total.put("currency", t.currency().code());
      total.put("debits", t.debits().toPlainString());
      total.put("credits", t.credits().toPlainString());
      total.put("balanced", t.balanced());
      totals.add(total);
      totalsTable.row(t.currency().code(), t.debits().toPlainString(), t.credits().toPlainString(),
          t.balanced() ? "yes" : "NO");
    }
    doc.put("totals", totals);
    List<Object> lines = new ArrayList<>();
    Table linesTable = Table.of("code", "name", "type", "currency", "debit", "credit");
    if (!totalsOnly) {
      for (TrialBalance.Line l : trial.lines()) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("accountId", l.accountId().value());
        line.put("code", l.code());
        line.put("name", l.name());
        line.put("type", l.type());
        line.put("currency", l.debit().currency().code());
        line.put("debit", l.debit().toPlainString());
        line.put("credit", l.credit().toPlainString());
        lines.add(line);
        linesTable.row(l.code(), l.name(), l.type(), l.debit().currency().code(), l.debit().toPlainString(),
            l.credit().toPlainString());
      }
      doc.put("lines", lines);
    }
    console.result(doc, () -> {
      console.println("trial balance as of " + trial.asOf() + ": " + (trial.balanced() ? "balanced" : "NOT BALANCED"));
      if (!totalsOnly && !linesTable.isEmpty()) {
        console.print(linesTable);
        console.println("");
      }
      console.print(totalsTable);
    });
    return trial.balanced() ? ExitCodes.OK : ExitCodes.PROBLEM;
  }
}
