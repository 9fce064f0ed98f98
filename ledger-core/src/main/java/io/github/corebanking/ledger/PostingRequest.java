package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request to book a transaction, posted at once or held as pending.
 *
 * <p>The constructor checks everything that needs no ledger state: at least two lines, every
 * amount positive, debits equal credits per currency, no account on both sides, the key, the text
 * and the metadata against the input policy of {@link Limits}, the value date and the expiry
 * within the supported range. The store
 * checks the rest atomically (accounts exist, are open, hold the line's currency, constraints).
 *
 * <pre>{@code
 * Transaction t = ledger.post(PostingRequest.builder()
 *     .idempotencyKey("loan-42/disbursement")
 *     .description("Disburse loan 42")
 *     .debit(loansReceivable, Money.of("1000.00", USD))
 *     .credit(customerDeposits, Money.of("1000.00", USD))
 *     .build());
 * }</pre>
 *
 * @param idempotencyKey unique per ledger; a repeat returns the original transaction
 * @param description    what happened (may be empty, at most 500 characters)
 * @param effectiveDate  value date, or null for the ledger clock's current date
 * @param entries        the lines, at least two
 * @param pending        true to hold the amounts (two-phase) instead of posting them
 * @param expiresAt      for a hold, when the expiry job may void it; null for none
 * @param metadata       caller's key/value pairs
 */
public record PostingRequest(
    String idempotencyKey,
    String description,
    @Nullable LocalDate effectiveDate,
    List<EntryRequest> entries,
    boolean pending,
    @Nullable Instant expiresAt,
    Map<String, String> metadata) {

  /** Checks the request's shape and balance. */
  public PostingRequest {
    Checks.key(idempotencyKey, "idempotencyKey");
    Checks.freeText(description, "description", Checks.MAX_TEXT);
    if (effectiveDate != null) {
      Checks.date(effectiveDate, "effectiveDate");
    }
    Checks.notNull(entries, "entries");
    entries = List.copyOf(nonNullEntries(entries));
    if (entries.size() < 2) {
      throw new UnbalancedTransactionException("entries", entries.size() + " entries",
          "must have at least two entries");
    }
    checkBalanced(entries);
    checkOneSidePerAccount(entries);
    if (expiresAt != null && !pending) {
      throw new InvalidRequestException("expiresAt", expiresAt, "is only allowed on a pending request");
    }
    if (expiresAt != null) {
      Checks.instant(expiresAt, "expiresAt");
    }
    metadata = Checks.metadata(metadata, "metadata");
  }

  private static List<EntryRequest> nonNullEntries(List<EntryRequest> entries) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) == null) {
        throw new InvalidRequestException("entries[" + i + "]", null, "must not be null");
      }
    }
    return entries;
  }

  /** An account is debited or credited by one request, never both: such lines would only cancel out. */
  private static void checkOneSidePerAccount(List<EntryRequest> entries) {
    // A few lines are compared pairwise; a map pays only for many.
    Map<AccountId, Side> sides = entries.size() > SMALL ? new java.util.HashMap<>() : null;
    for (int i = 0; i < entries.size(); i++) {
      EntryRequest e = entries.get(i);
      Side earlier = sides != null ? sides.putIfAbsent(e.accountId(), e.side()) : firstSide(entries, i);
      if (earlier != null && earlier != e.side()) {
        throw new InvalidRequestException("entries[" + i + "].accountId", e.accountId(),
            "is also " + (earlier == Side.DEBIT ? "debited" : "credited")
                + " by this request; an account is debited or credited by one transaction, not both");
      }
    }
  }

  /** Up to this many lines, the checks compare lines directly instead of building maps. */
  private static final int SMALL = 8;

  /** @return the side of the first line before {@code i} on line i's account, or null */
  private static @Nullable Side firstSide(List<EntryRequest> entries, int i) {
    AccountId account = entries.get(i).accountId();
    for (int j = 0; j < i; j++) {
      if (entries.get(j).accountId().equals(account)) {
        return entries.get(j).side();
      }
    }
    return null;
  }

  private static void checkBalanced(List<EntryRequest> entries) {
    if (oneCurrency(entries)) {
      long[] s = new long[2];
      for (int i = 0; i < entries.size(); i++) {
        add(s, entries.get(i), i);
      }
      checkEqual(entries.get(0).amount().currency(), s);
      return;
    }
    Map<CurrencyUnit, long[]> sums = new TreeMap<>((a, b) -> a.code().compareTo(b.code()) != 0
        ? a.code().compareTo(b.code()) : Integer.compare(a.scale(), b.scale()));
    for (int i = 0; i < entries.size(); i++) {
      EntryRequest e = entries.get(i);
      add(sums.computeIfAbsent(e.amount().currency(), c -> new long[2]), e, i);
    }
    for (Map.Entry<CurrencyUnit, long[]> s : sums.entrySet()) {
      checkEqual(s.getKey(), s.getValue());
    }
  }

  /** @return whether every line is in the first line's currency (the usual request) */
  private static boolean oneCurrency(List<EntryRequest> entries) {
    CurrencyUnit first = entries.get(0).amount().currency();
    for (int i = 1; i < entries.size(); i++) {
      if (!entries.get(i).amount().currency().equals(first)) {
        return false;
      }
    }
    return true;
  }

  /** Adds line i to its currency's {debits, credits}. */
  private static void add(long[] s, EntryRequest e, int i) {
    int slot = e.side() == Side.DEBIT ? 0 : 1;
    try {
      s[slot] = Math.addExact(s[slot], e.amount().minorUnits());
    } catch (ArithmeticException overflow) {
      throw new InvalidAmountException("entries[" + i + "].amount", e.amount(),
          "makes the " + e.side().name().toLowerCase(java.util.Locale.ROOT) + " total overflow");
    }
  }

  /** Refuses a currency whose {debits, credits} differ. */
  private static void checkEqual(CurrencyUnit c, long[] s) {
    long debits = s[0];
    long credits = s[1];
    if (debits != credits) {
      throw new UnbalancedTransactionException("entries", c.code(),
          "debits " + Money.ofMinor(debits, c).toPlainString() + " do not equal credits "
              + Money.ofMinor(credits, c).toPlainString());
    }
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PostingRequest}; {@link #build()} runs every check. */
  public static final class Builder {
    private @Nullable String idempotencyKey;
    private String description = "";
    private @Nullable LocalDate effectiveDate;
    private final List<EntryRequest> entries = new ArrayList<>();
    private boolean pending;
    private @Nullable Instant expiresAt;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param key unique per ledger, at most 128 characters
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = key;
      return this;
    }

    /**
     * @param description what happened
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * @param date the value date
     * @return this builder
     */
    public Builder effectiveDate(LocalDate date) {
      this.effectiveDate = date;
      return this;
    }

    /**
     * Adds a debit line.
     *
     * @param account the account
     * @param amount  positive amount
     * @return this builder
     */
    public Builder debit(AccountId account, Money amount) {
      entries.add(EntryRequest.debit(account, amount));
      return this;
    }

    /**
     * Adds a credit line.
     *
     * @param account the account
     * @param amount  positive amount
     * @return this builder
     */
    public Builder credit(AccountId account, Money amount) {
      entries.add(EntryRequest.credit(account, amount));
      return this;
    }

    /**
     * Adds a line.
     *
     * @param entry the line
     * @return this builder
     */
    public Builder entry(EntryRequest entry) {
      entries.add(Checks.notNull(entry, "entries[" + entries.size() + "]"));
      return this;
    }

    /**
     * Holds the amounts instead of posting them.
     *
     * @return this builder
     */
    public Builder pending() {
      this.pending = true;
      return this;
    }

    /**
     * Holds the amounts until they are committed, voided or expire.
     *
     * @param expiresAt when the expiry job may void the hold
     * @return this builder
     */
    public Builder pending(Instant expiresAt) {
      this.pending = true;
      this.expiresAt = Checks.notNull(expiresAt, "expiresAt");
      return this;
    }

    /**
     * @param key   metadata key
     * @param value metadata value
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /**
     * @param values metadata pairs to add
     * @return this builder
     */
    public Builder metadata(Map<String, String> values) {
      metadata.putAll(values);
      return this;
    }

    /** @return the checked request */
    public PostingRequest build() {
      return new PostingRequest(idempotencyKey, description, effectiveDate, entries, pending, expiresAt,
          metadata);
    }
  }
}
