package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryNotFoundException;
import io.github.corebanking.ledger.spi.CategoryMembership;
import io.github.corebanking.ledger.spi.CategoryRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's categories: every write in one transaction under the category lock, the
 * tree read and checked by {@link CategoryRules} before anything is written; the rollups in one
 * statement each. Not supported for use outside the library.
 */
public final class CategoryRecords {

  private final Jdbi primary;
  private final Jdbi reads;
  private final Duration lockTimeout;
  private final Duration statementTimeout;

  /**
   * @param primary          a Jdbi over the primary, made by {@link PostgresJdbi#create}
   * @param reads            a Jdbi over the read data source, for reads as of an instant
   * @param lockTimeout      {@code lock_timeout} of each write
   * @param statementTimeout {@code statement_timeout} of each write
   */
  public CategoryRecords(Jdbi primary, Jdbi reads, Duration lockTimeout, Duration statementTimeout) {
    this.primary = primary;
    this.reads = reads;
    this.lockTimeout = lockTimeout;
    this.statementTimeout = statementTimeout;
  }

  /**
   * @param category a new category, checked against the tree here
   */
  public void create(Category category) {
    write("creating category " + category.code(), (sql, store) -> {
      CategoryRules.checkCreate(sql.categoriesAll(), category);
      sql.insertCategory(category.id().value(), category.code(), category.name(), category.normalSide().name(),
          category.parentId() == null ? null : category.parentId().value(), Rows.floorBound(category.createdAt()));
      return null;
    });
  }

  /**
   * @param id     a category
   * @param parent its new parent, or null
   * @return the category as moved
   */
  public Category move(CategoryId id, @Nullable CategoryId parent) {
    return write("moving category " + id, (sql, store) -> {
      Category moved = CategoryRules.checkMove(sql.categoriesAll(), id, parent);
      sql.updateParent(id.value(), parent == null ? null : parent.value());
      return moved;
    });
  }

  /**
   * @param id an empty category
   */
  public void delete(CategoryId id) {
    write("deleting category " + id, (sql, store) -> {
      CategoryRules.checkDelete(sql.categoriesAll(), id, sql.directAccounts(id.value()),
          sql.watchingMonitors(id.value()));
      sql.deleteCategory(id.value());
      return null;
    });
  }

  /**
   * Defines a balance monitor on a category under the category lock, which a category's deletion
   * takes too: checks by {@link CategoryRules#checkWatched} that it exists, then inserts in the same
   * transaction.
   *
   * @param id        the monitor's category
   * @param operation what is being done, for errors
   * @param insert    inserts the definition on the handle
   * @throws CategoryNotFoundException naming {@code monitor.categoryId} when it does not exist
   */
  public void watch(CategoryId id, String operation, Consumer<Handle> insert) {
    write(operation, (sql, store) -> {
      CategoryRules.checkWatched(sql.categoriesAll(), id);
      insert.accept(sql.getHandle());
      return null;
    });
  }

  /**
   * @param categoryId a category
   * @param accountId  an account
   * @param add        true to place it, false to take it out
   * @return whether anything changed
   */
  public boolean membership(CategoryId categoryId, AccountId accountId, boolean add) {
    return write((add ? "placing account " : "removing account ") + accountId + " in category " + categoryId,
        (sql, store) -> {
          if (sql.categoryById(categoryId.value()).isEmpty()) {
            throw new CategoryNotFoundException("categoryId", categoryId, "does not exist");
          }
          if (!store.accountExists(accountId.value())) {
            throw new AccountNotFoundException("accountId", accountId, "does not exist");
          }
          return (add ? sql.insertMembership(categoryId.value(), accountId.value())
              : sql.deleteMembership(categoryId.value(), accountId.value())) == 1;
        });
  }

  /**
   * @param id a category
   * @return it, if it exists
   */
  public Optional<Category> find(CategoryId id) {
    return read(primary, "reading category " + id, sql -> sql.categoryById(id.value()));
  }

  /** @return every category, by code */
  public List<Category> list() {
    return read(primary, "reading the categories", CategorySql::categoriesAll);
  }

  /** @return every membership */
  public List<CategoryMembership> memberships() {
    return read(primary, "reading the category memberships", CategorySql::membershipsAll);
  }

  /**
   * @param id a category
   * @return the accounts of its subtree, by code
   */
  public List<Account> accounts(CategoryId id) {
    return read(primary, "reading the accounts of category " + id, sql -> {
      if (sql.categoryById(id.value()).isEmpty()) {
        throw new CategoryNotFoundException("categoryId", id, "does not exist");
      }
      return sql.subtreeAccounts(id.value()).stream().map(StoreSql.AccountRow::account).toList();
    });
  }

  /**
   * @param id   a category
   * @param asOf the instant, or null for the current balance
   * @return its balance, read in one statement
   */
  public CategoryBalance balance(CategoryId id, @Nullable Instant asOf) {
    List<CategorySql.TotalsRow> rows = asOf == null
        ? read(primary, "reading the balance of category " + id, sql -> sql.categoryBalance(id.value()))
        : read(reads, "reading the balance of category " + id + " as of " + asOf,
            sql -> sql.categoryBalanceAsOf(id.value(), Rows.floorBound(asOf)));
    if (rows.isEmpty()) {
      throw new CategoryNotFoundException("categoryId", id, "does not exist");
    }
    Category category = rows.get(0).category();
    List<CategoryBalance.Line> lines = new ArrayList<>(rows.size());
    for (CategorySql.TotalsRow r : rows) {
      if (r.currency() != null) {
        lines.add(new CategoryBalance.Line(r.currency(), category.normalSide(), r.accounts(), r.postedDebits(),
            r.postedCredits(), r.pendingDebits(), r.pendingCredits()));
      }
    }
    return new CategoryBalance(category.id(), category.normalSide(), asOf, lines);
  }

  private static <T> T read(Jdbi jdbi, String operation, Function<CategorySql, T> work) {
    try {
      return jdbi.withHandle(h -> work.apply(h.attach(CategorySql.class)));
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  /** A write: one transaction with the store's timeouts, the category lock taken first. */
  private <T> T write(String operation, Write<T> work) {
    try {
      return primary.inTransaction((Handle h) -> {
        StoreSql store = h.attach(StoreSql.class);
        store.setTimeouts(lockTimeout.toMillis() + "ms", statementTimeout.toMillis() + "ms");
        CategorySql sql = h.attach(CategorySql.class);
        sql.lockCategories();
        return work.apply(sql, store);
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  @FunctionalInterface
  private interface Write<T> {
    T apply(CategorySql sql, StoreSql store);
  }
}
