package io.github.corebanking.ledger.postgres.jobs;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** {@link EnsurePartitionsJob}'s statement, in the ledger's schema. */
@UseClasspathSqlLocator
interface EnsurePartitionsSql {

  /** Creates the missing partitions of {@code months} months from {@code from}; returns how many it created. */
  @SqlQuery
  int ensurePartitions(@Bind("from") LocalDate from, @Bind("months") int months);
}
