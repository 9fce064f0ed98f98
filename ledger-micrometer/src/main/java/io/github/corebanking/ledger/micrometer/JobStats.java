package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one job name in one registry. Gauges bind to the first object registered under an
 * id, so every {@link MeteredJob} of the same name and registry must share one of these.
 */
final class JobStats {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Meter.MeterProvider<Timer> runs;
  private final AtomicLong lastSuccessMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastFailed = new AtomicLong();
  private final Map<String, AtomicLong> lastCounts = new ConcurrentHashMap<>();

  JobStats(String job, MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags.and("job", job);
    this.runs = Timer.builder(MeteredJob.RUNS).description("Ledger job runs by status").tags(this.tags)
        .withRegistry(registry);
    Gauge.builder(MeteredJob.LAST_SUCCESS, lastSuccessMillis,
            v -> v.get() == Long.MIN_VALUE ? Double.NaN : v.get() / 1000.0)
        .description("Start of the last successful run, in seconds since the epoch").baseUnit("seconds")
        .tags(this.tags).strongReference(true).register(registry);
    Gauge.builder(MeteredJob.LAST_FAILED, lastFailed, AtomicLong::get)
        .description("1 when the last run that was not skipped failed").tags(this.tags).strongReference(true).register(registry);
  }

  void record(JobResult result) {
    runs.withTags("status", status(result.status())).record(result.duration());
    switch (result.status()) {
      case SUCCEEDED -> {
        lastFailed.set(0);
        lastSuccessMillis.set(result.startedAt().toEpochMilli());
        for (Map.Entry<String, Long> count : result.counts().entrySet()) {
          lastCounts.computeIfAbsent(count.getKey(), this::countGauge).set(count.getValue());
        }
      }
      case FAILED -> lastFailed.set(1);
      case SKIPPED -> {
        // Another node did the work; nothing about this node's job changed.
      }
    }
  }

  void recordThrown(Duration took) {
    runs.withTags("status", status(JobStatus.FAILED)).record(took);
    lastFailed.set(1);
  }

  private AtomicLong countGauge(String count) {
    AtomicLong value = new AtomicLong();
    Gauge.builder(MeteredJob.LAST_COUNT, value, AtomicLong::get).description("A count of the last successful run")
        .tags(tags).tag("count", count).strongReference(true).register(registry);
    return value;
  }

  private static String status(JobStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
