package io.github.corebanking.ledger.postgres.jobs;

import java.time.Instant;
import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@link DailyBalanceSnapshotJob}'s statements, in the ledger's schema. */
@UseClasspathSqlLocator
interface DailyBalanceSnapshotSql {

  /** Takes the snapshot lock until the transaction ends (shared with history imports). */
  @SqlQuery
  String lockSnapshots();

  /** Upserts the day's snapshots of the accounts touched since their base snapshot, or already snapshotted that day. */
  @SqlQuery
  int snapshotDay(@Bind("date") LocalDate date, @Bind("asOf") Instant asOf);

  @SqlUpdate
  int clearCheckpoints(@Bind("date") LocalDate date);

  /**
   * The day's checkpoints of every account with at least {@code every} posted entries booked in
   * the day (run after the day's snapshots, which name the accounts active that day): entries
   * grouped by instant, read through the {@code (account_id, posted_at)} index, counted and summed
   * from the account's latest snapshot before the day (all entries when there is none); a
   * checkpoint at each instant of the day where the running count passes a multiple of
   * {@code every}. At an instant, every entry booked at it is counted, as for a snapshot.
   */
  @SqlQuery
  int checkpointDay(@Bind("date") LocalDate date, @Bind("dayStart") Instant dayStart, @Bind("asOf") Instant asOf,
      @Bind("every") long every);
}
