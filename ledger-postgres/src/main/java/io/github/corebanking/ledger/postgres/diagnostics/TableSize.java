package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The size and upkeep of one table, partition or materialized view of the ledger's schema.
 *
 * @param name           the relation's name, such as {@code entries_2026_03}
 * @param parent         for a partition, its parent ({@code entries}); otherwise null
 * @param kind           {@code table}, {@code partitioned table} or {@code materialized view}
 * @param estimatedRows  the planner's row estimate ({@code -1} when never analyzed or vacuumed)
 * @param totalBytes     table, indexes and TOAST; for a partitioned table, all its partitions'
 * @param tableBytes     the table's own heap (0 for a partitioned table)
 * @param indexBytes     its indexes (0 for a partitioned table)
 * @param deadRows       dead row versions awaiting vacuum, as the statistics collector counts them
 * @param lastAnalyzed   the later of the last manual and automatic ANALYZE, if any
 * @param lastVacuumed   the later of the last manual and automatic VACUUM, if any
 */
public record TableSize(String name, @Nullable String parent, String kind, long estimatedRows, long totalBytes,
    long tableBytes, long indexBytes, long deadRows, @Nullable Instant lastAnalyzed, @Nullable Instant lastVacuumed) {

  /** Checks the fields. */
  public TableSize {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** @return the parent table, for a partition */
  public Optional<String> parentTable() {
    return Optional.ofNullable(parent);
  }

  /** @return when statistics were last gathered, if ever */
  public Optional<Instant> analyzedAt() {
    return Optional.ofNullable(lastAnalyzed);
  }
}
