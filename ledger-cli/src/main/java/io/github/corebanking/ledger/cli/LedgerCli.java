package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.StoreUnavailableException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The operator's command line over one PostgreSQL ledger (and its Redis cache):
 * {@code java -jar ledger-cli.jar <command>}.
 *
 * <pre>{@code
 * export LEDGER_JDBC_URL='jdbc:postgresql://db.internal:5432/bank?user=ledger_ops'
 * export LEDGER_JDBC_PASSWORD=...            # or --password-file /run/secrets/ledger
 * java -jar ledger-cli.jar status
 * java -jar ledger-cli.jar run integrity-check --json
 * }</pre>
 *
 * <p>Every command prints a human table by default and one JSON document with {@code --json},
 * and ends with one of the {@link ExitCodes}. A password, given in the environment, a file or the
 * URL, never appears in output, errors or logs. {@link #execute} runs the same command line in
 * process, with the environment, streams and terminal given.
 */
public final class LedgerCli {

  private LedgerCli() {}

  /**
   * Runs one command and exits with its {@linkplain ExitCodes code}.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = execute(args, System.getenv(), out, err, System.console() != null);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command.
   *
   * @param args     the command line, without the program's name
   * @param env      the environment to read {@code LEDGER_*} settings from
   * @param out      where results go
   * @param err      where messages and progress go
   * @param terminal whether {@code err} is a terminal (progress is drawn as a bar, else as lines)
   * @return the {@linkplain ExitCodes exit code}
   */
  public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      boolean terminal) {
    Secrets secrets = new Secrets();
    Console console = new Console(out, err, secrets, terminal);
    RootCommand root = new RootCommand(env, console);
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((e, a) -> {
      console.note("error: " + e.getMessage());
      console.note("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, console));
    return cli.execute(args);
  }

  /** Maps what a command threw to a message and an exit code. */
  static int failure(Exception e, Console console) {
    if (e instanceof CannotConnectException) {
      console.note("error: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof StoreUnavailableException) {
      console.note("error: the database is unavailable: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof InvalidRequestException || e instanceof CommandLine.ParameterException) {
      console.note("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof LockTimeoutException || e instanceof LedgerException) {
      console.note("error: " + e.getMessage());
      return ExitCodes.PROBLEM;
    }
    console.note("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    return ExitCodes.PROBLEM;
  }
}
