package io.github.corebanking.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One closing of the books through a date, as {@link Ledger#closePeriod} recorded it, and its
 * reopening if it was reopened. While it stands, nothing with a value date on or before
 * {@link #through()} is booked. Closures form a stack: each closes through a later date than the
 * one standing before it, and only the latest standing one may be reopened.
 *
 * @param through          the last value date of the closed period
 * @param closedAt         when it was closed
 * @param metadata         what the closer recorded with it (who, why), possibly empty
 * @param reopenedAt       when it was reopened, or null while it stands
 * @param reopenedMetadata what was recorded with the reopening (who, why), empty while it stands
 */
public record PeriodClosure(LocalDate through, Instant closedAt, Map<String, String> metadata,
    @Nullable Instant reopenedAt, Map<String, String> reopenedMetadata) {

  /** Checks the parts and copies the maps. */
  public PeriodClosure {
    Objects.requireNonNull(through, "through");
    Objects.requireNonNull(closedAt, "closedAt");
    metadata = Map.copyOf(metadata);
    reopenedMetadata = Map.copyOf(reopenedMetadata);
  }

  /** @return whether the closure still stands (was not reopened) */
  public boolean standing() {
    return reopenedAt == null;
  }

  /**
   * @param at       when it is reopened
   * @param metadata who reopened it and why
   * @return this closure, reopened
   */
  public PeriodClosure reopened(Instant at, Map<String, String> metadata) {
    return new PeriodClosure(through, closedAt, this.metadata, at, metadata);
  }
}
