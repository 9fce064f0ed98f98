package io.github.corebanking.ledger.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves forward by a fixed whole number of microseconds each time it is read, and stops
 * one microsecond before an end: spreads generated history over days.
 */
final class SteppingClock extends Clock {

  private final Instant start;
  private final Instant last;
  private final long stepMicros;
  private final AtomicLong reads = new AtomicLong();

  SteppingClock(Instant start, Instant end, Duration step) {
    this.start = start;
    this.last = end.minusNanos(1_000);
    this.stepMicros = Math.max(1, step.toNanos() / 1_000);
  }

  @Override
  public Instant instant() {
    Instant t = start.plus(Duration.ofNanos(reads.getAndIncrement() * stepMicros * 1_000));
    return t.isAfter(last) ? last : t;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a stepping clock is UTC only");
  }
}
