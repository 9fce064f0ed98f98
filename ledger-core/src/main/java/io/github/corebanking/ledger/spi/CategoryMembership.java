package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.internal.Checks;

/**
 * An account placed directly in a category.
 *
 * @param categoryId the category
 * @param accountId  the account
 */
public record CategoryMembership(CategoryId categoryId, AccountId accountId) {

  /** Checks the fields. */
  public CategoryMembership {
    Checks.notNull(categoryId, "categoryId");
    Checks.notNull(accountId, "accountId");
  }
}
