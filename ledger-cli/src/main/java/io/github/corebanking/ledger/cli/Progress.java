package io.github.corebanking.ledger.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress of work made of counted units (days of snapshots, batches of accounts), with the count,
 * the share done and the estimated time left. On a terminal ({@code System.console()} present) one
 * bar is redrawn in place; otherwise plain lines are printed at about every tenth of the work, so
 * logs of a scheduled run stay short.
 */
final class Progress {

  private static final int BAR = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final String label;
  private final long total;
  private final String unit;
  private final long startNanos;
  private long lastTenth = -1;
  private boolean drawn;

  Progress(PrintWriter err, boolean terminal, String label, long total, String unit, long startNanos) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
    this.total = Math.max(total, 0);
    this.unit = unit;
    this.startNanos = startNanos;
  }

  /**
   * Reports units done.
   *
   * @param done   units done so far
   * @param detail what the last unit was, such as the day just snapshotted
   */
  void update(long done, String detail) {
    long elapsed = System.nanoTime() - startNanos;
    String line = line(done, total, unit, Duration.ofNanos(elapsed), detail);
    if (terminal) {
      err.print("\r" + bar(done, total) + " " + line + "\u001b[K");
      drawn = true;
      err.flush();
      return;
    }
    long tenth = total == 0 ? 10 : done * 10 / total;
    if (tenth != lastTenth || done == total) {
      lastTenth = tenth;
      err.println(label + ": " + line);
      err.flush();
    }
  }

  /** Ends the bar's line on a terminal. */
  void finish() {
    if (terminal && drawn) {
      err.println();
      err.flush();
    }
  }

  static String line(long done, long total, String unit, Duration elapsed, String detail) {
    StringBuilder b = new StringBuilder();
    b.append(done).append('/').append(total).append(' ').append(unit);
    if (total > 0) {
      b.append(" (").append(done * 100 / total).append("%)");
    }
    b.append(", elapsed ").append(clock(elapsed));
    if (done > 0 && done < total) {
      Duration eta = elapsed.multipliedBy(total - done).dividedBy(done);
      b.append(", ETA ").append(clock(eta));
    }
    if (!detail.isEmpty()) {
      b.append(", ").append(detail);
    }
    return b.toString();
  }

  static String bar(long done, long total) {
    int filled = total == 0 ? BAR : (int) Math.min(BAR, done * BAR / total);
    return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "]";
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%02d:%02d", s / 60, s % 60);
  }
}
