package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.MonitorMeasure;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The rules of balance monitors, written once for every store and evaluator: what a monitor
 * observes in a page of the change feed, and the transition rule — a monitor fires when its
 * condition goes from false to true, once, and not again until an observation has found it false.
 *
 * <p>What is observed, per measure:
 * <ul>
 *   <li>{@code POSTED}: exact per commit. Every posted entry carries the account's posted balance
 *       after it and the account's version ({@link Entry#balanceAfter()}, {@link Entry#accountVersion()}),
 *       so the posted balance after each commit that moved it is read from the page's entries (the
 *       last entry of the account at each version), in version order, from the changes that wrote
 *       them ({@code BOOKED} of a transaction booked posted, {@code COMMITTED} of a hold).</li>
 *   <li>{@code PENDING} and {@code AVAILABLE}: the account's current balance, once per evaluation,
 *       when its version is past the one last observed. Holds leave no running pending balance on
 *       their entries, so two commits read in one evaluation are observed together, and a state that
 *       lasted less than the evaluator's lag may go unseen.</li>
 *   <li>A monitor never evaluated before observes the current balance whatever its measure, so a
 *       monitor defined on an account where its condition already holds fires at its first
 *       evaluation.</li>
 * </ul>
 * A monitor of a category observes its category's current balance once per evaluation
 * ({@link #categoryObservations}), at the change-feed position the evaluation reads through.
 * Observations at or below the account version (or position) last observed are skipped: each is
 * evaluated once.
 */
public final class MonitorRules {

  private MonitorRules() {}

  /**
   * One value of a monitor's figure, at an account version.
   *
   * @param value          the figure
   * @param accountVersion the version it was read at
   */
  public record Observation(Money value, long accountVersion) {

    /** Checks the fields. */
    public Observation {
      Checks.notNull(value, "value");
    }
  }

  /**
   * What one evaluation decides for a monitor.
   *
   * @param state the state to record
   * @param fired the alerts that fired, oldest observation first (more than one only for a POSTED
   *              monitor whose condition went false and true again within the page)
   */
  public record Step(MonitorState state, List<FiredAlert> fired) {

    /** Freezes the alerts. */
    public Step {
      Checks.notNull(state, "state");
      fired = List.copyOf(fired);
    }
  }

  /**
   * What a monitor observes in a page of the change feed and its account's current balance.
   *
   * @param watched the monitor of an account and its state
   * @param changes the page, in position order (may be empty)
   * @param current the account's current balance, read after the page; null when unknown
   * @return the observations past the state's version, in version order
   * @throws IllegalArgumentException when the monitor's target is not an account
   */
  public static List<Observation> observations(WatchedMonitor watched, List<Change> changes,
      @Nullable Balance current) {
    BalanceMonitor m = watched.monitor();
    MonitorState state = watched.state();
    if (!(m.target() instanceof MonitorTarget.OfAccount target)) {
      throw new IllegalArgumentException("monitor " + m.id() + " does not watch an account");
    }
    AccountId account = target.accountId();
    if (state == null) {
      return current == null ? List.of() : List.of(new Observation(m.measure().of(current), current.version()));
    }
    long seen = state.accountVersion();
    if (m.measure() != MonitorMeasure.POSTED) {
      return current == null || current.version() <= seen ? List.of()
          : List.of(new Observation(m.measure().of(current), current.version()));
    }
    TreeMap<Long, Money> byVersion = new TreeMap<>();
    for (Change c : changes) {
      if (!writesPostedEntries(c)) {
        continue;
      }
      for (Entry e : c.transaction().entries()) {
        if (!e.pending() && e.accountId().equals(account) && e.accountVersion() > seen) {
          // Entries are in ordinal order, so the last one of a version is the balance after the commit.
          byVersion.put(e.accountVersion(), e.balanceAfter());
        }
      }
    }
    List<Observation> result = new ArrayList<>(byVersion.size());
    byVersion.forEach((version, value) -> result.add(new Observation(value, version)));
    return result;
  }

  /**
   * Whether a monitor's target is among what a page of changes touched, as a store's
   * {@link LedgerStore#monitorsOn} finds monitors.
   *
   * @param target     the monitor's target
   * @param accounts   the accounts touched
   * @param categories the categories holding any of them ({@link CategoryRules#holding})
   * @return whether the target is one of the accounts or one of the categories
   */
  public static boolean watches(MonitorTarget target, Set<AccountId> accounts, Set<CategoryId> categories) {
    return target instanceof MonitorTarget.OfAccount a ? accounts.contains(a.accountId())
        : categories.contains(((MonitorTarget.OfCategory) target).categoryId());
  }

  /**
   * What a monitor of a category observes: the category's current balance in the threshold's
   * currency (zero while its subtree holds no account in it), once per evaluation, at the change-feed
   * position the evaluation reads through, which stands for the version: it is observed when that
   * position is past the one last observed. The evaluator evaluates a category monitor when a change
   * of the page touched an account of the category's subtree, or when it was never evaluated; so a
   * change of the tree or of its members alone is observed with the next change that touches it.
   *
   * @param watched        the monitor of a category and its state
   * @param current        the category's current balance, read after the page; null when unknown
   * @param changePosition the change-feed position the evaluation reads through
   * @return the observation, or none when nothing new can be observed
   * @throws IllegalArgumentException when the monitor's target is not a category
   */
  public static List<Observation> categoryObservations(WatchedMonitor watched, @Nullable CategoryBalance current,
      long changePosition) {
    BalanceMonitor m = watched.monitor();
    if (!(m.target() instanceof MonitorTarget.OfCategory)) {
      throw new IllegalArgumentException("monitor " + m.id() + " does not watch a category");
    }
    MonitorState state = watched.state();
    if (current == null || (state != null && changePosition <= state.accountVersion())) {
      return List.of();
    }
    Money threshold = m.threshold();
    Money value = current.currency(threshold.currency()).map(m.measure()::of)
        .orElse(Money.zero(threshold.currency()));
    return List.of(new Observation(value, changePosition));
  }

  /** Whether a change's posted entries are its own: a posted booking, or the commit of a hold. */
  private static boolean writesPostedEntries(Change c) {
    if (c.type() == ChangeType.COMMITTED) {
      return true;
    }
    if (c.type() != ChangeType.BOOKED) {
      return false;
    }
    // A transaction booked as a hold has pending entries; its posted ones belong to its COMMITTED change.
    return c.transaction().entries().stream().noneMatch(Entry::pending);
  }

  /**
   * The transition rule over a monitor's observations.
   *
   * @param watched        the monitor and its state (none: not firing, nothing seen)
   * @param observations   what it observed, in version order
   * @param changePosition the change-feed position the evaluation reads through
   * @param at             the evaluation's instant
   * @return the state to record and the alerts that fired, or empty when nothing new was observed
   */
  public static Optional<Step> step(WatchedMonitor watched, List<Observation> observations, long changePosition,
      Instant at) {
    MonitorState state = watched.state();
    boolean firing = state != null && state.firing();
    long seen = state == null ? -1 : state.accountVersion();
    List<FiredAlert> fired = new ArrayList<>();
    boolean observed = false;
    for (Observation o : observations) {
      if (o.accountVersion() <= seen) {
        continue;
      }
      boolean holds = watched.monitor().holdsFor(o.value());
      if (holds && !firing) {
        fired.add(new FiredAlert(watched.monitor().id(), o.value(), o.accountVersion(), changePosition, at));
      }
      firing = holds;
      seen = o.accountVersion();
      observed = true;
    }
    if (!observed) {
      return Optional.empty();
    }
    return Optional.of(new Step(new MonitorState(watched.monitor().id(), firing, seen, at), fired));
  }
}
