package io.github.corebanking.ledger.postgres.jobs;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@link SnapshotRetentionJob}'s deletes, in the ledger's schema. */
@UseClasspathSqlLocator
interface SnapshotRetentionSql {

  /** Deletes up to {@code batch} snapshots before the cutoff that reads no longer start from. */
  @SqlUpdate
  int deleteBatch(@Bind("cutoff") LocalDate cutoff, @Bind("keepMonthEnds") boolean keepMonthEnds,
      @Bind("batch") int batch);

  /** Deletes up to {@code batch} intra-day checkpoints of days before the cutoff. */
  @SqlUpdate
  int deleteCheckpoints(@Bind("cutoff") LocalDate cutoff, @Bind("batch") int batch);
}
