/**
 * Running the ledger in production: the operations guide's schedules wired to the JDK's
 * {@code ScheduledExecutorService} ({@link io.github.corebanking.ledger.examples.ops.JdkSchedulerExample})
 * and to Quartz ({@link io.github.corebanking.ledger.examples.ops.QuartzSchedulerExample}), a job
 * started on several nodes at once doing its work once
 * ({@link io.github.corebanking.ledger.examples.ops.MultiNodeJobExample}), and a health endpoint
 * for a load balancer ({@link io.github.corebanking.ledger.examples.ops.HealthEndpointExample}).
 * Each runs against PostgreSQL named by {@code LEDGER_JDBC_URL}; see {@code docs/operations.md}.
 */
@NullMarked
package io.github.corebanking.ledger.examples.ops;

import org.jspecify.annotations.NullMarked;
