package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The buckets of an aging report: contiguous ranges of days past due, from 0 to no limit.
 *
 * <p>The default is {@code CURRENT} (0 days), {@code 1-30}, {@code 31-60}, {@code 61-90} and
 * {@code 90+} (91 days and more). Others are made from upper bounds or listed in full:
 *
 * <pre>{@code
 * AgingBuckets.defaults();
 * AgingBuckets.upperBounds(0, 30, 60, 90, 180);   // CURRENT, 1-30, 31-60, 61-90, 91-180, 180+
 * AgingBuckets.of(List.of(new AgingBucket("performing", 0, 30),
 *     new AgingBucket("watch", 31, 89), new AgingBucket("non-performing", 90, Integer.MAX_VALUE)));
 * }</pre>
 */
public final class AgingBuckets {

  private static final AgingBuckets DEFAULTS = upperBounds(0, 30, 60, 90);

  private final List<AgingBucket> buckets;

  private AgingBuckets(List<AgingBucket> buckets) {
    this.buckets = List.copyOf(buckets);
  }

  /** @return CURRENT, 1-30, 31-60, 61-90, 90+ */
  public static AgingBuckets defaults() {
    return DEFAULTS;
  }

  /**
   * Buckets ending at the given days, plus one open-ended bucket after the last. A bucket
   * {@code [0, 0]} is labelled {@code CURRENT}; {@code [a, b]} is {@code a-b}; the last is
   * {@code n+} for everything above the last bound {@code n}.
   *
   * @param bounds ascending upper bounds, the first 0 or more
   * @return the buckets
   * @throws InvalidRequestException when the bounds are empty, negative or not ascending
   */
  public static AgingBuckets upperBounds(int... bounds) {
    if (bounds == null || bounds.length == 0) {
      throw new InvalidRequestException("bounds", null, "must hold at least one upper bound");
    }
    List<AgingBucket> list = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < bounds.length; i++) {
      int to = bounds[i];
      if (to < from || to == Integer.MAX_VALUE) {
        throw new InvalidRequestException("bounds[" + i + "]", to,
            "must be at least " + from + " and below " + Integer.MAX_VALUE + ": bounds ascend from 0");
      }
      String label = from == 0 && to == 0 ? "CURRENT" : from + "-" + to;
      list.add(new AgingBucket(label, from, to));
      from = to + 1;
    }
    list.add(new AgingBucket(bounds[bounds.length - 1] + "+", from, Integer.MAX_VALUE));
    return of(list);
  }

  /**
   * Buckets listed in full.
   *
   * @param buckets contiguous from 0 days, the last open-ended, labels unique
   * @return the buckets
   * @throws InvalidRequestException when they leave a gap, overlap, or do not cover every day
   */
  public static AgingBuckets of(List<AgingBucket> buckets) {
    Checks.notNull(buckets, "buckets");
    if (buckets.isEmpty()) {
      throw new InvalidRequestException("buckets", "0 buckets", "must hold at least one bucket");
    }
    int next = 0;
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < buckets.size(); i++) {
      AgingBucket b = Checks.notNull(buckets.get(i), "buckets[" + i + "]");
      if (b.minDays() != next) {
        throw new InvalidRequestException("buckets[" + i + "].minDays", b.minDays(),
            "must be " + next + ": buckets are contiguous from 0 days");
      }
      if (!labels.add(b.label())) {
        throw new InvalidRequestException("buckets[" + i + "].label", b.label(), "is used twice");
      }
      if (b.isOpenEnded() && i < buckets.size() - 1) {
        throw new InvalidRequestException("buckets[" + i + "].maxDays", b.maxDays(), "must be finite except on the last bucket");
      }
      next = b.isOpenEnded() ? Integer.MAX_VALUE : b.maxDays() + 1;
    }
    AgingBucket last = buckets.get(buckets.size() - 1);
    if (!last.isOpenEnded()) {
      throw new InvalidRequestException("buckets[" + (buckets.size() - 1) + "].maxDays", last.maxDays(),
          "must be Integer.MAX_VALUE: the last bucket takes every loan past due longer");
    }
    return new AgingBuckets(buckets);
  }

  /** @return the buckets in order */
  public List<AgingBucket> buckets() {
    return buckets;
  }

  /**
   * @param daysPastDue days past due, 0 or more
   * @return the bucket holding it
   * @throws InvalidRequestException when the days are negative
   */
  public AgingBucket bucketFor(int daysPastDue) {
    for (AgingBucket b : buckets) {
      if (b.contains(daysPastDue)) {
        return b;
      }
    }
    throw new InvalidRequestException("daysPastDue", daysPastDue, "must not be negative");
  }

  /**
   * @param label a bucket's label
   * @return that bucket, if there is one
   */
  public Optional<AgingBucket> bucket(String label) {
    return buckets.stream().filter(b -> b.label().equals(label)).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgingBuckets other && buckets.equals(other.buckets);
  }

  @Override
  public int hashCode() {
    return buckets.hashCode();
  }

  @Override
  public String toString() {
    return buckets.toString();
  }
}
