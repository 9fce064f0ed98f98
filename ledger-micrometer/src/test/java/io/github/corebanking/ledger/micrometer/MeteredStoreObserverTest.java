package io.github.corebanking.ledger.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.spi.StoreObserver.Contention;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeteredStoreObserverTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StoreObserver observer = LedgerMetrics.of(registry, Tags.empty()).storeObserver();

  @Test
  void retriesAndGiveUpsAreCountedApart() {
    observer.onContention("apply", Contention.SERIALIZATION_FAILURE, 1, true);
    observer.onContention("apply", Contention.SERIALIZATION_FAILURE, 2, true);
    observer.onContention("apply", Contention.SERIALIZATION_FAILURE, 3, false);
    observer.onContention("apply", Contention.DEADLOCK, 1, true);

    assertThat(registry.get(MeteredStoreObserver.CONTENTION).tag("contention", "serialization_failure")
        .tag("outcome", "retried").counter().count()).isEqualTo(2);
    assertThat(registry.get(MeteredStoreObserver.CONTENTION).tag("contention", "serialization_failure")
        .tag("outcome", "gave_up").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeteredStoreObserver.CONTENTION).tag("contention", "deadlock").counter().count())
        .isEqualTo(1);
    assertThat(registry.find(MeteredStoreObserver.LOCK_TIMEOUTS).counter()).isNull();
  }

  @Test
  void lockAndStatementTimeoutsAreCountedAsLockTimeouts() {
    observer.onContention("apply", Contention.LOCK_TIMEOUT, 1, false);
    observer.onContention("changeAccountStatus", Contention.STATEMENT_TIMEOUT, 1, false);

    assertThat(registry.get(MeteredStoreObserver.LOCK_TIMEOUTS).tag("operation", "apply").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredStoreObserver.LOCK_TIMEOUTS).tag("operation", "changeAccountStatus").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void partitionsCreatedOnDemandAreToldFromThoseCreatedAhead() {
    observer.onPartitionCreated("entries_2026_04", false);
    observer.onPartitionCreated("entries_2026_05", true);

    assertThat(registry.get(MeteredStoreObserver.PARTITIONS_CREATED).tag("on_demand", "true").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredStoreObserver.PARTITIONS_CREATED).tag("on_demand", "false").counter().count())
        .isEqualTo(1);
  }

  @Test
  void theNoOpObserverIgnoresEverything() {
    StoreObserver none = StoreObserver.none();
    none.onContention("apply", Contention.DEADLOCK, 1, true);
    none.onPartitionCreated("entries_2026_04", true);

    assertThat(none).isSameAs(StoreObserver.none());
  }
}
