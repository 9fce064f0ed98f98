package io.github.corebanking.ledger.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where a run prints: results to standard output (a table, or one JSON document with
 * {@code --json}), messages and progress to standard error. Every line goes through the run's
 * {@link Secrets}, so a password never reaches either stream.
 */
final class Console {

  private final PrintWriter out;
  private final PrintWriter err;
  private final Secrets secrets;
  private final boolean terminal;
  private boolean json;

  Console(PrintWriter out, PrintWriter err, Secrets secrets, boolean terminal) {
    this.out = out;
    this.err = err;
    this.secrets = secrets;
    this.terminal = terminal;
  }

  void json(boolean on) {
    this.json = on;
  }

  /** @return whether results are printed as JSON */
  boolean json() {
    return json;
  }

  Secrets secrets() {
    return secrets;
  }

  /**
   * Prints a result: {@code document} as JSON with {@code --json}, else the human lines.
   *
   * @param document what scripts get
   * @param human    what people get
   */
  void result(Object document, Runnable human) {
    if (json) {
      println(Json.write(document));
    } else {
      human.run();
    }
  }

  void println(String line) {
    out.println(secrets.mask(line));
    out.flush();
  }

  void print(Table table) {
    table.lines().forEach(this::println);
  }

  void print(List<String> lines) {
    lines.forEach(this::println);
  }

  /** A message for the operator on standard error, never part of a result. */
  void note(String line) {
    err.println(secrets.mask(line));
    err.flush();
  }

  /**
   * Starts reporting progress on standard error: a bar redrawn in place on a terminal, plain lines
   * (the first unit, then every tenth of the work) otherwise.
   *
   * @param label what is being done, such as {@code daily-balance-snapshot}
   * @param total how many units of work, such as days or accounts
   * @param unit  the units' name, such as {@code days}
   * @return the progress
   */
  Progress progress(String label, long total, String unit) {
    return new Progress(err, terminal, label, total, unit, System.nanoTime());
  }
}
