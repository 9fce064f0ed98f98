package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * The definition of a category to create.
 *
 * <pre>{@code
 * Category assets = ledger.createCategory(NewCategory.of("1", "Assets", Side.DEBIT));
 * Category cash = ledger.createCategory(NewCategory.of("1.1", "Cash and equivalents", Side.DEBIT).under(assets.id()));
 * }</pre>
 *
 * @param id         the id to use, or null to let the ledger generate one
 * @param code       unique code in the chart
 * @param name       a human name
 * @param normalSide the side its balance is read on
 * @param parentId   its parent, or null for a top-level category
 */
public record NewCategory(@Nullable CategoryId id, String code, String name, Side normalSide,
    @Nullable CategoryId parentId) {

  /** Checks every field. */
  public NewCategory {
    Checks.code(code, "category.code");
    Checks.text(name, "category.name", Checks.MAX_TEXT);
    Checks.notNull(normalSide, "category.normalSide");
    if (id != null && id.equals(parentId)) {
      throw new InvalidRequestException("category.parentId", parentId, "must not be the category itself");
    }
  }

  /**
   * A top-level category with a generated id.
   *
   * @param code       unique code in the chart
   * @param name       a human name
   * @param normalSide the side its balance is read on
   * @return the definition
   */
  public static NewCategory of(String code, String name, Side normalSide) {
    return new NewCategory(null, code, name, normalSide, null);
  }

  /**
   * @param parent the parent category
   * @return this definition under {@code parent}
   */
  public NewCategory under(CategoryId parent) {
    return new NewCategory(id, code, name, normalSide, Checks.notNull(parent, "category.parentId"));
  }

  /**
   * @param categoryId the id to use
   * @return this definition with a given id
   */
  public NewCategory withId(CategoryId categoryId) {
    return new NewCategory(Checks.notNull(categoryId, "category.id"), code, name, normalSide, parentId);
  }
}
