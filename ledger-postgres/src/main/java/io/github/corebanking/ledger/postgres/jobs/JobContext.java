package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.JobFrame;
import java.time.Clock;
import java.time.ZoneId;

/**
 * What every job of one ledger shares.
 *
 * @param frame  the frame over the schema's {@link PostgresJobRuns}
 * @param schema the validated schema name, unquoted (for messages and catalog filters)
 * @param clock  the clock for run time stamps and for "today"
 * @param zone   the bank's zone, in which a business day starts and ends
 */
record JobContext(JobFrame<PostgresJobLock> frame, String schema, Clock clock, ZoneId zone) {}
