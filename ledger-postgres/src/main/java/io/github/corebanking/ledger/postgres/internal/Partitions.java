package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.spi.StorePosting;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Makes sure an entries partition exists for every month the store books into, calling the
 * schema's {@code ensure_entries_partition(date)} once per month per store, in its own short
 * transaction (creating a partition locks the parent table, so never inside a posting). Not
 * supported for use outside the library.
 */
public final class Partitions {

  private final Jdbi primary;
  private final StoreObserver observer;
  private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

  /**
   * @param primary  a Jdbi over the primary, made by {@link PostgresJdbi#create}
   * @param observer told when a partition had to be created on demand
   */
  public Partitions(Jdbi primary, StoreObserver observer) {
    this.primary = primary;
    this.observer = observer;
  }

  /**
   * Ensures the partitions the postings' entries go to.
   *
   * @param postings postings about to be applied
   */
  public void ensureFor(List<StorePosting> postings) {
    for (StorePosting p : postings) {
      if (!(p instanceof StorePosting.VoidHold)) {
        ensure(p.postedAt());
      }
    }
  }

  /**
   * Ensures the partition holding an instant.
   *
   * @param postedAt a booking instant
   */
  public void ensure(Instant postedAt) {
    YearMonth month;
    try {
      month = YearMonth.from(postedAt.atOffset(ZoneOffset.UTC));
    } catch (RuntimeException e) {
      throw new InvalidRequestException("postedAt", postedAt, "is outside the range PostgreSQL can store");
    }
    if (known.contains(month)) {
      return;
    }
    boolean created;
    try {
      // A statement of its own, in autocommit like every Jdbi handle of the library.
      created = primary.withHandle(
          h -> h.attach(StoreSql.class).ensurePartition(LocalDate.of(month.getYear(), month.getMonth(), 1)));
    } catch (JdbiException e) {
      if (SqlStates.state(e).startsWith("22")) {
        throw new InvalidRequestException("postedAt", postedAt, "is outside the range PostgreSQL can store", e);
      }
      throw SqlStates.translate(e, "creating the entries partition for " + month);
    }
    if (created) {
      Observers.partitionCreated(observer, String.format("entries_%04d_%02d", month.getYear(), month.getMonthValue()));
    }
    known.add(month);
  }

  /** Forgets what it knows, after an insert found a partition missing (dropped by an operator). */
  public void forget() {
    known.clear();
  }
}
