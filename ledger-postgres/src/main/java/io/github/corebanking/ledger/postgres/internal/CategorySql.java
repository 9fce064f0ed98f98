package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.spi.CategoryMembership;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's statements on categories (migration V11), one resource per method under
 * {@code io/github/corebanking/ledger/postgres/internal/CategorySql/}, written as {@link PostgresJdbi}
 * states. Not supported for use outside the library.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(CategorySql.CategoryMapper.class)
@RegisterRowMapper(CategorySql.MembershipMapper.class)
@RegisterRowMapper(CategorySql.TotalsMapper.class)
@RegisterRowMapper(StoreSql.AccountRowMapper.class)
public interface CategorySql extends SqlObject {

  /**
   * One row of a category's rollup: the category and, unless its subtree holds no account, one
   * currency's sums.
   *
   * @param category       the category
   * @param currency       the currency, null when the subtree holds no account
   * @param accounts       accounts counted in that currency
   * @param postedDebits   their posted debits
   * @param postedCredits  their posted credits
   * @param pendingDebits  their pending debits (0 as of an instant)
   * @param pendingCredits their pending credits (0 as of an instant)
   */
  record TotalsRow(Category category, @Nullable CurrencyUnit currency, int accounts, long postedDebits,
      long postedCredits, long pendingDebits, long pendingCredits) {}

  /**
   * Takes the category lock until the transaction ends.
   *
   * @return 1
   */
  @SqlQuery
  int lockCategories();

  /** @return every category, by code */
  @SqlQuery
  List<Category> categoriesAll();

  /**
   * @param id a category
   * @return it, if it exists
   */
  @SqlQuery
  Optional<Category> categoryById(@Bind("id") UUID id);

  /**
   * @param id         its id
   * @param code       its code
   * @param name       its name
   * @param normalSide its side's name
   * @param parentId   its parent, or null
   * @param createdAt  when it was created
   * @return rows inserted
   */
  @SqlUpdate
  int insertCategory(@Bind("id") UUID id, @Bind("code") String code, @Bind("name") String name,
      @Bind("normalSide") String normalSide, @Bind("parentId") @Nullable UUID parentId,
      @Bind("createdAt") OffsetDateTime createdAt);

  /**
   * @param id       a category
   * @param parentId its new parent, or null
   * @return rows updated
   */
  @SqlUpdate
  int updateParent(@Bind("id") UUID id, @Bind("parentId") @Nullable UUID parentId);

  /**
   * @param id a category
   * @return rows deleted
   */
  @SqlUpdate
  int deleteCategory(@Bind("id") UUID id);

  /**
   * @param category a category
   * @return how many accounts are placed in it directly
   */
  @SqlQuery
  int directAccounts(@Bind("category") UUID category);

  /**
   * @param category a category
   * @return the names of the monitors not removed that watch it
   */
  @SqlQuery
  List<String> watchingMonitors(@Bind("category") UUID category);

  /**
   * @param category a category
   * @param account  an account
   * @return 1 when placed now, 0 when it was there already
   */
  @SqlUpdate
  int insertMembership(@Bind("category") UUID category, @Bind("account") UUID account);

  /**
   * @param category a category
   * @param account  an account
   * @return 1 when it was there
   */
  @SqlUpdate
  int deleteMembership(@Bind("category") UUID category, @Bind("account") UUID account);

  /** @return every membership */
  @SqlQuery
  List<CategoryMembership> membershipsAll();

  /**
   * @param category a category
   * @return the accounts of its subtree, each once, with their counters, by code
   */
  @SqlQuery
  List<StoreSql.AccountRow> subtreeAccounts(@Bind("category") UUID category);

  /**
   * @param category a category
   * @return its rollup rows; none when it does not exist
   */
  @SqlQuery
  List<TotalsRow> categoryBalance(@Bind("category") UUID category);

  /**
   * @param category a category
   * @param t        the instant
   * @return its rollup rows at {@code t}; none when it does not exist
   */
  @SqlQuery
  List<TotalsRow> categoryBalanceAsOf(@Bind("category") UUID category, @Bind("t") OffsetDateTime t);

  /** Maps a category's six columns. */
  final class CategoryMapper implements RowMapper<Category> {
    @Override
    public Category map(ResultSet rs, StatementContext ctx) throws SQLException {
      return category(rs);
    }
  }

  /** Maps a membership's two columns. */
  final class MembershipMapper implements RowMapper<CategoryMembership> {
    @Override
    public CategoryMembership map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CategoryMembership(new CategoryId(rs.getObject(1, UUID.class)),
          new AccountId(rs.getObject(2, UUID.class)));
    }
  }

  /** Maps a rollup row: the category's six columns, then currency, scale, accounts and four sums. */
  final class TotalsMapper implements RowMapper<TotalsRow> {
    @Override
    public TotalsRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      Category c = category(rs);
      String currency = rs.getString(7);
      if (currency == null) {
        return new TotalsRow(c, null, 0, 0, 0, 0, 0);
      }
      return new TotalsRow(c, new CurrencyUnit(currency, rs.getInt(8)), rs.getInt(9), rs.getLong(10), rs.getLong(11),
          rs.getLong(12), rs.getLong(13));
    }
  }

  private static Category category(ResultSet rs) throws SQLException {
    UUID parent = rs.getObject(5, UUID.class);
    return new Category(new CategoryId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
        Side.valueOf(rs.getString(4)), parent == null ? null : new CategoryId(parent), Rows.instant(rs, 6));
  }
}
