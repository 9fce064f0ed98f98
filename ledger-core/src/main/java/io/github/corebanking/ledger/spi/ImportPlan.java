package io.github.corebanking.ledger.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a history import does, as {@link PostingPlanner#planImport} decided it.
 *
 * @param batch       the postings' plan, written like any batch's (all or nothing)
 * @param after       where the import stands once the batch is written
 * @param firstBooked the booking instant of the batch's first new posting, or null when every
 *                    posting is a replay (nothing is written): a store that keeps derived state by
 *                    booking instant (snapshots) repairs it from this instant on for the batch's
 *                    accounts
 */
public record ImportPlan(BatchPlan batch, HistoryImport after, @Nullable Instant firstBooked) {}
