package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request to define a {@link BalanceMonitor}, checked by {@link Ledger#defineMonitor} against its
 * target: an account must exist, not be closed, and hold the threshold's currency; a category must
 * exist (the threshold's currency picks which of its currencies is compared).
 *
 * <pre>{@code
 * ledger.defineMonitor(NewMonitor.builder()
 *     .name("cash-1000-large").account(cash.id())
 *     .when(MonitorMeasure.POSTED, MonitorComparison.AT_LEAST, Money.of("10000.00", CurrencyUnit.USD))
 *     .metadata("notify", "treasury")
 *     .build());
 * }</pre>
 *
 * @param id         the id to use, or null to generate one
 * @param name       unique among the ledger's monitors
 * @param target     what it watches
 * @param measure    which figure of the balance it compares
 * @param comparison how it compares
 * @param threshold  what it compares with
 * @param metadata   caller's key/value pairs
 */
public record NewMonitor(@Nullable MonitorId id, String name, MonitorTarget target, MonitorMeasure measure,
    MonitorComparison comparison, Money threshold, Map<String, String> metadata) {

  /** Checks every field that needs no account. */
  public NewMonitor {
    Checks.code(name, "monitor.name");
    Checks.notNull(target, "monitor.target");
    Checks.notNull(measure, "monitor.measure");
    Checks.notNull(comparison, "monitor.comparison");
    Checks.notNull(threshold, "monitor.threshold");
    metadata = Checks.metadata(metadata, "monitor.metadata");
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link NewMonitor}; {@link #build()} checks every field. */
  public static final class Builder {
    private @Nullable MonitorId id;
    private @Nullable String name;
    private @Nullable MonitorTarget target;
    private @Nullable MonitorMeasure measure;
    private @Nullable MonitorComparison comparison;
    private @Nullable Money threshold;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param id a caller-chosen id (otherwise generated)
     * @return this builder
     */
    public Builder id(MonitorId id) {
      this.id = id;
      return this;
    }

    /**
     * @param name unique among the ledger's monitors
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * @param accountId the account to watch
     * @return this builder
     */
    public Builder account(AccountId accountId) {
      this.target = MonitorTarget.account(accountId);
      return this;
    }

    /**
     * @param categoryId the category to watch (the accounts of its subtree)
     * @return this builder
     */
    public Builder category(CategoryId categoryId) {
      this.target = MonitorTarget.category(categoryId);
      return this;
    }

    /**
     * @param target what to watch
     * @return this builder
     */
    public Builder target(MonitorTarget target) {
      this.target = target;
      return this;
    }

    /**
     * The condition.
     *
     * @param measure    which figure of the balance
     * @param comparison how to compare it
     * @param threshold  with what, in the account's currency (for a category, the currency compared)
     * @return this builder
     */
    public Builder when(MonitorMeasure measure, MonitorComparison comparison, Money threshold) {
      this.measure = measure;
      this.comparison = comparison;
      this.threshold = threshold;
      return this;
    }

    /**
     * @param key   metadata key
     * @param value metadata value
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      this.metadata.put(key, value);
      return this;
    }

    /**
     * @param values metadata pairs to add
     * @return this builder
     */
    public Builder metadata(Map<String, String> values) {
      this.metadata.putAll(values);
      return this;
    }

    /** @return the checked request */
    public NewMonitor build() {
      return new NewMonitor(id, name, target, measure, comparison, threshold, metadata);
    }
  }
}
