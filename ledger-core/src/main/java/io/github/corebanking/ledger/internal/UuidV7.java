package io.github.corebanking.ledger.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a counter-seeded random tail. Monotonic within
 * this process. Not supported for use outside the library.
 */
public final class UuidV7 {

  /** Last issued (millis << 12 | sequence), kept monotonic. */
  private static final AtomicLong LAST = new AtomicLong();

  private UuidV7() {}

  /** @return a new UUIDv7 */
  public static UUID next() {
    long now = System.currentTimeMillis() << 12;
    long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    long millis = stamp >>> 12;
    long seq = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
