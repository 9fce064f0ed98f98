package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryNotFoundException;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.spi.FiredAlert;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorEvaluation;
import io.github.corebanking.ledger.spi.MonitorRules;
import io.github.corebanking.ledger.spi.MonitorState;
import io.github.corebanking.ledger.spi.WatchedMonitor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the ledger's {@link io.github.corebanking.ledger.BalanceMonitor}s from the change feed,
 * off the posting path: reads the changes after its stored cursor, finds the monitors on the
 * accounts they touch, directly or through a category holding them (and those never evaluated),
 * reads those accounts' balances in one call and each watched category's balance in one read,
 * applies {@link MonitorRules}, and records the monitors' states, the alerts that fired and the new
 * cursor in one atomic {@link LedgerStore#recordMonitorEvaluation}; then tells the listeners
 * ({@link LedgerListener#onMonitorFired}) of each alert recorded. Rounds of {@code batchSize}
 * changes repeat until the feed is read to its end.
 *
 * <p>What is guaranteed:
 * <ul>
 *   <li>each false-to-true transition the evaluator observes fires exactly once, in the alert feed
 *       ({@link io.github.corebanking.ledger.Ledger#monitorAlerts}): never twice, even with several
 *       evaluators at once (the job's lock makes one evaluator run at a time; the store refuses an
 *       evaluation recorded from a stale round anyway) or a crash between reading and recording
 *       (nothing was recorded, the next run evaluates the same changes again);</li>
 *   <li>{@code POSTED} monitors observe the posted balance after every commit that moves it (read
 *       from the entries' running balances), so every transition of a posted balance fires;</li>
 *   <li>{@code PENDING} and {@code AVAILABLE} monitors observe the current balance once per round:
 *       commits read in one round are observed together, and a state that lasted less than the
 *       evaluator's lag may go unseen; so do monitors of a category (the sum of its subtree's
 *       accounts in the threshold's currency), once per round in which a change touched one of
 *       those accounts;</li>
 *   <li>listeners are told after the alert is recorded, at most once: a run that stops between
 *       recording and telling leaves the alert in the feed only.</li>
 * </ul>
 *
 * <p>The job reads the change feed: keep its cursor ({@link LedgerStore#monitorCursor()}) within
 * what {@link ChangeFeedRetentionJob} keeps, or the run fails with
 * {@link io.github.corebanking.ledger.ChangesPrunedException}. Counts: {@code changes},
 * {@code evaluated}, {@code fired}, {@code superseded} (1 when another evaluator recorded first and
 * this run stopped). Recommended schedule: every few seconds to a minute, as fresh as alerts must be.
 *
 * <pre>{@code
 * LedgerJob monitors = new BalanceMonitorJob(store, Clock.systemUTC(), 500, List.of(alertsToOps));
 * scheduler.scheduleWithFixedDelay(monitors::run, 5, 5, TimeUnit.SECONDS);
 * }</pre>
 */
public final class BalanceMonitorJob implements LedgerJob {

  /** The job's name, in results, locks and records. */
  public static final String NAME = "balance-monitors";

  /** Changes read per round when no batch size is given. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(BalanceMonitorJob.class);

  private final LedgerJob framed;
  private final LedgerStore store;
  private final Clock clock;
  private final int batchSize;
  private final List<LedgerListener> listeners;

  /**
   * @param store     the ledger's store: feed, monitors, balances, and the lock and record
   * @param clock     the clock stamping states, alerts and runs
   * @param batchSize changes read per round, 1 to 10,000
   * @param listeners told of each alert after it is recorded (usually the ledger's listeners)
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public BalanceMonitorJob(LedgerStore store, Clock clock, int batchSize, List<LedgerListener> listeners) {
    this(store, Checks.notNull(store, "store").jobRuns(), clock, batchSize, listeners);
  }

  /**
   * @param store     the ledger's store
   * @param runs      where the job's lock is taken and its runs recorded
   * @param clock     the clock stamping states, alerts and runs
   * @param batchSize changes read per round, 1 to 10,000
   * @param listeners told of each alert after it is recorded
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public BalanceMonitorJob(LedgerStore store, JobRuns<?> runs, Clock clock, int batchSize,
      List<LedgerListener> listeners) {
    this.store = Checks.notNull(store, "store");
    this.clock = Checks.notNull(clock, "clock");
    if (batchSize < 1 || batchSize > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("batchSize", batchSize, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
    this.batchSize = batchSize;
    this.listeners = List.copyOf(Checks.notNull(listeners, "listeners"));
    this.framed = JobFrame.over(Checks.notNull(runs, "runs"), clock).job(NAME, (lock, counts) -> evaluate(counts));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    return framed.run();
  }

  private String evaluate(Map<String, Long> counts) {
    long changes = 0;
    long evaluated = 0;
    long fired = 0;
    counts.put("changes", 0L);
    counts.put("evaluated", 0L);
    counts.put("fired", 0L);
    counts.put("superseded", 0L);
    while (true) {
      MonitorCursor cursor = store.monitorCursor();
      ChangePage page = store.changes(cursor.position(), batchSize);
      List<WatchedMonitor> fresh = store.unevaluatedMonitors(batchSize);
      Round round = evaluate(cursor, page, fresh);
      List<MonitorAlert> recorded;
      try {
        recorded = store.recordMonitorEvaluation(round.evaluation());
      } catch (ConcurrencyException e) {
        counts.put("superseded", 1L);
        return "stopped: another evaluator recorded first; " + summary(changes, evaluated, fired);
      }
      changes += page.changes().size();
      evaluated += round.evaluation().states().size();
      fired += recorded.size();
      counts.put("changes", changes);
      counts.put("evaluated", evaluated);
      counts.put("fired", fired);
      tell(recorded);
      boolean more = page.changes().size() == batchSize || (fresh.size() == batchSize && round.freshEvaluated() > 0);
      if (!more) {
        return summary(changes, evaluated, fired);
      }
    }
  }

  private static String summary(long changes, long evaluated, long fired) {
    return "read " + changes + " changes, evaluated " + evaluated + " monitors, " + fired + " fired";
  }

  /** What one round decided, and how many never-evaluated monitors it evaluated. */
  private record Round(MonitorEvaluation evaluation, int freshEvaluated) {}

  private Round evaluate(MonitorCursor cursor, ChangePage page, List<WatchedMonitor> fresh) {
    Set<AccountId> touched = new LinkedHashSet<>();
    for (Change c : page.changes()) {
      for (Entry e : c.transaction().entries()) {
        touched.add(e.accountId());
      }
    }
    Map<MonitorId, WatchedMonitor> watched = new LinkedHashMap<>();
    if (!touched.isEmpty()) {
      for (WatchedMonitor w : store.monitorsOn(touched)) {
        watched.put(w.monitor().id(), w);
      }
    }
    for (WatchedMonitor w : fresh) {
      watched.putIfAbsent(w.monitor().id(), w);
    }
    Set<AccountId> accounts = new LinkedHashSet<>();
    Set<CategoryId> categories = new LinkedHashSet<>();
    for (WatchedMonitor w : watched.values()) {
      if (w.monitor().target() instanceof MonitorTarget.OfAccount a) {
        accounts.add(a.accountId());
      } else if (w.monitor().target() instanceof MonitorTarget.OfCategory c) {
        categories.add(c.categoryId());
      }
    }
    Map<AccountId, Balance> balances = new HashMap<>();
    if (!accounts.isEmpty()) {
      for (Balance b : store.findBalances(accounts)) {
        balances.put(b.accountId(), b);
      }
    }
    Map<CategoryId, CategoryBalance> categoryBalances = new HashMap<>();
    for (CategoryId id : categories) {
      // One read per category, however many accounts it holds. A watched category cannot be deleted,
      // but its monitor may have been removed and the category deleted since the monitors were read:
      // then there is nothing to observe.
      try {
        categoryBalances.put(id, store.categoryBalance(id));
      } catch (CategoryNotFoundException gone) {
        LOG.debug("category {} was deleted since its monitors were read", id);
      }
    }
    Instant now = clock.instant();
    List<MonitorState> states = new ArrayList<>();
    List<FiredAlert> alerts = new ArrayList<>();
    int freshEvaluated = 0;
    for (WatchedMonitor w : watched.values()) {
      List<MonitorRules.Observation> observed = w.monitor().target() instanceof MonitorTarget.OfCategory c
          ? MonitorRules.categoryObservations(w, categoryBalances.get(c.categoryId()), page.next())
          : MonitorRules.observations(w, page.changes(),
              balances.get(((MonitorTarget.OfAccount) w.monitor().target()).accountId()));
      Optional<MonitorRules.Step> step = MonitorRules.step(w, observed, page.next(), now);
      if (step.isPresent()) {
        states.add(step.get().state());
        alerts.addAll(step.get().fired());
        if (w.state() == null) {
          freshEvaluated++;
        }
      }
    }
    return new Round(new MonitorEvaluation(cursor.round(), page.next(), states, alerts), freshEvaluated);
  }

  private void tell(List<MonitorAlert> alerts) {
    for (MonitorAlert alert : alerts) {
      for (LedgerListener l : listeners) {
        try {
          l.onMonitorFired(alert);
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed on alert {} of monitor {}", l.getClass().getName(), alert.position(),
              alert.monitor().name(), e);
        }
      }
    }
  }
}
