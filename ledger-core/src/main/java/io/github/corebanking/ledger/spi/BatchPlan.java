package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * What a batch of postings does, as {@link PostingPlanner#plan} decided it: one {@link Outcome}
 * per posting, and the rows a store writes for the accepted ones. Writing it is all a store has
 * left to do: insert {@link #created()} with their entries, update {@link #settled()} and
 * {@link #reversed()}, append {@link #entries()}, and set the counters of {@link #balances()}.
 *
 * @param outcomes  one per posting, in the batch's order
 * @param created   new transactions (with their entries and request hashes), in order
 * @param settled   holds committed or voided, as they are after the batch, in order
 * @param reversed  transactions reversed in the batch, as they are after it (linked to their reversal)
 * @param entries   every entry the batch appends, in order (of new and of committed transactions)
 * @param balances  the final balance of every account the batch moves, in ascending id order
 * @param firstWriting the first accepted posting that writes, or null when nothing is written
 */
public record BatchPlan(List<Outcome> outcomes, List<StoredTransaction> created, List<Settlement> settled,
    List<Transaction> reversed, List<Entry> entries, SortedMap<AccountId, Balance> balances,
    @Nullable StorePosting firstWriting) {

  /** Freezes the collections. */
  public BatchPlan {
    outcomes = List.copyOf(outcomes);
    created = List.copyOf(created);
    settled = List.copyOf(settled);
    reversed = List.copyOf(reversed);
    entries = List.copyOf(entries);
    balances = Collections.unmodifiableSortedMap(balances);
  }

  /**
   * A hold's new state.
   *
   * @param transaction the transaction after the settlement (status POSTED or VOIDED, entries appended)
   * @param settledAt   the settling posting's booking instant
   */
  public record Settlement(Transaction transaction, Instant settledAt) {}

  /**
   * What became of one posting.
   *
   * @param applied the result when it was accepted or replayed
   * @param error   the rejection otherwise
   */
  public record Outcome(@Nullable AppliedPosting applied, @Nullable LedgerException error) {

    /**
     * @return the result
     * @throws LedgerException the rejection
     */
    public AppliedPosting get() {
      if (error != null) {
        throw error;
      }
      return java.util.Objects.requireNonNull(applied);
    }

    /** @return whether the posting was rejected */
    public boolean rejected() {
      return error != null;
    }
  }

  /** @return whether the batch writes anything */
  public boolean writes() {
    return firstWriting != null;
  }

  /** @return the first rejection of the batch, if any */
  public Optional<LedgerException> firstRejection() {
    for (Outcome o : outcomes) {
      if (o.error() != null) {
        return Optional.of(o.error());
      }
    }
    return Optional.empty();
  }

  /**
   * The changes the batch adds to the change feed, in the order every store gives them positions:
   * each new transaction {@code BOOKED} (a hold as PENDING, even when the batch also settles it), in
   * order; then each reversed original {@code REVERSED}, at its reversal's booking instant; then each
   * settled hold {@code COMMITTED} or {@code VOIDED}, at its settling instant, ordered by that instant
   * and then by transaction id (in the byte order of the uuid, as its lowercase text sorts).
   *
   * @return the changes
   */
  public List<FeedChange> changes() {
    List<FeedChange> result = new java.util.ArrayList<>(created.size() + reversed.size() + settled.size());
    // Only a batch that reverses needs its creations' instants by id.
    java.util.Map<io.github.corebanking.ledger.TransactionId, Instant> bookedAt =
        reversed.isEmpty() ? java.util.Map.of() : new java.util.HashMap<>();
    for (StoredTransaction c : created) {
      Transaction tx = c.transaction();
      if (!reversed.isEmpty()) {
        bookedAt.put(tx.id(), tx.postedAt());
      }
      result.add(new FeedChange(ChangeType.BOOKED, tx.id(), tx.status(), tx.postedAt()));
    }
    for (Transaction original : reversed) {
      Instant at = bookedAt.get(java.util.Objects.requireNonNull(original.reversedBy(), "reversedBy"));
      result.add(new FeedChange(ChangeType.REVERSED, original.id(), original.status(),
          java.util.Objects.requireNonNull(at, "the reversal is created in the same batch")));
    }
    if (settled.isEmpty()) {
      return result;
    }
    List<Settlement> bySettling = new java.util.ArrayList<>(settled);
    bySettling.sort(java.util.Comparator.comparing(Settlement::settledAt)
        .thenComparing(st -> st.transaction().id().value().toString()));
    for (Settlement s : bySettling) {
      Transaction tx = s.transaction();
      result.add(new FeedChange(tx.status() == TransactionStatus.POSTED ? ChangeType.COMMITTED : ChangeType.VOIDED,
          tx.id(), tx.status(), s.settledAt()));
    }
    return result;
  }

  /** @return every posting's result, in order; throws the first rejection */
  public List<AppliedPosting> results() {
    firstRejection().ifPresent(e -> {
      throw e;
    });
    return outcomes.stream().map(Outcome::get).toList();
  }
}
