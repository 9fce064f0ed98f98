package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateMonitorException;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.spi.FiredAlert;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorEvaluation;
import io.github.corebanking.ledger.spi.MonitorState;
import io.github.corebanking.ledger.spi.WatchedMonitor;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL store's balance monitors (schema version 12): definitions, the evaluator's state
 * and cursor, and the alert feed, all on the primary. Evaluations are recorded through
 * {@code record_monitor_evaluation}, which refuses a stale round. Not supported for use outside the
 * library.
 */
public final class MonitorRecords {

  private final Jdbi primary;
  private final CategoryRecords categories;

  /**
   * @param primary    a Jdbi over the primary, made by {@link PostgresJdbi#create}
   * @param categories the categories, whose lock a category monitor's definition takes
   */
  public MonitorRecords(Jdbi primary, CategoryRecords categories) {
    this.primary = primary;
    this.categories = categories;
  }

  private <T> T run(String operation, Function<MonitorSql, T> work) {
    try {
      return primary.withHandle(h -> work.apply(h.attach(MonitorSql.class)));
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  /**
   * Defines a monitor. One on a category is defined under the category lock, after its category is
   * found to exist (a category's deletion takes the lock and refuses while a monitor watches it).
   *
   * @param monitor the definition
   * @throws DuplicateMonitorException naming {@code monitor.name} or {@code monitor.id} when taken
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code monitor.categoryId}
   */
  public void create(BalanceMonitor monitor) {
    if (monitor.target() instanceof MonitorTarget.OfCategory target) {
      categories.watch(target.categoryId(), "defining monitor " + monitor.name(), h -> insert(h, monitor));
      return;
    }
    try {
      primary.useHandle(h -> insert(h, monitor));
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "defining monitor " + monitor.name());
    }
  }

  private static void insert(Handle h, BalanceMonitor monitor) {
    UUID account = monitor.target() instanceof MonitorTarget.OfAccount a ? a.accountId().value() : null;
    UUID category = monitor.target() instanceof MonitorTarget.OfCategory c ? c.categoryId().value() : null;
    CurrencyUnit currency = monitor.threshold().currency();
    try {
      h.attach(MonitorSql.class).insertMonitor(monitor.id().value(), monitor.name(), account, category,
          category == null ? null : currency.code(), category == null ? null : currency.scale(),
          monitor.measure().name(), monitor.comparison().name(), monitor.threshold().minorUnits(),
          Rows.json(monitor.metadata()), Rows.floorBound(monitor.createdAt()));
    } catch (JdbiException e) {
      SQLException cause = SqlStates.sqlException(e);
      if (cause != null && SqlStates.state(cause).equals(SqlStates.UNIQUE_VIOLATION)) {
        if ("balance_monitors_name_key".equals(SqlStates.constraint(cause))) {
          throw new DuplicateMonitorException("monitor.name", monitor.name(), "is taken by another monitor", cause);
        }
        throw new DuplicateMonitorException("monitor.id", monitor.id(), "is taken", cause);
      }
      throw e;
    }
  }

  /** @return the defined monitors, by name */
  public List<BalanceMonitor> list() {
    return run("listing monitors", sql -> sql.monitorsDefined().stream().map(WatchedMonitor::monitor).toList());
  }

  /**
   * @param id a monitor
   * @param at the instant of removal
   * @return the definition removed
   */
  public Optional<BalanceMonitor> remove(MonitorId id, Instant at) {
    try {
      return primary.inTransaction(h -> {
        MonitorSql sql = h.attach(MonitorSql.class);
        Optional<WatchedMonitor> found = sql.monitorById(id.value());
        if (found.isEmpty() || !sql.removeMonitor(id.value(), Rows.floorBound(at))) {
          return Optional.<BalanceMonitor>empty();
        }
        return Optional.of(found.get().monitor());
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "removing monitor " + id);
    }
  }

  /** @return the evaluator's cursor */
  public MonitorCursor cursor() {
    return run("reading the monitor cursor", MonitorSql::cursor);
  }

  /**
   * @param accounts accounts
   * @return the monitors on them
   */
  public List<WatchedMonitor> on(Collection<AccountId> accounts) {
    UUID[] ids = accounts.stream().map(AccountId::value).distinct().toArray(UUID[]::new);
    return ids.length == 0 ? List.of() : run("reading monitors", sql -> sql.monitorsOn(ids));
  }

  /**
   * @param limit most monitors
   * @return monitors never evaluated
   */
  public List<WatchedMonitor> unevaluated(int limit) {
    return run("reading monitors never evaluated", sql -> sql.unevaluated(limit));
  }

  /**
   * @param evaluation the evaluation
   * @return the alerts recorded
   * @throws ConcurrencyException naming {@code round} when it was stale
   */
  public List<MonitorAlert> record(MonitorEvaluation evaluation) {
    List<MonitorState> states = evaluation.states();
    List<FiredAlert> alerts = evaluation.alerts();
    try {
      return primary.inTransaction(h -> {
        MonitorSql sql = h.attach(MonitorSql.class);
        Long round = sql.record(evaluation.round(), evaluation.position(),
            states.stream().map(s -> s.monitorId().value()).toArray(UUID[]::new),
            states.stream().map(MonitorState::firing).toArray(Boolean[]::new),
            states.stream().map(MonitorState::accountVersion).toArray(Long[]::new),
            states.stream().map(s -> Rows.floorBound(s.evaluatedAt()).toString()).toArray(String[]::new),
            alerts.stream().map(a -> a.monitorId().value()).toArray(UUID[]::new),
            alerts.stream().map(a -> a.value().minorUnits()).toArray(Long[]::new),
            alerts.stream().map(FiredAlert::accountVersion).toArray(Long[]::new),
            alerts.stream().map(FiredAlert::changePosition).toArray(Long[]::new),
            alerts.stream().map(a -> Rows.floorBound(a.firedAt()).toString()).toArray(String[]::new));
        if (round == null) {
          throw new ConcurrencyException("round", evaluation.round(),
              "is stale: another evaluation was recorded since");
        }
        return alerts.isEmpty() ? List.<MonitorAlert>of() : sql.alertsOfRound(round);
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "recording a monitor evaluation");
    }
  }

  /**
   * @param after the last position read
   * @param limit most alerts
   * @return the page
   */
  public MonitorAlertPage page(long after, int limit) {
    List<MonitorAlert> alerts = run("reading the alert feed", sql -> sql.alertsPage(after, limit));
    return new MonitorAlertPage(alerts, alerts.isEmpty() ? after : alerts.get(alerts.size() - 1).position());
  }
}
