package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A category of the chart of accounts: a node of a tree (assets &gt; cash &gt; ...) that groups
 * accounts for balances and reports. An account may belong to several categories; a category's
 * balance counts every account of its subtree once.
 *
 * <p>The normal side is the category's own: its balance is read on it, as an account's balance is
 * read on the account's normal side. The accounts of a category need not share it (a contra
 * account, an "assets less liabilities" group); their counters are summed and read on the
 * category's side, so a category's posted balance is always the sum of its accounts' debits less
 * their credits (or the reverse), whatever they are.
 *
 * @param id         the category's id
 * @param code       unique code in the chart, such as {@code "1"} or {@code "assets.cash"}
 * @param name       a human name
 * @param normalSide the side its balance is read on
 * @param parentId   its parent, or null for a top-level category
 * @param createdAt  when it was created
 */
public record Category(CategoryId id, String code, String name, Side normalSide, @Nullable CategoryId parentId,
    Instant createdAt) {

  /** Checks every field. */
  public Category {
    Checks.notNull(id, "category.id");
    Checks.code(code, "category.code");
    Checks.text(name, "category.name", Checks.MAX_TEXT);
    Checks.notNull(normalSide, "category.normalSide");
    Checks.notNull(createdAt, "category.createdAt");
    if (id.equals(parentId)) {
      throw new InvalidRequestException("category.parentId", parentId, "must not be the category itself");
    }
  }

  /**
   * @param parent the new parent, or null for the top level
   * @return this category under another parent
   */
  public Category withParent(@Nullable CategoryId parent) {
    return new Category(id, code, name, normalSide, parent, createdAt);
  }
}
