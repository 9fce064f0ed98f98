package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.IntegrityReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The ledger's integrity checks ({@link IntegrityCheck}), in the ledger's schema. */
@UseClasspathSqlLocator
@RegisterRowMapper(IntegritySql.TotalsMapper.class)
@RegisterRowMapper(IntegritySql.CurrencyMapper.class)
@RegisterRowMapper(IntegritySql.IdMapper.class)
@RegisterRowMapper(IntegritySql.CountersMapper.class)
@RegisterRowMapper(IntegritySql.ValueBalanceMapper.class)
interface IntegritySql {

  /** How much there is to check. */
  record Totals(long accounts, long transactions, long entries) {}

  /** A problem's id and how many problems of its kind there are in all. */
  record IdRow(UUID id, long total) {}

  /** An account whose counters differ from its entries, and how many such accounts there are. */
  record CounterRow(IntegrityReport.CounterMismatch mismatch, long total) {}

  /**
   * An account whose latest value-dated balance differs from its posted counters while its counters
   * equal its entries, and how many such accounts there are: {@code stored} holds the value-dated
   * posted counters (pending counters and version the account's), {@code expected} the account's
   * counters.
   */
  record ValueBalanceRow(IntegrityReport.CounterMismatch mismatch, long total) {}

  @SqlUpdate
  void readOnly();

  @SqlQuery
  Totals totals();

  @SqlQuery
  List<CurrencyUnit> unbalancedCurrencies();

  @SqlQuery
  List<IdRow> unbalancedTransactions(@Bind("limit") long limit);

  @SqlQuery
  List<IdRow> orphanEntries(@Bind("limit") long limit);

  @SqlQuery
  List<CounterRow> counterMismatches(@Bind("limit") long limit);

  @SqlQuery
  List<ValueBalanceRow> valueBalanceMismatches(@Bind("limit") long limit);

  /** Maps {@link #totals}. */
  final class TotalsMapper implements RowMapper<IntegritySql.Totals> {
    @Override
    public IntegritySql.Totals map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new IntegritySql.Totals(rs.getLong("accounts"), rs.getLong("transactions"), rs.getLong("entries"));
    }
  }

  /** Maps {@code currency} and {@code currency_scale}. */
  final class CurrencyMapper implements RowMapper<CurrencyUnit> {
    @Override
    public CurrencyUnit map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CurrencyUnit(rs.getString("currency"), rs.getInt("currency_scale"));
    }
  }

  /** Maps {@code id} and {@code total}. */
  final class IdMapper implements RowMapper<IdRow> {
    @Override
    public IdRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new IdRow(rs.getObject("id", UUID.class), rs.getLong("total"));
    }
  }

  /** Maps an account's stored and expected counters. */
  final class CountersMapper implements RowMapper<CounterRow> {
    @Override
    public CounterRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      AccountId id = new AccountId(rs.getObject("id", UUID.class));
      CurrencyUnit currency = new CurrencyUnit(rs.getString("currency"), rs.getInt("currency_scale"));
      AccountType type = AccountType.valueOf(rs.getString("type"));
      long version = rs.getLong("version");
      Balance stored = new Balance(id, currency, type.normalSide(), rs.getLong("posted_debits"),
          rs.getLong("posted_credits"), rs.getLong("pending_debits"), rs.getLong("pending_credits"), version);
      Balance expected = new Balance(id, currency, type.normalSide(), rs.getLong("expected_posted_debits"),
          rs.getLong("expected_posted_credits"), rs.getLong("expected_pending_debits"),
          rs.getLong("expected_pending_credits"), version);
      return new CounterRow(new IntegrityReport.CounterMismatch(id, stored, expected), rs.getLong("total"));
    }
  }

  /** Maps an account's latest value-dated balance and its counters. */
  final class ValueBalanceMapper implements RowMapper<ValueBalanceRow> {
    @Override
    public ValueBalanceRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      AccountId id = new AccountId(rs.getObject("id", UUID.class));
      CurrencyUnit currency = new CurrencyUnit(rs.getString("currency"), rs.getInt("currency_scale"));
      AccountType type = AccountType.valueOf(rs.getString("type"));
      long version = rs.getLong("version");
      long pendingDebits = rs.getLong("pending_debits");
      long pendingCredits = rs.getLong("pending_credits");
      Balance stored = new Balance(id, currency, type.normalSide(), rs.getLong("value_posted_debits"),
          rs.getLong("value_posted_credits"), pendingDebits, pendingCredits, version);
      Balance expected = new Balance(id, currency, type.normalSide(), rs.getLong("posted_debits"),
          rs.getLong("posted_credits"), pendingDebits, pendingCredits, version);
      return new ValueBalanceRow(new IntegrityReport.CounterMismatch(id, stored, expected), rs.getLong("total"));
    }
  }
}
