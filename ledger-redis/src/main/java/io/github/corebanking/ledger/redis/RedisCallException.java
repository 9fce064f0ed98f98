package io.github.corebanking.ledger.redis;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A Redis command did not give an answer the cache can use. Never leaves the cache: the caller's
 * read or write goes on against the store.
 */
final class RedisCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** How the cache should react. */
  enum Kind {
    /** Redis is unreachable, slow or unhealthy: open the circuit. */
    UNAVAILABLE,
    /** Redis answered, but not for this key (a foreign value under our key): skip this key only. */
    DATA,
    /** The calling thread was interrupted: not Redis's fault. */
    INTERRUPTED
  }

  private final Kind kind;

  RedisCallException(Kind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  /**
   * Classifies a failure.
   *
   * @param operation what was attempted, for the message
   * @param failure   what Lettuce reported
   * @return the exception
   */
  static RedisCallException of(String operation, @Nullable Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RedisCallException r) {
      return r;
    }
    String detail = t == null ? "unknown failure" : t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + t.getMessage());
    Kind kind = t instanceof RedisCommandExecutionException && t.getMessage() != null
        && t.getMessage().startsWith("WRONGTYPE") ? Kind.DATA : Kind.UNAVAILABLE;
    return new RedisCallException(kind, operation + " failed: " + detail, t);
  }
}
