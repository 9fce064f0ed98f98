package io.github.corebanking.ledger.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU time spent by each side of a run: this JVM (every thread: the load's, the store's, the
 * collector and the compiler) from the operating system's bean, and the PostgreSQL server's
 * processes from {@code /proc} when the server runs on this machine (Linux). A backend that exits
 * during the window is still counted: its time moves to the postmaster's reaped-children counters,
 * which are read too.
 *
 * <p>Each {@link #sample()} is a point; {@link Sample#minus} gives the window between two.
 */
final class CpuMeter {

  /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on every Linux build). */
  private static final long TICKS_PER_SECOND = 100;

  private CpuMeter() {}

  /**
   * CPU time at a point.
   *
   * @param javaNanos     this JVM's CPU time, or -1 when the platform does not tell it
   * @param postgresNanos the PostgreSQL server's processes' CPU time, or -1 when not readable here
   */
  record Sample(long javaNanos, long postgresNanos) {

    /**
     * @param earlier a sample taken before this one
     * @return the CPU time between the two (each side -1 when unknown at either point)
     */
    Sample minus(Sample earlier) {
      return new Sample(javaNanos < 0 || earlier.javaNanos < 0 ? -1 : javaNanos - earlier.javaNanos,
          postgresNanos < 0 || earlier.postgresNanos < 0 ? -1 : postgresNanos - earlier.postgresNanos);
    }

    /**
     * @param postings postings booked in the window
     * @return the machine-readable line: microseconds of CPU per posting on each side (-1 unknown)
     */
    String line(long postings) {
      return String.format(Locale.ROOT, "CPU java_us_per_posting=%.1f postgres_us_per_posting=%.1f",
          perPosting(javaNanos, postings), perPosting(postgresNanos, postings));
    }

    private static double perPosting(long nanos, long postings) {
      return nanos < 0 || postings <= 0 ? -1 : nanos / 1000.0 / postings;
    }
  }

  /**
   * @param server whether the run talks to a PostgreSQL server (an in-memory run does not: its
   *               server side is unknown, -1, whatever runs on the machine)
   * @return the CPU time of both sides now
   */
  static Sample sample(boolean server) {
    return new Sample(javaNanos(), server ? postgresNanos().orElse(-1) : -1);
  }

  /** @return this JVM's CPU time, or -1 when the platform does not tell it */
  static long javaNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * The sum over processes named {@code postgres} of their own user and system time, plus the
   * reaped children's of the postmaster (the one whose parent is not a postgres process), from one
   * read of each process's {@code stat}.
   */
  private static OptionalLong postgresNanos() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return OptionalLong.empty();
    }
    // Per postgres process: its parent, its own ticks, its reaped children's ticks.
    Map<Long, long[]> postgres = new HashMap<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        String stat;
        try {
          stat = Files.readString(pid.resolve("stat"));
        } catch (IOException gone) {
          continue; // the process ended between the listing and the read
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
          continue;
        }
        // Fields after the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
        String[] f = stat.substring(close + 2).split(" ");
        postgres.put(Long.parseLong(pid.getFileName().toString()), new long[] {Long.parseLong(f[1]),
            Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])});
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    if (postgres.isEmpty()) {
      return OptionalLong.empty();
    }
    long ticks = 0;
    for (long[] p : postgres.values()) {
      ticks += p[1] + (postgres.containsKey(p[0]) ? 0 : p[2]);
    }
    return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
  }
}
