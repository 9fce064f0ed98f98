package io.github.corebanking.ledger.benchmarks;

import java.util.Arrays;

/** Latency samples in nanoseconds, one recorder per thread; merged and sorted for percentiles. */
final class Latencies {

  private long[] samples = new long[1 << 14];
  private int size;

  void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  int size() {
    return size;
  }

  static long[] mergeSorted(Iterable<Latencies> parts) {
    int total = 0;
    for (Latencies p : parts) {
      total += p.size;
    }
    long[] all = new long[total];
    int at = 0;
    for (Latencies p : parts) {
      System.arraycopy(p.samples, 0, all, at, p.size);
      at += p.size;
    }
    Arrays.sort(all);
    return all;
  }

  /** Nearest-rank percentile in milliseconds of sorted samples; 0 when there are none. */
  static double percentileMillis(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0.0;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000_000.0;
  }
}
