package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.FeedChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The change feed's statements (schema version 9), one resource per method under
 * {@code io/github/corebanking/ledger/postgres/internal/FeedSql/}, written as {@link PostgresJdbi}
 * states. Not supported for use outside the library.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(FeedSql.RowMapperImpl.class)
@RegisterRowMapper(FeedSql.StateMapper.class)
public interface FeedSql extends SqlObject {

  /**
   * A change with its position.
   *
   * @param position its position
   * @param change   the change
   */
  record Row(long position, FeedChange change) {}

  /**
   * Where the feed stands.
   *
   * @param lastPosition  the last position given out
   * @param prunedThrough the highest position pruned
   */
  record State(long lastPosition, long prunedThrough) {}

  /**
   * @param limit most changes to sequence
   * @return how many were given positions
   */
  @SqlQuery
  int sequence(@Bind("limit") int limit);

  /** @return where the feed stands */
  @SqlQuery
  State feedState();

  /**
   * @param after the last position read
   * @param limit most changes
   * @return the changes after it, oldest first
   */
  @SqlQuery
  List<Row> page(@Bind("after") long after, @Bind("limit") int limit);

  /**
   * @param before  only changes recorded before this
   * @param through only changes at or before this position
   * @param limit   most changes to delete
   * @return how many were deleted
   */
  @SqlQuery
  int prune(@Bind("before") OffsetDateTime before, @Bind("through") long through, @Bind("limit") int limit);

  /** Maps a change row. */
  final class RowMapperImpl implements RowMapper<Row> {
    @Override
    public Row map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Row(rs.getLong("position"), new FeedChange(ChangeType.valueOf(rs.getString("kind")),
          new TransactionId(rs.getObject("transaction_id", UUID.class)),
          TransactionStatus.valueOf(rs.getString("status")), rs.getObject("at", OffsetDateTime.class).toInstant()));
    }
  }

  /** Maps the feed's row. */
  final class StateMapper implements RowMapper<State> {
    @Override
    public State map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new State(rs.getLong("last_position"), rs.getLong("pruned_through"));
    }
  }
}
