package io.github.corebanking.ledger.health;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every registered component at once and says whether the ledger is UP, DEGRADED or DOWN.
 *
 * <pre>{@code
 * LedgerHealth health = LedgerHealth.builder()
 *     .essential("database", checks.database())
 *     .essential("partitions", checks.partitions())
 *     .nonEssential("snapshots", checks.snapshots())
 *     .nonEssential("redis", redisCheck)
 *     .timeout(Duration.ofSeconds(2))
 *     .cacheFor(Duration.ofSeconds(5))
 *     .build();
 * HealthReport report = health.check();   // report.status(): UP, DEGRADED or DOWN
 * }</pre>
 *
 * <p>Rules: an essential component DOWN makes the whole DOWN; any component DEGRADED, or a
 * non-essential one DOWN, makes it DEGRADED. Checks run in parallel, each bounded by the timeout: a
 * check that has not answered in time is DOWN for this report. It keeps running in the background
 * and the next report waits on that same run instead of starting another, so a hung dependency
 * never piles up threads. A check that throws is DOWN with the exception's message. With
 * {@link Builder#cacheFor} set, {@link #check()} answers from the last report while it is younger
 * than that, so a load balancer polling every node every second costs the database one round of
 * checks per period; concurrent callers share one round.
 *
 * <p>Status changes are logged once each: WARN when a component leaves UP, INFO when it is back.
 * Thread-safe.
 */
public final class LedgerHealth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerHealth.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** Longest timeout a check may be given. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  /** Longest time a report may be served from the cache. */
  public static final Duration MAX_CACHE = Duration.ofMinutes(10);

  private final List<Component> components;
  private final Duration timeout;
  private final Duration cacheFor;
  private final Clock clock;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final ReentrantLock refresh = new ReentrantLock();
  private volatile @Nullable HealthReport last;

  private LedgerHealth(Builder b, ExecutorService executor, boolean ownsExecutor) {
    this.components = List.copyOf(b.components.values());
    this.timeout = b.timeout;
    this.cacheFor = b.cacheFor;
    this.clock = b.clock;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The ledger's health: the last report while it is younger than the cache period, else a new one.
   *
   * @return the report; never throws for a failing component
   */
  public HealthReport check() {
    if (cacheFor.isZero()) {
      return checkNow();
    }
    HealthReport cached = last;
    if (fresh(cached)) {
      return cached;
    }
    refresh.lock();
    try {
      cached = last;
      if (fresh(cached)) {
        return cached;
      }
      return checkNow();
    } finally {
      refresh.unlock();
    }
  }

  /**
   * Checks every component now, ignoring the cache, and makes the result the cached report.
   *
   * @return the report
   */
  public HealthReport checkNow() {
    Instant checkedAt = clock.instant();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<Run> runs = new ArrayList<>(components.size());
    for (Component c : components) {
      runs.add(c.start(executor));
    }
    List<ComponentHealth> answers = new ArrayList<>(components.size());
    HealthStatus overall = HealthStatus.UP;
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      ComponentHealth answer = c.await(runs.get(i), deadline, timeout);
      c.logChange(answer);
      answers.add(answer);
      overall = overall.and(contribution(answer));
    }
    HealthReport report = new HealthReport(overall, checkedAt, Duration.ofNanos(System.nanoTime() - start), answers);
    last = report;
    return report;
  }

  /** @return the last report made, if any */
  public Optional<HealthReport> lastReport() {
    return Optional.ofNullable(last);
  }

  /** @return the registered components' names, in registration order */
  public List<String> componentNames() {
    return components.stream().map(c -> c.name).toList();
  }

  /** Stops the threads this instance started; an executor given to the builder is left alone. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private boolean fresh(@Nullable HealthReport report) {
    return report != null && clock.instant().isBefore(report.checkedAt().plus(cacheFor));
  }

  private static HealthStatus contribution(ComponentHealth c) {
    if (c.status() == HealthStatus.DOWN && !c.essential()) {
      return HealthStatus.DEGRADED;
    }
    return c.status();
  }

  /** One started (or joined) run of a check. */
  private record Run(@Nullable Future<CheckResult> future, long startedNanos, @Nullable String refusal) {}

  /** A registered check and the run it may still have in flight. */
  private static final class Component {
    final String name;
    final boolean essential;
    final HealthCheck check;
    final AtomicReference<@Nullable Run> inFlight = new AtomicReference<>();
    final AtomicReference<HealthStatus> lastLogged = new AtomicReference<>(HealthStatus.UP);

    Component(String name, boolean essential, HealthCheck check) {
      this.name = name;
      this.essential = essential;
      this.check = check;
    }

    Run start(ExecutorService executor) {
      while (true) {
        Run running = inFlight.get();
        if (running != null && running.future() != null && !running.future().isDone()) {
          return running;
        }
        FutureTask<CheckResult> task = new FutureTask<>(check::check);
        Run run = new Run(task, System.nanoTime(), null);
        if (!inFlight.compareAndSet(running, run)) {
          continue;
        }
        try {
          executor.execute(task);
          return run;
        } catch (RejectedExecutionException e) {
          inFlight.compareAndSet(run, null);
          return new Run(null, run.startedNanos(), "could not be started: " + e.getMessage());
        }
      }
    }

    ComponentHealth await(Run run, long deadline, Duration timeout) {
      if (run.future() == null) {
        return answer(HealthStatus.DOWN, String.valueOf(run.refusal()), Map.of(), run);
      }
      try {
        CheckResult result = run.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (result == null) {
          return answer(HealthStatus.DOWN, "the check returned no result", Map.of(), run);
        }
        return answer(result.status(), result.message(), result.details(), run);
      } catch (TimeoutException e) {
        return answer(HealthStatus.DOWN, "no answer within " + timeout.toMillis() + " ms",
            Map.of("timeoutMs", Long.toString(timeout.toMillis())), run);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return answer(HealthStatus.DOWN, cause.getClass().getSimpleName() + ": " + cause.getMessage(), Map.of(), run);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer(HealthStatus.DOWN, "interrupted while waiting for the check", Map.of(), run);
      } catch (java.util.concurrent.CancellationException e) {
        return answer(HealthStatus.DOWN, "the check was cancelled", Map.of(), run);
      }
    }

    private ComponentHealth answer(HealthStatus status, String message, Map<String, String> details, Run run) {
      return new ComponentHealth(name, essential, status, message, details,
          Duration.ofNanos(Math.max(0, System.nanoTime() - run.startedNanos())));
    }

    void logChange(ComponentHealth answer) {
      HealthStatus before = lastLogged.getAndSet(answer.status());
      if (before == answer.status()) {
        return;
      }
      if (answer.status() == HealthStatus.UP) {
        LOG.info("ledger health: {} is UP again", name);
      } else {
        LOG.warn("ledger health: {} is {}: {}", name, answer.status(), answer.message());
      }
    }
  }

  /** Builds a {@link LedgerHealth}; each setting can be given once, each name registered once. */
  public static final class Builder {

    private final Map<String, Component> components = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(2);
    private Duration cacheFor = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private @Nullable ExecutorService executor;
    private final SetOnce once = new SetOnce("LedgerHealth");

    private Builder() {}

    /**
     * Registers a component the ledger cannot serve without, such as the database: DOWN makes the
     * whole DOWN.
     *
     * @param name  a lower-case name, such as {@code "database"}
     * @param check the check
     * @return this builder
     */
    public Builder essential(String name, HealthCheck check) {
      return add(name, true, check);
    }

    /**
     * Registers a component the ledger can serve without, such as the Redis cache: DOWN makes the
     * whole DEGRADED.
     *
     * @param name  a lower-case name, such as {@code "redis"}
     * @param check the check
     * @return this builder
     */
    public Builder nonEssential(String name, HealthCheck check) {
      return add(name, false, check);
    }

    /**
     * How long a round of checks may take; a check that has not answered by then is DOWN.
     * Default two seconds.
     *
     * @param timeout more than zero, at most {@link #MAX_TIMEOUT}
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      once.checkNotBuilt();
      if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new InvalidRequestException("timeout", timeout, "must be more than zero and at most " + MAX_TIMEOUT);
      }
      this.timeout = once.set("timeout", timeout);
      return this;
    }

    /**
     * How long {@link LedgerHealth#check()} may answer from the last report. Default zero: every
     * call checks.
     *
     * @param period zero to {@link #MAX_CACHE}
     * @return this builder
     */
    public Builder cacheFor(Duration period) {
      once.checkNotBuilt();
      if (period == null || period.isNegative() || period.compareTo(MAX_CACHE) > 0) {
        throw new InvalidRequestException("cacheFor", period, "must be between zero and " + MAX_CACHE);
      }
      this.cacheFor = once.set("cacheFor", period);
      return this;
    }

    /**
     * The clock stamping reports and ageing the cache. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", clock);
      return this;
    }

    /**
     * Where checks run. Default: daemon threads owned and stopped by {@link LedgerHealth#close()}.
     * A given executor needs a thread per component to run them in parallel, and is not shut down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = once.set("executor", executor);
      return this;
    }

    /**
     * Builds the health checker. The builder cannot be used again.
     *
     * @return the checker
     * @throws InvalidRequestException when no component was registered
     */
    public LedgerHealth build() {
      once.checkNotBuilt();
      if (components.isEmpty()) {
        throw new InvalidRequestException("components", 0, "must hold at least one check: call essential(...) or nonEssential(...)");
      }
      once.build();
      if (executor != null) {
        return new LedgerHealth(this, executor, false);
      }
      return new LedgerHealth(this, Executors.newCachedThreadPool(new DaemonThreads()), true);
    }

    private Builder add(String name, boolean essential, HealthCheck check) {
      once.checkNotBuilt();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidRequestException("name", name,
            "must be 1 to 64 lower-case letters, digits or . _ - starting with a letter or digit");
      }
      if (check == null) {
        throw new InvalidRequestException("check", null, "must not be null (component " + name + ")");
      }
      if (components.containsKey(name)) {
        throw new InvalidRequestException("name", name, "is already registered");
      }
      components.put(name, new Component(name, essential, check));
      return this;
    }
  }

  /** Names the check threads and keeps them from holding the JVM open. */
  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "ledger-health-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
