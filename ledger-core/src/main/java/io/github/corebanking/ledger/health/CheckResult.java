package io.github.corebanking.ledger.health;

import io.github.corebanking.ledger.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HealthCheck} answers.
 *
 * <pre>{@code
 * CheckResult.degraded("next month's entries partition is missing")
 *     .withDetail("lastPartition", "entries_2026_03");
 * }</pre>
 *
 * @param status  the component's status
 * @param message a one-line explanation for an operator
 * @param details named facts behind the status, in the order added
 */
public record CheckResult(HealthStatus status, String message, Map<String, String> details) {

  /** Checks the fields and freezes the details. */
  public CheckResult {
    if (status == null) {
      throw new InvalidRequestException("status", null, "must not be null");
    }
    if (message == null) {
      throw new InvalidRequestException("message", null, "must not be null");
    }
    if (details == null) {
      throw new InvalidRequestException("details", null, "must not be null");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      copy.put(key(e.getKey()), value(e.getKey(), e.getValue()));
    }
    details = Collections.unmodifiableMap(copy);
  }

  /**
   * @param message why the component is up
   * @return an UP result
   */
  public static CheckResult up(String message) {
    return new CheckResult(HealthStatus.UP, message, Map.of());
  }

  /**
   * @param message what needs attention
   * @return a DEGRADED result
   */
  public static CheckResult degraded(String message) {
    return new CheckResult(HealthStatus.DEGRADED, message, Map.of());
  }

  /**
   * @param message what failed
   * @return a DOWN result
   */
  public static CheckResult down(String message) {
    return new CheckResult(HealthStatus.DOWN, message, Map.of());
  }

  /**
   * This result with one more detail (replacing a detail of the same name).
   *
   * @param name  the detail's name, such as {@code "lastPartition"}
   * @param value its value; its text is kept
   * @return a new result
   */
  public CheckResult withDetail(String name, @Nullable Object value) {
    Map<String, String> more = new LinkedHashMap<>(details);
    more.put(key(name), value(name, value == null ? null : String.valueOf(value)));
    return new CheckResult(status, message, more);
  }

  private static String key(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("details key", name, "must not be blank");
    }
    return name;
  }

  private static String value(@Nullable String name, @Nullable String value) {
    if (value == null) {
      throw new InvalidRequestException("details[" + name + "]", null, "must not be null");
    }
    return value;
  }
}
