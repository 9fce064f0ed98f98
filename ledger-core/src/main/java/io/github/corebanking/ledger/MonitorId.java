package io.github.corebanking.ledger;

import java.util.UUID;

/**
 * Identifies a {@link BalanceMonitor}.
 *
 * @param value the UUID
 */
public record MonitorId(UUID value) {

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when the value is null
   */
  public MonitorId {
    if (value == null) {
      throw new InvalidRequestException("monitorId", null, "must not be null");
    }
  }

  /**
   * Wraps a UUID.
   *
   * @param value the UUID
   * @return the id
   */
  public static MonitorId of(UUID value) {
    return new MonitorId(value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
