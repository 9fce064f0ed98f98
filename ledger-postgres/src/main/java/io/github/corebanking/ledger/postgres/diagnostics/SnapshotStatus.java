package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether yesterday's balance snapshots exist.
 *
 * <p>The snapshot job writes a row only for accounts with activity on the day, so a day without
 * postings has no rows and needs none. Yesterday is covered when the latest snapshot date is
 * yesterday or later, or when nothing was posted yesterday.
 *
 * @param yesterday          yesterday in the bank's zone
 * @param latestSnapshotDate the latest day with snapshots, if any
 * @param postedYesterday    whether any posted entry was booked yesterday (checked only when the
 *                           latest snapshot is older than yesterday; true otherwise)
 * @param lastSuccessfulRun  when the last successful {@code daily-balance-snapshot} run started, if any
 */
public record SnapshotStatus(LocalDate yesterday, @Nullable LocalDate latestSnapshotDate, boolean postedYesterday,
    @Nullable Instant lastSuccessfulRun) {

  /** Checks the fields. */
  public SnapshotStatus {
    Objects.requireNonNull(yesterday, "yesterday");
  }

  /** @return whether yesterday is snapshotted, or needed no snapshot */
  public boolean yesterdayCovered() {
    return (latestSnapshotDate != null && !latestSnapshotDate.isBefore(yesterday)) || !postedYesterday;
  }

  /**
   * @return days of snapshots missing up to yesterday: 0 when yesterday is covered, else the days
   *     between the latest snapshot date and yesterday (1 when there is no snapshot at all: yesterday
   *     is known to be missing, older days are not looked at)
   */
  public long lagDays() {
    if (yesterdayCovered()) {
      return 0;
    }
    if (latestSnapshotDate == null) {
      return 1;
    }
    return ChronoUnit.DAYS.between(latestSnapshotDate, yesterday);
  }

  /** @return the latest day with snapshots */
  public Optional<LocalDate> latest() {
    return Optional.ofNullable(latestSnapshotDate);
  }

  /** @return when the snapshot job last succeeded */
  public Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccessfulRun);
  }
}
