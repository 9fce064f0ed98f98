package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.StatementPage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code statement}: one page of {@code Ledger.statement(id, from, to, page)}, with the cursor of the next. */
@Command(name = "statement", mixinStandardHelpOptions = true,
    description = "Prints an account's entries with the running balance, a page at a time; the last line is the "
        + "command of the next page (same account and range, --cursor).")
final class StatementCommand extends LedgerCommand {

  @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account's code (such as 2100) or id")
  String account = "";

  @Option(names = "--from", paramLabel = "INSTANT|DAY", description = "from (a day: its start; default 30 days ago)")
  @Nullable String from;

  @Option(names = "--to", paramLabel = "INSTANT|DAY", description = "to (a day: its end; default now)")
  @Nullable String to;

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100", description = "entries per page (default ${DEFAULT-VALUE})")
  int pageSize;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next-page cursor a previous page printed")
  @Nullable String cursor;

  @Override
  int run(Session session, Console console) {
    Account a = AccountRef.resolve(session.ledger(), "ACCOUNT", account);
    Instant now = session.clock().instant();
    Instant start = from == null
        ? LocalDate.ofInstant(now, session.zone()).minusDays(30).atStartOfDay(session.zone()).toInstant()
        : Instants.parse("--from", from, session.zone(), false);
    Instant end = to == null ? now : Instants.parse("--to", to, session.zone(), true);
    PageRequest page = cursor == null ? PageRequest.first(pageSize) : PageRequest.after(cursor, pageSize);
    StatementPage statement = session.ledger().statement(a.id(), start, end, page);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("accountId", a.id().value());
    doc.put("code", a.code());
    doc.put("name", a.name());
    doc.put("currency", a.currency().code());
    doc.put("from", start);
    doc.put("to", end);
    List<Object> entries = new ArrayList<>();
    Table table = Table.of("posted at", "transaction", "side", "amount", "pending", "balance after");
    for (Entry e : statement.entries()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("postedAt", e.postedAt());
      row.put("transactionId", e.transactionId().value());
      row.put("side", e.side());
      row.put("amount", e.amount().toPlainString());
      row.put("pending", e.pending());
      row.put("balanceAfter", e.balanceAfter().toPlainString());
      entries.add(row);
      table.row(e.postedAt(), e.transactionId().value(), e.side(), e.amount().toPlainString(),
          e.pending() ? "yes" : "", e.balanceAfter().toPlainString());
    }
    doc.put("entries", entries);
    doc.put("nextCursor", statement.next().orElse(null));
    console.result(doc, () -> {
      console.println(a.code() + " " + a.name() + " (" + a.currency().code() + "), " + start + " to " + end);
      if (table.isEmpty()) {
        console.println("no entries");
      } else {
        console.print(table);
      }
      // A cursor belongs to its account and range: the next page repeats them, as instants.
      statement.next().ifPresent(next -> console.println("next page: ledger-cli statement " + a.code() + " --from "
          + start + " --to " + end + " --page-size " + pageSize + " --cursor " + next));
    });
    return ExitCodes.OK;
  }
}
