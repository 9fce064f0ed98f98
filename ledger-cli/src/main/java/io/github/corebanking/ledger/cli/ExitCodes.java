package io.github.corebanking.ledger.cli;

/**
 * What a {@code ledger-cli} run ends with, for scripts and schedulers.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>{@value #OK}</td><td>done; nothing wrong found</td></tr>
 *   <tr><td>{@value #PROBLEM}</td><td>the command worked and found something wrong: integrity damage, an
 *       unbalanced trial balance, a FAILED job run, health DOWN, missing snapshots, an unmigrated
 *       schema; or the command itself failed</td></tr>
 *   <tr><td>{@value #USAGE}</td><td>usage error: an unknown command or option, a bad value (the message
 *       names the option or field and the value); nothing was done</td></tr>
 *   <tr><td>{@value #UNAVAILABLE}</td><td>cannot connect: PostgreSQL or Redis unreachable, refused the
 *       login, or no {@code --jdbc-url}/{@code LEDGER_JDBC_URL} given</td></tr>
 *   <tr><td>{@value #SKIPPED}</td><td>a job was SKIPPED: another run (on any node) holds its lock</td></tr>
 *   <tr><td>{@value #DEGRADED}</td><td>health DEGRADED: the ledger serves, but needs an operator</td></tr>
 * </table>
 */
public final class ExitCodes {

  /** Done; nothing wrong found. */
  public static final int OK = 0;
  /** Damage found, a job failed, health DOWN, or the command failed. */
  public static final int PROBLEM = 1;
  /** A usage error; nothing was done. */
  public static final int USAGE = 2;
  /** PostgreSQL or Redis cannot be reached or refused the login. */
  public static final int UNAVAILABLE = 3;
  /** A job was SKIPPED because another run holds its lock. */
  public static final int SKIPPED = 4;
  /** Health is DEGRADED. */
  public static final int DEGRADED = 5;

  private ExitCodes() {}
}
