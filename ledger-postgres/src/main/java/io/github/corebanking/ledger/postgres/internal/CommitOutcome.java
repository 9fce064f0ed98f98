package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.StorePosting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a batch whose connection was lost while it committed did commit, from the
 * server's own record of that database transaction rather than from a lookup that could race it.
 *
 * <p>The client's side of the lost connection is closed first, so the server reads the end of the
 * stream after whatever of the round trip reached it (TCP keeps that order). The backend that ran
 * the transaction (known by its process id, which the driver learns at connect time, and by having
 * started before the attempt) is then waited for: while it exists the transaction may still be
 * waiting for a lock or committing; once it has exited, the transaction is over for good (a
 * backend never outlives its connection with a transaction open), and the rows say whether it
 * committed. A backend still there after the outcome timeout (a network that dropped the
 * connection without a word to the server) is terminated, which ends its transaction, and waited
 * for again. Every question goes over a fresh connection; a connection that fails (the pool may
 * hand out one killed in the same outage) is replaced until the deadline. Only a server that
 * cannot be asked before the deadline leaves the outcome unknown. Not supported for use outside the
 * library.
 */
final class CommitOutcome {

  private static final Logger LOG = LoggerFactory.getLogger(CommitOutcome.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;
  private final PostingSql sql;
  private final long waitNanos;

  /**
   * @param dataSource the primary database
   * @param sql        the schema's statements
   * @param timeout    how long the original backend is waited for before it is terminated; the
   *                   server is asked for at most this long again after that
   */
  CommitOutcome(DataSource dataSource, PostingSql sql, Duration timeout) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.waitNanos = timeout.toNanos();
  }

  /** The client side of one attempt: its backend's process id and when the attempt began. */
  record Attempt(int backendPid, long startNanos) {

    /**
     * Taken with the connection, while it works: once the connection has failed, the pool's proxy
     * no longer hands out the driver's connection and its process id.
     *
     * @param c the attempt's connection, just taken
     * @return the attempt; pid 0 when the connection is not PostgreSQL's driver (nothing to wait for)
     */
    static Attempt on(Connection c) {
      int pid = 0;
      try {
        if (c.isWrapperFor(PGConnection.class)) {
          pid = c.unwrap(PGConnection.class).getBackendPID();
        }
      } catch (SQLException e) {
        // Not the PostgreSQL driver underneath: the outcome is looked up without waiting.
      }
      return new Attempt(pid, System.nanoTime());
    }
  }

  /**
   * @param probe   a posting that wrote in the batch (the batch committed as a whole or not at all)
   * @param attempt the attempt whose commit lost its connection
   * @return whether the batch committed, or null when the server could not be asked in time
   */
  @Nullable Boolean committed(StorePosting probe, Attempt attempt) {
    long start = System.nanoTime();
    long terminateAt = start + waitNanos;
    long deadline = terminateAt + waitNanos;
    boolean terminated = false;
    SQLException last = null;
    while (System.nanoTime() - deadline < 0) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        while (attempt.backendPid() != 0 && originalAlive(c, attempt)) {
          if (!terminated && System.nanoTime() - terminateAt >= 0) {
            terminated = true;
            LOG.warn("a posting's connection was lost while committing and its backend (pid {}) is still there "
                + "after {} ms; terminating it to settle the outcome", attempt.backendPid(),
                TimeUnit.NANOSECONDS.toMillis(waitNanos));
            terminate(c, attempt);
          }
          if (System.nanoTime() - deadline >= 0) {
            return null;
          }
          LockSupport.parkNanos(POLL_NANOS);
        }
        return stored(c, probe);
      } catch (SQLException e) {
        last = e;
        LockSupport.parkNanos(RECONNECT_NANOS);
      }
    }
    LOG.warn("cannot tell whether a batch committed: {}", last == null ? "no answer in time" : last.getMessage());
    return null;
  }

  private boolean originalAlive(Connection c, Attempt attempt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("originalBackend"))) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, attempt.backendPid());
      ps.setDouble(2, elapsedSeconds(attempt));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private void terminate(Connection c, Attempt attempt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("terminateOriginalBackend"))) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, attempt.backendPid());
      ps.setDouble(2, elapsedSeconds(attempt));
      ps.execute();
    }
  }

  private static double elapsedSeconds(Attempt attempt) {
    return (System.nanoTime() - attempt.startNanos()) / 1e9;
  }

  /**
   * Reads, once the original transaction is over, whether it left its rows: a new transaction is
   * found by its idempotency key and id (the key held by another transaction means this one did
   * not commit); a settled hold by its status and settlement instant.
   */
  private boolean stored(Connection c, StorePosting probe) throws SQLException {
    if (probe instanceof StorePosting.NewTransaction || probe instanceof StorePosting.Reversal) {
      TransactionId created = probe instanceof StorePosting.NewTransaction n ? n.transactionId()
          : ((StorePosting.Reversal) probe).transactionId();
      try (PreparedStatement ps = c.prepareStatement(sql.get("transactionIdByKey"))) {
        ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        ps.setString(1, probe.idempotencyKey());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && created.value().equals(rs.getObject(1, UUID.class));
        }
      }
    }
    TransactionStatus settledStatus = probe instanceof StorePosting.CommitHold
        ? TransactionStatus.POSTED : TransactionStatus.VOIDED;
    try (PreparedStatement ps = c.prepareStatement(sql.get("transactionStatus"))) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, Objects.requireNonNull(probe.target()).value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        Instant settledAt = Rows.nullableInstant(rs, 2);
        return TransactionStatus.valueOf(rs.getString(1)) == settledStatus && probe.postedAt().equals(settledAt);
      }
    }
  }
}
