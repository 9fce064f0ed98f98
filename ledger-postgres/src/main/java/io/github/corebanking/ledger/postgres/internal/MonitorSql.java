package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorComparison;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.MonitorMeasure;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorState;
import io.github.corebanking.ledger.spi.WatchedMonitor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The balance monitors' statements (schema version 12), one resource per method under
 * {@code io/github/corebanking/ledger/postgres/internal/MonitorSql/}. Not supported for use outside
 * the library.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(MonitorSql.WatchedMapper.class)
@RegisterRowMapper(MonitorSql.AlertMapper.class)
@RegisterRowMapper(MonitorSql.CursorMapper.class)
public interface MonitorSql extends SqlObject {

  /**
   * Inserts a definition.
   *
   * @param id         its id
   * @param name       its name
   * @param accountId     its account, or null for a category's
   * @param categoryId    its category, or null for an account's
   * @param currency      a category monitor's currency code, or null
   * @param currencyScale a category monitor's currency scale, or null
   * @param measure    its measure
   * @param comparison its comparison
   * @param threshold  its threshold in minor units
   * @param metadata   its metadata as JSON
   * @param createdAt  when it was defined
   */
  @SqlUpdate
  void insertMonitor(@Bind("id") UUID id, @Bind("name") String name, @Bind("accountId") @Nullable UUID accountId,
      @Bind("categoryId") @Nullable UUID categoryId, @Bind("currency") @Nullable String currency,
      @Bind("currencyScale") @Nullable Integer currencyScale, @Bind("measure") String measure, @Bind("comparison") String comparison, @Bind("threshold") long threshold,
      @Bind("metadata") String metadata, @Bind("createdAt") OffsetDateTime createdAt);

  /** @return the monitors not removed, by name */
  @SqlQuery
  List<WatchedMonitor> monitorsDefined();

  /**
   * @param id a monitor
   * @return it, when defined and not removed
   */
  @SqlQuery
  Optional<WatchedMonitor> monitorById(@Bind("id") UUID id);

  /**
   * @param ids accounts
   * @return the monitors watching them, directly or through a category holding them
   */
  @SqlQuery
  List<WatchedMonitor> monitorsOn(@Bind("ids") UUID[] ids);

  /**
   * @param limit most monitors
   * @return monitors never evaluated
   */
  @SqlQuery
  List<WatchedMonitor> unevaluated(@Bind("limit") int limit);

  /**
   * @param id a monitor
   * @param at the instant of removal
   * @return whether one was removed
   */
  @SqlQuery
  boolean removeMonitor(@Bind("id") UUID id, @Bind("at") OffsetDateTime at);

  /** @return where the evaluator stands */
  @SqlQuery
  MonitorCursor cursor();

  /**
   * Records an evaluation through {@code record_monitor_evaluation}.
   *
   * @param round           the round it started from
   * @param position        the change-feed position evaluated through
   * @param stateIds        monitors whose state is recorded
   * @param firing          their firing flags
   * @param versions        their account versions
   * @param evaluatedAt     their evaluation instants, as text
   * @param alertIds        monitors that fired
   * @param alertValues     the values, in minor units
   * @param alertVersions   the account versions
   * @param changePositions the change-feed positions
   * @param firedAt         the instants, as text
   * @return the new round, or null when {@code round} was stale
   */
  @SqlQuery
  @Nullable Long record(@Bind("round") long round, @Bind("position") long position, @Bind("stateIds") UUID[] stateIds,
      @Bind("firing") Boolean[] firing, @Bind("versions") Long[] versions, @Bind("evaluatedAt") String[] evaluatedAt,
      @Bind("alertIds") UUID[] alertIds, @Bind("alertValues") Long[] alertValues,
      @Bind("alertVersions") Long[] alertVersions, @Bind("changePositions") Long[] changePositions,
      @Bind("firedAt") String[] firedAt);

  /**
   * @param round a round
   * @return the alerts it recorded, in order
   */
  @SqlQuery
  List<MonitorAlert> alertsOfRound(@Bind("round") long round);

  /**
   * @param after the last position read
   * @param limit most alerts
   * @return the alerts after it, oldest first
   */
  @SqlQuery
  List<MonitorAlert> alertsPage(@Bind("after") long after, @Bind("limit") int limit);

  /**
   * The definition in columns {@code first} to {@code first + 10} (id, name, account, category,
   * measure, comparison, threshold, currency, scale, metadata, created at).
   */
  private static BalanceMonitor monitor(ResultSet rs, int first) throws SQLException {
    CurrencyUnit currency = new CurrencyUnit(rs.getString(first + 7), rs.getInt(first + 8));
    UUID account = rs.getObject(first + 2, UUID.class);
    MonitorTarget target = account != null ? MonitorTarget.account(new AccountId(account))
        : MonitorTarget.category(new CategoryId(rs.getObject(first + 3, UUID.class)));
    return new BalanceMonitor(new MonitorId(rs.getObject(first, UUID.class)), rs.getString(first + 1), target,
        MonitorMeasure.valueOf(rs.getString(first + 4)), MonitorComparison.valueOf(rs.getString(first + 5)),
        Money.ofMinor(rs.getLong(first + 6), currency), JsonMaps.read(rs.getString(first + 9)),
        Rows.instant(rs, first + 10));
  }

  /** Maps a definition with its state. */
  final class WatchedMapper implements RowMapper<WatchedMonitor> {
    @Override
    public WatchedMonitor map(ResultSet rs, StatementContext ctx) throws SQLException {
      BalanceMonitor monitor = monitor(rs, 1);
      boolean firing = rs.getBoolean(12);
      MonitorState state = rs.wasNull() ? null
          : new MonitorState(monitor.id(), firing, rs.getLong(13), Rows.instant(rs, 14));
      return new WatchedMonitor(monitor, state);
    }
  }

  /** Maps an alert with its monitor. */
  final class AlertMapper implements RowMapper<MonitorAlert> {
    @Override
    public MonitorAlert map(ResultSet rs, StatementContext ctx) throws SQLException {
      BalanceMonitor monitor = monitor(rs, 2);
      return new MonitorAlert(rs.getLong(1), monitor, Money.ofMinor(rs.getLong(13), monitor.threshold().currency()),
          rs.getLong(14), rs.getLong(15), Rows.instant(rs, 16));
    }
  }

  /** Maps the evaluator's row. */
  final class CursorMapper implements RowMapper<MonitorCursor> {
    @Override
    public MonitorCursor map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new MonitorCursor(rs.getLong("position"), rs.getLong("round"));
    }
  }
}
