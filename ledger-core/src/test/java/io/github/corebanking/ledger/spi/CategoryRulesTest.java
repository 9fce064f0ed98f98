package io.github.corebanking.ledger.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Side;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CategoryRulesTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static Category category(int n, String code, @Nullable Category parent) {
    return new Category(new CategoryId(new UUID(0, n)), code, "Category " + code, Side.DEBIT,
        parent == null ? null : parent.id(), T);
  }

  private static Account account(int n, CurrencyUnit currency) {
    return new Account(new AccountId(new UUID(1, n)), "A" + n, "Account " + n, AccountType.ASSET, currency,
        AccountStatus.OPEN, false, false, Map.of(), T);
  }

  @Test
  void chartOrderIsDepthFirstWithSiblingsByCode() {
    Category b = category(1, "b", null);
    Category a = category(2, "a", null);
    Category b2 = category(3, "b.2", b);
    Category b1 = category(4, "b.1", b);
    Category b11 = category(5, "b.1.1", b1);
    assertThat(CategoryRules.chartOrder(List.of(b11, b2, b, a, b1)))
        .extracting(e -> e.getKey().code() + "@" + e.getValue())
        .containsExactly("a@0", "b@0", "b.1@1", "b.1.1@2", "b.2@1");
  }

  @Test
  void aMoveUnderADeepDescendantIsRefusedAndAMoveBesideItIsNot() {
    Category top = category(1, "1", null);
    Category mid = category(2, "1.1", top);
    Category low = category(3, "1.1.1", mid);
    Category other = category(4, "2", null);
    List<Category> tree = List.of(top, mid, low, other);
    assertThatThrownBy(() -> CategoryRules.checkMove(tree, top.id(), low.id()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parentId"))
        .hasMessageContaining("cycle");
    assertThat(CategoryRules.checkMove(tree, low.id(), other.id()).parentId()).isEqualTo(other.id());
    assertThat(CategoryRules.checkMove(tree, mid.id(), null).parentId()).isNull();
  }

  @Test
  void aRollupSumsPerCurrencyInCurrencyOrderAndRefusesAnOverflow() {
    Category c = category(1, "c", null);
    Account usd1 = account(1, CurrencyUnit.USD);
    Account usd2 = account(2, CurrencyUnit.USD);
    Account eur = account(3, CurrencyUnit.EUR);
    Map<AccountId, Balance> balances = Map.of(
        usd1.id(), new Balance(usd1.id(), CurrencyUnit.USD, Side.DEBIT, 100, 30, 5, 7, 3),
        usd2.id(), new Balance(usd2.id(), CurrencyUnit.USD, Side.DEBIT, 1, 2, 3, 4, 1));
    CategoryBalance sum = CategoryRules.balance(c, null, List.of(usd1, eur, usd2), balances);
    assertThat(sum.lines()).extracting(l -> l.currency().code()).containsExactly("EUR", "USD");
    assertThat(sum.currency(CurrencyUnit.EUR).orElseThrow().accounts()).isEqualTo(1);
    CategoryBalance.Line usd = sum.currency(CurrencyUnit.USD).orElseThrow();
    assertThat(new long[] {usd.accounts(), usd.postedDebits(), usd.postedCredits(), usd.pendingDebits(),
        usd.pendingCredits()}).containsExactly(2, 101, 32, 8, 11);
    assertThat(usd.available().minorUnits()).isEqualTo(101 - 32 - 11);

    Map<AccountId, Balance> huge = Map.of(
        usd1.id(), new Balance(usd1.id(), CurrencyUnit.USD, Side.DEBIT, Long.MAX_VALUE, 0, 0, 0, 1),
        usd2.id(), new Balance(usd2.id(), CurrencyUnit.USD, Side.DEBIT, 1, 0, 0, 0, 1));
    assertThatThrownBy(() -> CategoryRules.balance(c, null, List.of(usd1, usd2), huge))
        .isInstanceOf(InvalidAmountException.class).hasMessageContaining("c");
  }
}
