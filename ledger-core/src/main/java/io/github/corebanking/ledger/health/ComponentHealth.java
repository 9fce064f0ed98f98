package io.github.corebanking.ledger.health;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One component's part of a {@link HealthReport}.
 *
 * @param name      the name it was registered under, such as {@code "database"}
 * @param essential whether the ledger cannot serve without it
 * @param status    its status
 * @param message   a one-line explanation
 * @param details   named facts behind the status
 * @param took      how long the check took (the time waited, when it did not answer in time)
 */
public record ComponentHealth(String name, boolean essential, HealthStatus status, String message,
    Map<String, String> details, Duration took) {

  /** Checks the fields and freezes the details. */
  public ComponentHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(took, "took");
    details = new CheckResult(status, message, details).details();
  }

  @Override
  public String toString() {
    return name + " " + status + (message.isEmpty() ? "" : " (" + message + ")");
  }
}
