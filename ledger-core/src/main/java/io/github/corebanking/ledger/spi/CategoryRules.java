package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryNotFoundException;
import io.github.corebanking.ledger.CategoryStateException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateCategoryException;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the category tree, for stores: each store keeps its categories and memberships and
 * applies these under the lock its category writes hold, so that two writes never see the tree
 * half changed (two moves cannot make a cycle between them).
 *
 * <p>The rules: codes and ids are unique; a parent exists; a category is never its own ancestor
 * (a move under itself or one of its sub-categories is refused); a category is deleted only when
 * it has neither sub-categories nor accounts, so nothing is regrouped by surprise. A category's
 * subtree is the category and every category below it; its accounts are the accounts placed in
 * any category of the subtree, each once.
 */
public final class CategoryRules {

  private CategoryRules() {}

  /**
   * @param categories every category
   * @param id         the category asked for
   * @param field      the field a refusal names
   * @return the category
   * @throws CategoryNotFoundException naming {@code field} when it does not exist
   */
  public static Category existing(Collection<Category> categories, CategoryId id, String field) {
    for (Category c : categories) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new CategoryNotFoundException(field, id, "does not exist");
  }

  /**
   * Checks a new category against the tree.
   *
   * @param categories every category so far
   * @param category   the new one
   * @throws DuplicateCategoryException naming {@code category.id} or {@code category.code} when taken
   * @throws CategoryNotFoundException  naming {@code category.parentId} when the parent does not exist
   */
  public static void checkCreate(Collection<Category> categories, Category category) {
    for (Category c : categories) {
      if (c.id().equals(category.id())) {
        throw new DuplicateCategoryException("category.id", category.id(), "is already taken");
      }
      if (c.code().equals(category.code())) {
        throw new DuplicateCategoryException("category.code", category.code(),
            "is already used by category " + c.id());
      }
    }
    if (category.parentId() != null) {
      existing(categories, category.parentId(), "category.parentId");
    }
  }

  /**
   * Checks moving a category under another parent, or to the top level.
   *
   * @param categories every category
   * @param id         the category to move
   * @param parent     its new parent, or null for the top level
   * @return the category as moved (unchanged when it is already there)
   * @throws CategoryNotFoundException naming {@code categoryId} or {@code parentId} when one does not exist
   * @throws InvalidRequestException   naming {@code parentId} when the parent is the category itself or
   *                                   one of its sub-categories
   */
  public static Category checkMove(Collection<Category> categories, CategoryId id, @Nullable CategoryId parent) {
    Category moved = existing(categories, id, "categoryId");
    if (parent == null) {
      return moved.withParent(null);
    }
    existing(categories, parent, "parentId");
    if (subtree(categories, id).contains(parent)) {
      throw new InvalidRequestException("parentId", parent, parent.equals(id)
          ? "is the category itself: a category cannot be its own parent"
          : "is below category " + moved.code() + " in the tree: moving it there would make a cycle");
    }
    return moved.withParent(parent);
  }

  /**
   * Checks deleting a category.
   *
   * @param categories every category
   * @param id         the category to delete
   * @param accounts   how many accounts are placed in it directly
   * @param monitors   the names of the defined balance monitors that watch it
   * @return the category
   * @throws CategoryNotFoundException naming {@code categoryId} when it does not exist
   * @throws CategoryStateException    naming {@code categoryId} when it has sub-categories or
   *     accounts, or monitors watch it
   */
  public static Category checkDelete(Collection<Category> categories, CategoryId id, int accounts,
      Collection<String> monitors) {
    Category c = existing(categories, id, "categoryId");
    List<String> children = new ArrayList<>();
    for (Category other : categories) {
      if (id.equals(other.parentId())) {
        children.add(other.code());
      }
    }
    if (!children.isEmpty()) {
      children.sort(Comparator.naturalOrder());
      throw new CategoryStateException("categoryId", id, "has sub-categories " + children
          + ": move or delete them first");
    }
    if (accounts > 0) {
      throw new CategoryStateException("categoryId", id, "holds " + accounts
          + " account(s): remove them from it first");
    }
    if (!monitors.isEmpty()) {
      List<String> names = new ArrayList<>(monitors);
      names.sort(Comparator.naturalOrder());
      throw new CategoryStateException("categoryId", id, "is watched by balance monitors " + names
          + ": remove them first");
    }
    return c;
  }

  /**
   * Checks the category a balance monitor is defined on, under the category lock (which its
   * deletion holds too).
   *
   * @param categories every category
   * @param id         the monitor's category
   * @return the category
   * @throws CategoryNotFoundException naming {@code monitor.categoryId} when it does not exist
   */
  public static Category checkWatched(Collection<Category> categories, CategoryId id) {
    return existing(categories, id, "monitor.categoryId");
  }

  /**
   * @param categories every category
   * @param root       a category
   * @return the root and every category below it
   */
  public static Set<CategoryId> subtree(Collection<Category> categories, CategoryId root) {
    Map<CategoryId, List<CategoryId>> children = new HashMap<>();
    for (Category c : categories) {
      if (c.parentId() != null) {
        children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c.id());
      }
    }
    Set<CategoryId> seen = new LinkedHashSet<>();
    Deque<CategoryId> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      CategoryId next = todo.poll();
      if (seen.add(next)) {
        todo.addAll(children.getOrDefault(next, List.of()));
      }
    }
    return seen;
  }

  /**
   * @param categories  every category
   * @param memberships every membership
   * @param root        a category
   * @return the accounts of the root's subtree, each once
   */
  public static Set<AccountId> accounts(Collection<Category> categories, Collection<CategoryMembership> memberships,
      CategoryId root) {
    Set<CategoryId> tree = subtree(categories, root);
    Set<AccountId> result = new HashSet<>();
    for (CategoryMembership m : memberships) {
      if (tree.contains(m.categoryId())) {
        result.add(m.accountId());
      }
    }
    return result;
  }

  /**
   * The categories whose subtree holds any of the accounts: those they are placed in, and every
   * category above those. A monitor of one of them is evaluated when a change touches the accounts.
   *
   * @param categories  every category
   * @param memberships every membership
   * @param accounts    some accounts
   * @return the categories holding any of them, each once
   */
  public static Set<CategoryId> holding(Collection<Category> categories, Collection<CategoryMembership> memberships,
      Collection<AccountId> accounts) {
    Map<CategoryId, CategoryId> parents = new HashMap<>();
    for (Category c : categories) {
      if (c.parentId() != null) {
        parents.put(c.id(), c.parentId());
      }
    }
    Set<AccountId> wanted = new HashSet<>(accounts);
    Set<CategoryId> result = new HashSet<>();
    for (CategoryMembership m : memberships) {
      if (!wanted.contains(m.accountId())) {
        continue;
      }
      // The set also ends the walk over a cycle, which the rules refuse but a store might hold.
      for (CategoryId c = m.categoryId(); c != null && result.add(c); c = parents.get(c)) {
        // walking up
      }
    }
    return result;
  }

  /**
   * A category's balance from its accounts' balances: the counters summed per currency and read on
   * the category's normal side. Stores that keep balances in memory call this; a database store
   * sums in its query to the same result.
   *
   * @param category the category
   * @param asOf     the instant of an as-of read, or null for a current one
   * @param accounts the accounts of its subtree, each once
   * @param balances their balances (at {@code asOf} when given); a missing one counts as zero
   * @return the balance, lines by currency code
   * @throws InvalidAmountException when a sum does not fit in 64 bits
   */
  public static CategoryBalance balance(Category category, @Nullable Instant asOf, Collection<Account> accounts,
      Map<AccountId, Balance> balances) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, CurrencyUnit> units = new HashMap<>();
    for (Account a : accounts) {
      Balance b = balances.getOrDefault(a.id(), Balance.zero(a));
      String key = a.currency().code() + "/" + a.currency().scale();
      units.put(key, a.currency());
      long[] s = sums.computeIfAbsent(key, k -> new long[5]);
      try {
        s[0]++;
        s[1] = Math.addExact(s[1], b.postedDebits());
        s[2] = Math.addExact(s[2], b.postedCredits());
        s[3] = Math.addExact(s[3], b.pendingDebits());
        s[4] = Math.addExact(s[4], b.pendingCredits());
      } catch (ArithmeticException e) {
        throw new InvalidAmountException("categoryBalance", category.code(), "does not fit in 64-bit minor units");
      }
    }
    List<CategoryBalance.Line> lines = new ArrayList<>(sums.size());
    for (Map.Entry<String, long[]> e : sums.entrySet()) {
      long[] s = e.getValue();
      lines.add(new CategoryBalance.Line(units.get(e.getKey()), category.normalSide(), Math.toIntExact(s[0]), s[1],
          s[2], s[3], s[4]));
    }
    return new CategoryBalance(category.id(), category.normalSide(), asOf, lines);
  }

  /**
   * @param categories every category
   * @return the categories in chart order (depth first, siblings by code), each with its depth
   */
  public static List<Map.Entry<Category, Integer>> chartOrder(Collection<Category> categories) {
    Map<@Nullable CategoryId, List<Category>> children = new HashMap<>();
    for (Category c : categories) {
      children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
    }
    for (List<Category> siblings : children.values()) {
      siblings.sort(Comparator.comparing(Category::code));
    }
    List<Map.Entry<Category, Integer>> out = new ArrayList<>(categories.size());
    Deque<Map.Entry<Category, Integer>> todo = new ArrayDeque<>();
    List<Category> roots = children.getOrDefault(null, List.of());
    for (int i = roots.size() - 1; i >= 0; i--) {
      todo.push(Map.entry(roots.get(i), 0));
    }
    while (!todo.isEmpty()) {
      Map.Entry<Category, Integer> next = todo.pop();
      out.add(next);
      List<Category> kids = children.getOrDefault(next.getKey().id(), List.of());
      for (int i = kids.size() - 1; i >= 0; i--) {
        todo.push(Map.entry(kids.get(i), next.getValue() + 1));
      }
    }
    return out;
  }
}
