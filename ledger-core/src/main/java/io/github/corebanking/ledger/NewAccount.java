package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request to open an account.
 *
 * <pre>{@code
 * Account deposits = ledger.openAccount(NewAccount.builder()
 *     .code("2100").name("Customer deposits")
 *     .type(AccountType.LIABILITY).currency(CurrencyUnit.USD)
 *     .debitsMustNotExceedCredits(true)
 *     .build());
 * }</pre>
 *
 * @param id                         the id to use, or null to generate one
 * @param code                       unique chart-of-accounts code
 * @param name                       a human name
 * @param type                       the account class
 * @param currency                   the currency
 * @param debitsMustNotExceedCredits no-overdraft constraint for credit-normal accounts
 * @param creditsMustNotExceedDebits no-negative constraint for debit-normal accounts
 * @param metadata                   caller's key/value pairs
 */
public record NewAccount(
    @Nullable AccountId id,
    String code,
    String name,
    AccountType type,
    CurrencyUnit currency,
    boolean debitsMustNotExceedCredits,
    boolean creditsMustNotExceedDebits,
    Map<String, String> metadata) {

  /** Checks every field. */
  public NewAccount {
    Checks.code(code, "account.code");
    Checks.text(name, "account.name", Checks.MAX_TEXT);
    Checks.notNull(type, "account.type");
    Checks.notNull(currency, "account.currency");
    metadata = Checks.metadata(metadata, "account.metadata");
    if (debitsMustNotExceedCredits && creditsMustNotExceedDebits) {
      throw new InvalidRequestException("account.creditsMustNotExceedDebits", true,
          "cannot be combined with debitsMustNotExceedCredits");
    }
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link NewAccount}; {@link #build()} checks every field. */
  public static final class Builder {
    private @Nullable AccountId id;
    private @Nullable String code;
    private @Nullable String name;
    private @Nullable AccountType type;
    private @Nullable CurrencyUnit currency;
    private boolean debitsMustNotExceedCredits;
    private boolean creditsMustNotExceedDebits;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param id a caller-chosen id (otherwise generated)
     * @return this builder
     */
    public Builder id(AccountId id) {
      this.id = id;
      return this;
    }

    /**
     * @param code unique chart-of-accounts code
     * @return this builder
     */
    public Builder code(String code) {
      this.code = code;
      return this;
    }

    /**
     * @param name a human name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * @param type the account class
     * @return this builder
     */
    public Builder type(AccountType type) {
      this.type = type;
      return this;
    }

    /**
     * @param currency the currency
     * @return this builder
     */
    public Builder currency(CurrencyUnit currency) {
      this.currency = currency;
      return this;
    }

    /**
     * @param value whether posted + pending debits may not exceed posted credits
     * @return this builder
     */
    public Builder debitsMustNotExceedCredits(boolean value) {
      this.debitsMustNotExceedCredits = value;
      return this;
    }

    /**
     * @param value whether posted + pending credits may not exceed posted debits
     * @return this builder
     */
    public Builder creditsMustNotExceedDebits(boolean value) {
      this.creditsMustNotExceedDebits = value;
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
    public NewAccount build() {
      return new NewAccount(id, code, name, type, currency, debitsMustNotExceedCredits,
          creditsMustNotExceedDebits, metadata);
    }
  }
}
