package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Locale;

/**
 * Counts what a ledger committed and what it rejected, whoever called it (an application, a job
 * voiding expired holds). Register it on the ledger's builder.
 *
 * <p>Meters (all with the common tags):
 * <ul>
 *   <li>{@value #TRANSACTIONS} (counter): committed changes of transactions; tag {@code status}
 *       ({@code posted}, {@code pending}, {@code voided}) and tag {@code reversal}
 *       ({@code true} for a reversing transaction). Replays are not counted.</li>
 *   <li>{@value #ENTRIES} (counter): entries written (holds, postings, commits' posted entries).</li>
 *   <li>{@value #REJECTIONS} (counter): rejected requests; tags {@code operation} (such as
 *       {@code post}), {@code exception} (such as {@code BalanceConstraintException}),
 *       {@code field} (the offending field with list indexes dropped, such as
 *       {@code entries[].amount}) and {@code category} ({@code request} for a refused request,
 *       {@code contention} for a retryable concurrency failure or lock timeout, {@code failed}
 *       for a store that could not be reached).</li>
 *   <li>{@value #ACCOUNT_CHANGES} (counter): accounts opened or changed; tag {@code status}.</li>
 * </ul>
 *
 * <pre>{@code
 * Ledger ledger = Ledger.builder().store(store).listener(new MeteredLedgerListener(registry, Tags.empty())).build();
 * }</pre>
 */
public final class MeteredLedgerListener implements LedgerListener {

  /** Counter of committed transaction changes. */
  public static final String TRANSACTIONS = "ledger.transactions";
  /** Counter of entries written. */
  public static final String ENTRIES = "ledger.entries";
  /** Counter of rejected requests. */
  public static final String REJECTIONS = "ledger.rejections";
  /** Counter of account openings and status changes. */
  public static final String ACCOUNT_CHANGES = "ledger.accounts.changes";

  private final Meter.MeterProvider<Counter> transactions;
  private final Counter entries;
  private final Meter.MeterProvider<Counter> rejections;
  private final Meter.MeterProvider<Counter> accountChanges;

  /**
   * @param registry where the meters go
   * @param tags     tags added to every meter
   */
  public MeteredLedgerListener(MeterRegistry registry, Tags tags) {
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    this.transactions = Counter.builder(TRANSACTIONS).description("Committed transaction changes by status")
        .tags(tags).withRegistry(registry);
    this.entries = Counter.builder(ENTRIES).description("Entries written").tags(tags)
        .register(registry);
    this.rejections = Counter.builder(REJECTIONS).description("Rejected requests by operation and exception")
        .tags(tags).withRegistry(registry);
    this.accountChanges = Counter.builder(ACCOUNT_CHANGES).description("Accounts opened or changed, by status")
        .tags(tags).withRegistry(registry);
  }

  @Override
  public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
    transactions.withTags("status", transaction.status().name().toLowerCase(Locale.ROOT),
        "reversal", Boolean.toString(transaction.reverses() != null)).increment();
    // A commit's transaction carries its earlier hold entries too; count only what this change wrote.
    long written = switch (transaction.status()) {
      case PENDING -> transaction.entries().size();
      case POSTED -> transaction.postedEntries().size();
      case VOIDED -> 0;
    };
    if (written > 0) {
      entries.increment(written);
    }
  }

  @Override
  public void onAccount(Account account) {
    accountChanges.withTags("status", account.status().name().toLowerCase(Locale.ROOT)).increment();
  }

  @Override
  public void onRejected(String operation, RuntimeException error) {
    String outcome = Outcomes.outcome(error);
    rejections.withTags("operation", operation, "exception", Outcomes.exception(error),
        "field", Outcomes.field(error), "category", outcome.equals("rejected") ? "request" : outcome).increment();
  }
}
