package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.StorePermissionException;
import io.github.corebanking.ledger.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * Translates PostgreSQL failures into the ledger's typed exceptions. Not supported for use outside
 * the library.
 *
 * <p>Classes handled: 40001/40P01 (retryable, {@link ConcurrencyException} once the budget is
 * spent), 55P03/57014 ({@link LockTimeoutException}), 08xxx, 53xxx, 57P0x and driver connection
 * failures ({@link StoreUnavailableException}), 42501 and class 28 (a missing privilege, a refused
 * login: {@link StorePermissionException}, not retryable), 22003 ({@link InvalidAmountException}), other
 * class 22 data errors ({@link InvalidRequestException}). Constraint violations that mean
 * something to the ledger (23505 on an account code, say) are recognised by the caller, which
 * knows the request; anything else is a {@link StoreUnavailableException} carrying the SQLSTATE.
 */
public final class SqlStates {

  /** serialization_failure */
  public static final String SERIALIZATION_FAILURE = "40001";
  /** deadlock_detected */
  public static final String DEADLOCK = "40P01";
  /** unique_violation */
  public static final String UNIQUE_VIOLATION = "23505";
  /** check_violation, also raised when no entries partition accepts a row */
  public static final String CHECK_VIOLATION = "23514";
  /** The ledger's own: an account changed since a batch was planned on it ({@code account_changed}). */
  public static final String ACCOUNT_CHANGED = "LG001";
  /**
   * The ledger's own: a transaction was written with a value date in a period closed after the
   * batch was planned (migration V6's trigger). The batch is planned again.
   */
  public static final String PERIOD_CLOSED = "LG003";

  private SqlStates() {}

  /**
   * @param e a failure
   * @return its SQLSTATE, or the first one found in its chain, or "" when none
   */
  public static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return "";
  }

  /**
   * @param e a failure
   * @return whether a fresh attempt may succeed: a serialization failure or a deadlock
   */
  public static boolean isRetryable(SQLException e) {
    String s = state(e);
    return s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK);
  }

  /**
   * @param e a failure
   * @return whether the connection was lost or could not be had, so the outcome of a commit in
   *     flight is unknown
   */
  public static boolean isConnectionFailure(SQLException e) {
    String s = state(e);
    return s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03")
        || e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException;
  }

  /**
   * @param e a failure
   * @return whether an insert found no entries partition for its booking instant
   */
  public static boolean isMissingPartition(SQLException e) {
    String message = e.getMessage();
    return state(e).equals(CHECK_VIOLATION) && message != null && message.contains("no partition of relation");
  }

  /**
   * @param e a failure
   * @return the name of the violated constraint, when the server reported one
   */
  public static @Nullable String constraint(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
        return p.getServerErrorMessage().getConstraint();
      }
    }
    return null;
  }

  /**
   * @param e a failure
   * @return whether an account changed since the batch was planned on its remembered state
   */
  public static boolean isAccountChanged(SQLException e) {
    return state(e).equals(ACCOUNT_CHANGED);
  }

  /**
   * The typed exception for a failure that the caller did not recognise.
   *
   * @param e         the failure
   * @param operation what was being done, such as {@code "post"}
   * @return the exception to throw
   */
  public static LedgerException translate(SQLException e, String operation) {
    String s = state(e);
    String detail = operation + " failed with SQLSTATE " + (s.isEmpty() ? "unknown" : s) + ": " + e.getMessage();
    if (s.equals("55P03") || s.equals("57014")) {
      return new LockTimeoutException(null, null,
          operation + " gave up waiting (" + (s.equals("55P03") ? "lock_timeout" : "statement_timeout")
              + ", SQLSTATE " + s + "); nothing was written", e);
    }
    if (s.equals("42501") || s.startsWith("28")) {
      return new StorePermissionException(null, null, operation + " was refused for lack of privilege (SQLSTATE " + s
          + ", not retryable: the role in use needs what PostgresLedgerSchema.runtimeGrants grants): " + e.getMessage(), e);
    }
    if (s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK) || s.equals(ACCOUNT_CHANGED) || s.equals(PERIOD_CLOSED)) {
      return new ConcurrencyException(null, null, detail, e);
    }
    if (isConnectionFailure(e) || s.startsWith("53") || s.equals("25P03") || s.equals("57P05")) {
      return new StoreUnavailableException(null, null, detail, e);
    }
    if (s.equals("22003")) {
      return new InvalidAmountException(null, null, operation + " met a number out of range (SQLSTATE 22003): " + e.getMessage(), e);
    }
    if (s.startsWith("22")) {
      return new InvalidRequestException(null, null, operation + " was given a value PostgreSQL cannot store (SQLSTATE "
          + s + "): " + e.getMessage(), e);
    }
    return new StoreUnavailableException(null, null, detail, e);
  }

  /**
   * The first {@link SQLException} in a failure's cause chain.
   *
   * @param e a failure
   * @return the SQLException, or null when the failure did not come from the driver
   */
  public static @Nullable SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  /**
   * The typed exception for a Jdbi failure: the SQLSTATE of the driver failure it carries,
   * translated as {@link #translate(SQLException, String)} does; a failure with none (a pool that
   * gave no connection, say) is a {@link StoreUnavailableException}.
   *
   * @param e         the failure
   * @param operation what was being done
   * @return the exception to throw
   */
  public static LedgerException translate(JdbiException e, String operation) {
    SQLException cause = sqlException(e);
    if (cause == null) {
      return new StoreUnavailableException(null, null, operation + " failed: " + e.getMessage(), e);
    }
    return translate(cause, operation);
  }
}
