package io.github.corebanking.ledger.postgres.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The checks {@link IntegrityCheckJob} adds to the ledger's own: snapshots and intra-day
 * checkpoints against entries, in the ledger's schema.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(IntegrityCheckSql.SnapshotRowMapper.class)
interface IntegrityCheckSql {

  /** A snapshot whose counters or version differ from its entries, and how many there are in all. */
  record SnapshotRow(UUID accountId, LocalDate snapshotDate, long total) {}

  @SqlQuery
  List<SnapshotRow> snapshotMismatches(@Bind("limit") int limit);

  @SqlQuery
  long snapshotsChecked();

  /** Maps {@code id}, {@code snapshot_date} and {@code total}. */
  final class SnapshotRowMapper implements RowMapper<SnapshotRow> {
    @Override
    public SnapshotRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new SnapshotRow(rs.getObject("id", UUID.class), rs.getObject("snapshot_date", LocalDate.class),
          rs.getLong("total"));
    }
  }
}
