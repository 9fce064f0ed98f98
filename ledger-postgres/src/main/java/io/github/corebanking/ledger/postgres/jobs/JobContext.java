package io.github.corebanking.ledger.postgres.jobs;

import java.time.Clock;
import java.time.ZoneId;
import org.jdbi.v3.core.Jdbi;

/**
 * What every job of one ledger shares.
 *
 * @param jdbi   Jdbi over the ledger's {@code DataSource}, with {@code <schema>} defined as the quoted schema
 * @param schema the validated schema name, unquoted (for lock keys and messages)
 * @param clock  the clock for run time stamps and for "today"
 * @param zone   the bank's zone, in which a business day starts and ends
 */
record JobContext(Jdbi jdbi, String schema, Clock clock, ZoneId zone) {}
