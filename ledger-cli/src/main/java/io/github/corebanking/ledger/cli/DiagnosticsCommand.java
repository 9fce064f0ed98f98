package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.postgres.diagnostics.BlockingLock;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.SlowStatement;
import io.github.corebanking.ledger.postgres.diagnostics.StatementStatisticsUnavailableException;
import io.github.corebanking.ledger.postgres.diagnostics.TableSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diagnostics}: {@link PostgresDiagnostics}' blocking locks, slow statements and table sizes,
 * each read-only with a statement timeout, safe on a production primary.
 */
@Command(name = "diagnostics", mixinStandardHelpOptions = true,
    description = "Blocking locks, slow statements and table sizes; alone, all three.",
    subcommands = {DiagnosticsCommand.Locks.class, DiagnosticsCommand.SlowStatements.class,
        DiagnosticsCommand.TableSizes.class})
final class DiagnosticsCommand extends LedgerCommand {

  @Override
  int run(Session session, Console console) {
    PostgresDiagnostics d = session.diagnostics();
    List<BlockingLock> locks = d.blockingLocks();
    List<TableSize> tables = d.tableSizes();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("blockingLocks", locks);
    String slowUnavailable = null;
    List<SlowStatement> slow = List.of();
    try {
      slow = d.slowStatements(10, SlowStatement.Order.TOTAL_TIME);
      doc.put("slowStatements", slow);
    } catch (StatementStatisticsUnavailableException e) {
      slowUnavailable = e.getMessage();
      doc.put("slowStatements", null);
      doc.put("slowStatementsUnavailable", slowUnavailable);
    }
    doc.put("tableSizes", tables);
    List<SlowStatement> slowFinal = slow;
    String unavailable = slowUnavailable;
    console.result(doc, () -> {
      console.println("blocking locks:");
      Locks.print(console, locks);
      console.println("");
      console.println("slow statements (most time in all):");
      if (unavailable != null) {
        console.println("unavailable: " + unavailable);
      } else {
        SlowStatements.print(console, slowFinal);
      }
      console.println("");
      console.println("table sizes:");
      TableSizes.print(console, tables);
    });
    return ExitCodes.OK;
  }

  @Command(name = "locks", mixinStandardHelpOptions = true,
      description = "Who blocks whom, on what, for how long (pg_locks, pg_stat_activity, pg_blocking_pids).")
  static final class Locks extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      List<BlockingLock> locks = session.diagnostics().blockingLocks();
      console.result(locks, () -> print(console, locks));
      return ExitCodes.OK;
    }

    static void print(Console console, List<BlockingLock> locks) {
      if (locks.isEmpty()) {
        console.println("nobody waits for a lock");
        return;
      }
      Table t = Table.of("blocked pid", "waiting", "lock", "relation", "blocked query", "blocking pid", "state",
          "blocking query");
      for (BlockingLock l : locks) {
        t.row(l.blockedPid(), l.waiting().toMillis() + " ms", l.lockType() + " " + l.lockMode(),
            l.relationName().orElse(""), l.blockedQuery(), l.blockingPid(), l.blockingState(), l.blockingQuery());
      }
      console.print(t);
      console.note("to end a blocker (the operator's decision): SELECT pg_terminate_backend(<blocking pid>)");
    }
  }

  @Command(name = "slow-statements", mixinStandardHelpOptions = true,
      description = "The slowest statements from pg_stat_statements.")
  static final class SlowStatements extends LedgerCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--order", paramLabel = "ORDER", defaultValue = "TOTAL_TIME",
        description = "TOTAL_TIME (what loads the server) or MEAN_TIME (what makes callers wait); default ${DEFAULT-VALUE}")
    SlowStatement.Order order = SlowStatement.Order.TOTAL_TIME;

    @Override
    int run(Session session, Console console) {
      List<SlowStatement> slow;
      try {
        slow = session.diagnostics().slowStatements(limit, order);
      } catch (StatementStatisticsUnavailableException e) {
        console.note("error: " + e.getMessage());
        return ExitCodes.PROBLEM;
      }
      console.result(slow, () -> print(console, slow));
      return ExitCodes.OK;
    }

    static void print(Console console, List<SlowStatement> slow) {
      Table t = Table.of("calls", "total", "mean", "max", "rows", "hit ratio", "query");
      for (SlowStatement s : slow) {
        t.row(s.calls(), s.totalTime().toMillis() + " ms", s.meanTime().toMillis() + " ms",
            s.maxTime().toMillis() + " ms", s.rows(), String.format("%.3f", s.cacheHitRatio()), s.query());
      }
      console.print(t);
    }
  }

  @Command(name = "table-sizes", mixinStandardHelpOptions = true,
      description = "The schema's tables, partitions and views, largest first, with their last ANALYZE.")
  static final class TableSizes extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      List<TableSize> tables = session.diagnostics().tableSizes();
      console.result(tables, () -> print(console, tables));
      return ExitCodes.OK;
    }

    static void print(Console console, List<TableSize> tables) {
      Table t = Table.of("name", "kind", "rows (est.)", "total", "table", "indexes", "dead rows", "last analyzed");
      for (TableSize s : tables) {
        t.row(s.name(), s.kind(), s.estimatedRows(), bytes(s.totalBytes()), bytes(s.tableBytes()),
            bytes(s.indexBytes()), s.deadRows(), s.analyzedAt().map(Object::toString).orElse("never"));
      }
      console.print(t);
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format("%.1f %s", v, units[i]);
  }
}
