package io.github.corebanking.ledger.cli;

/** PostgreSQL or Redis cannot be reached, refused the login, or was not named: exit {@value ExitCodes#UNAVAILABLE}. */
final class CannotConnectException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CannotConnectException(String message) {
    super(message);
  }

  CannotConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
