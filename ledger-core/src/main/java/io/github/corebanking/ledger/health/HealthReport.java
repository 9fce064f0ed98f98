package io.github.corebanking.ledger.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer of {@link LedgerHealth#check()}: the overall status and every component's.
 *
 * <p>The overall status is {@link HealthStatus#DOWN} when an essential component is DOWN,
 * {@link HealthStatus#DEGRADED} when any component is DEGRADED or a non-essential one is DOWN, and
 * {@link HealthStatus#UP} otherwise. A load balancer should take a node out of rotation on DOWN
 * only: a DEGRADED node still serves.
 *
 * @param status     the overall status
 * @param checkedAt  when the checks started
 * @param took       how long the checks took together
 * @param components every component's answer, in registration order
 */
public record HealthReport(HealthStatus status, Instant checkedAt, Duration took, List<ComponentHealth> components) {

  /** Checks the fields and freezes the list. */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(took, "took");
    components = List.copyOf(components);
  }

  /**
   * @param name a component's name
   * @return its answer, if such a component was checked
   */
  public Optional<ComponentHealth> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** @return the components that are not UP */
  public List<ComponentHealth> problems() {
    return components.stream().filter(c -> c.status() != HealthStatus.UP).collect(Collectors.toList());
  }

  /** @return one line for logs, such as {@code DEGRADED: redis DOWN (connection refused)} */
  public String summary() {
    List<ComponentHealth> problems = problems();
    if (problems.isEmpty()) {
      return status + ": " + components.size() + " components up";
    }
    return status + ": " + problems.stream().map(ComponentHealth::toString).collect(Collectors.joining("; "));
  }
}
