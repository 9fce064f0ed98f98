package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trial-balance}: {@code Ledger.trialBalance(asOf)} by booking time, or with
 * {@code --value-date} {@code Ledger.trialBalanceOn(date)} by value date.
 */
@Command(name = "trial-balance", mixinStandardHelpOptions = true,
    description = "Prints the trial balance (every account's posted balance, totals per currency), by booking "
        + "time (--as-of) or by value date (--value-date). Exit 1 when a currency's debits differ from its credits.")
final class TrialBalanceCommand extends LedgerCommand {

  @Option(names = "--as-of", paramLabel = "INSTANT|DAY",
      description = "an instant, or a day meaning its end in the bank's zone (default now)")
  @Nullable String asOf;

  @Option(names = "--value-date", paramLabel = "DAY",
      description = "count every posted entry dated on or before this value date, whenever booked (not with --as-of)")
  @Nullable String valueDate;

  @Option(names = "--totals-only", description = "only the totals per currency")
  boolean totalsOnly;

  @Override
  int run(Session session, Console console) {
    Map<String, Object> doc = new LinkedHashMap<>();
    String title;
    boolean balanced;
    List<TrialBalance.Line> trialLines;
    List<TrialBalance.CurrencyTotal> trialTotals;
    if (valueDate != null) {
      if (asOf != null) {
        throw new InvalidRequestException("--value-date", valueDate, "cannot be given with --as-of: choose one clock");
      }
      ValueDatedTrialBalance trial = session.ledger().trialBalanceOn(day(valueDate));
      doc.put("valueDate", trial.valueDate().toString());
      title = "trial balance on value date " + trial.valueDate();
      balanced = trial.balanced();
      trialLines = trial.lines();
      trialTotals = trial.totals();
    } else {
      Instant at = asOf == null ? session.clock().instant() : Instants.parse("--as-of", asOf, session.zone(), true);
      TrialBalance trial = session.ledger().trialBalance(at);
      doc.put("asOf", trial.asOf());
      title = "trial balance as of " + trial.asOf();
      balanced = trial.balanced();
      trialLines = trial.lines();
      trialTotals = trial.totals();
    }
    doc.put("balanced", balanced);
    List<Object> totals = new ArrayList<>();
    Table totalsTable = Table.of("currency", "debits", "credits", "balanced");
    for (TrialBalance.CurrencyTotal t : trialTotals) {
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
      for (TrialBalance.Line l : trialLines) {
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
      console.println(title + ": " + (balanced ? "balanced" : "NOT BALANCED"));
      if (!totalsOnly && !linesTable.isEmpty()) {
        console.print(linesTable);
        console.println("");
      }
      console.print(totalsTable);
    });
    return balanced ? ExitCodes.OK : ExitCodes.PROBLEM;
  }

  private static LocalDate day(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("--value-date", text, "must be a day such as 2026-12-04");
    }
  }
}
