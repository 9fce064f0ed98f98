package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.AgingSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a store answers to an aging query.
 *
 * @param asOf        the day the figures are for
 * @param source      a precomputed snapshot or a live computation
 * @param refreshedAt when the figures were computed: the snapshot's refresh or the live query
 * @param rows        one row per loan disbursed on or before {@code asOf} and not closed by then,
 *                    in any order (the report sorts them by loan id)
 */
public record AgingRows(LocalDate asOf, AgingSource source, Instant refreshedAt, List<LoanAgingRow> rows) {

  /** Checks the fields and freezes the rows. */
  public AgingRows {
    Checks.notNull(asOf, "asOf");
    Checks.notNull(source, "source");
    Checks.notNull(refreshedAt, "refreshedAt");
    rows = List.copyOf(Checks.notNull(rows, "rows"));
  }
}
