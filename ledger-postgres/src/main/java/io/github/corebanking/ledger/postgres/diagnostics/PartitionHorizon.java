package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How far ahead the monthly {@code entries} partitions reach.
 *
 * @param partitions   every partition of {@code entries}, ordered by name
 * @param currentMonth the current month (UTC: partitions follow UTC months)
 * @param lastReady    the last month of the unbroken run of partitions starting at the current
 *                     month; null when the current month has none
 */
public record PartitionHorizon(List<Partition> partitions, YearMonth currentMonth, @Nullable YearMonth lastReady) {

  /** Checks the fields and freezes the list. */
  public PartitionHorizon {
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(currentMonth, "currentMonth");
  }

  /** @return whether a posting now finds its partition */
  public boolean currentMonthReady() {
    return lastReady != null;
  }

  /**
   * @return how many months after the current one are ready without a gap; -1 when not even the
   *     current month is
   */
  public int monthsAhead() {
    if (lastReady == null) {
      return -1;
    }
    return (int) (lastReady.getYear() * 12L + lastReady.getMonthValue()
        - currentMonth.getYear() * 12L - currentMonth.getMonthValue());
  }

  /** @return the last month ready without a gap from the current one */
  public Optional<YearMonth> readyThrough() {
    return Optional.ofNullable(lastReady);
  }

  /**
   * One partition.
   *
   * @param name  its name, such as {@code entries_2026_03}
   * @param month the month it holds, when its name follows the ledger's {@code entries_YYYY_MM}
   *              pattern; null for a partition someone added by hand
   */
  public record Partition(String name, @Nullable YearMonth month) {
    /** Checks the name. */
    public Partition {
      Objects.requireNonNull(name, "name");
    }
  }
}
