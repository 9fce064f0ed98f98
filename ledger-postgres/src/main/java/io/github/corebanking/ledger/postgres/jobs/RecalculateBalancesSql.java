package io.github.corebanking.ledger.postgres.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@link RecalculateBalancesJob}'s statements, in the ledger's schema. */
@UseClasspathSqlLocator
@RegisterRowMapper(RecalculateBalancesSql.CountersMapper.class)
interface RecalculateBalancesSql {

  /** An account's four counters. */
  record Counters(UUID id, long postedDebits, long postedCredits, long pendingDebits, long pendingCredits) {}

  /** Sets the transaction's lock timeout, such as {@code 10s}. */
  @SqlQuery
  String setLockTimeout(@Bind("timeout") String timeout);

  @SqlQuery
  List<UUID> firstAccountIds(@Bind("limit") int limit);

  @SqlQuery
  List<UUID> accountIdsAfter(@Bind("after") UUID after, @Bind("limit") int limit);

  /** Locks the accounts' rows in id order, the order postings lock in, and reads their counters. */
  @SqlQuery
  List<Counters> lockAccounts(@BindList("ids") List<UUID> ids);

  /** The counters the accounts' entries add up to; accounts without entries are left out. */
  @SqlQuery
  List<Counters> sumEntries(@BindList("ids") List<UUID> ids);

  /** Of the accounts, those whose value-dated balances differ from what their posted entries add up to by value date. */
  @SqlQuery
  List<UUID> valueBalanceMismatches(@BindList("ids") List<UUID> ids);

  /**
   * Sets the account's counters and value-dated balances to what its entries add up to, computed by
   * the database; true when they changed.
   */
  @SqlQuery
  boolean writeCounters(@Bind("id") UUID id);

  /** Maps {@code id} and the four counters. */
  final class CountersMapper implements RowMapper<Counters> {
    @Override
    public Counters map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Counters(rs.getObject("id", UUID.class), rs.getLong("posted_debits"), rs.getLong("posted_credits"),
          rs.getLong("pending_debits"), rs.getLong("pending_credits"));
    }
  }
}
