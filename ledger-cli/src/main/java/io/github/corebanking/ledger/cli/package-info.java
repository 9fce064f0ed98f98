/**
 * The operator's command line: {@code java -jar ledger-cli.jar <command>}.
 *
 * <p>{@link io.github.corebanking.ledger.cli.LedgerCli} is the entry point and
 * {@link io.github.corebanking.ledger.cli.ExitCodes} lists what a run can end with; the commands
 * themselves are package-private: their contract is the command line (see {@code --help} and
 * docs/operations.md), not a Java API. Every command is a call of the library (the PostgreSQL
 * store, {@code PostgresLedgerJobs}, {@code PostgresDiagnostics}, {@code LedgerHealth}, the Redis
 * cache) with its result printed as a table, or as JSON with {@code --json}.
 */
@NullMarked
package io.github.corebanking.ledger.cli;

import org.jspecify.annotations.NullMarked;
