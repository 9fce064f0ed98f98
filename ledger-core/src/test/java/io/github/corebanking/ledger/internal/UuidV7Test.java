package io.github.corebanking.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  @Test
  void carriesVersionSevenAndTheRfcVariant() {
    for (int i = 0; i < 1000; i++) {
      UUID id = UuidV7.next();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
    }
  }

  @Test
  void startsWithTheCurrentUnixMilliseconds() {
    long before = System.currentTimeMillis();
    UUID id = UuidV7.next();
    long after = System.currentTimeMillis();
    long millis = id.getMostSignificantBits() >>> 16;
    // A burst may run the 12-bit sequence ahead of the clock by a few milliseconds, never behind it.
    assertThat(millis).isBetween(before, after + 1000);
  }

  @Test
  void isStrictlyIncreasingWithinTheProcess() {
    UUID previous = UuidV7.next();
    for (int i = 0; i < 100_000; i++) {
      UUID next = UuidV7.next();
      assertThat(Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits()))
          .as("id %s after %s", next, previous).isPositive();
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  void isUniqueAcrossThreads() throws InterruptedException {
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        Set<UUID> mine = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
          mine.add(UuidV7.next());
        }
        seen.addAll(mine);
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(80_000);
  }
}
