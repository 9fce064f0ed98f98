package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;

/**
 * Counts what a store reports through {@link StoreObserver}: contention it retried or gave up on,
 * and partitions it created. Hand it to the store's builder.
 *
 * <p>Meters (all with the common tags):
 * <ul>
 *   <li>{@value #CONTENTION} (counter): tags {@code operation} (the store method),
 *       {@code contention} ({@code serialization_failure}, {@code deadlock}, {@code lock_timeout},
 *       {@code statement_timeout}) and {@code outcome} ({@code retried} or {@code gave_up}). A
 *       rising {@code outcome=retried} count is hot accounts; any {@code gave_up} reached a
 *       caller as an exception.</li>
 *   <li>{@value #LOCK_TIMEOUTS} (counter): lock and statement timeouts alone, whatever the outcome,
 *       tag {@code operation}: the guide's "lock timeouts" alert.</li>
 *   <li>{@value #PARTITIONS_CREATED} (counter): tag {@code on_demand}; any {@code on_demand=true}
 *       means the partitions job is behind schedule.</li>
 * </ul>
 *
 * <pre>{@code
 * PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource)
 *     .observer(new MeteredStoreObserver(registry, Tags.empty()))
 *     .build();
 * }</pre>
 */
public final class MeteredStoreObserver implements StoreObserver {

  /** Counter of contention met by the store. */
  public static final String CONTENTION = "ledger.store.contention";
  /** Counter of lock and statement timeouts. */
  public static final String LOCK_TIMEOUTS = "ledger.store.lock.timeouts";
  /** Counter of partitions created. */
  public static final String PARTITIONS_CREATED = "ledger.store.partitions.created";

  private final Meter.MeterProvider<Counter> contention;
  private final Meter.MeterProvider<Counter> lockTimeouts;
  private final Meter.MeterProvider<Counter> partitions;

  /**
   * @param registry where the meters go
   * @param tags     tags added to every meter
   */
  public MeteredStoreObserver(MeterRegistry registry, Tags tags) {
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    this.contention = Counter.builder(CONTENTION).description("Contention met by the store, retried or not")
        .tags(tags).withRegistry(registry);
    this.lockTimeouts = Counter.builder(LOCK_TIMEOUTS).description("Lock and statement timeouts in the store")
        .tags(tags).withRegistry(registry);
    this.partitions = Counter.builder(PARTITIONS_CREATED).description("Storage partitions created")
        .tags(tags).withRegistry(registry);
  }

  @Override
  public void onContention(String operation, Contention kind, int attempt, boolean retrying) {
    String op = operation == null ? "unknown" : operation;
    String contentionTag = kind == null ? "unknown" : kind.name().toLowerCase(Locale.ROOT);
    contention.withTags("operation", op, "contention", contentionTag, "outcome", retrying ? "retried" : "gave_up")
        .increment();
    if (kind == Contention.LOCK_TIMEOUT || kind == Contention.STATEMENT_TIMEOUT) {
      lockTimeouts.withTags("operation", op).increment();
    }
  }

  @Override
  public void onPartitionCreated(String partition, boolean onDemand) {
    partitions.withTags("on_demand", Boolean.toString(onDemand)).increment();
  }
}
