package io.github.corebanking.ledger.examples.relay;

/**
 * The relay could not move the feed forward: the broker stayed down past the retries, refused or
 * could not route a message, the position could not be stored, or the changes it needs were
 * pruned. Whatever the cause, the stored position was not advanced past a change that the broker
 * did not confirm.
 */
public class RelayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where the position stays
   * @param cause   the underlying failure, or null
   */
  public RelayException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed and where the position stays
   */
  public RelayException(String message) {
    super(message);
  }
}
