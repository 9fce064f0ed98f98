package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.internal.EntryHashes;
import io.github.corebanking.ledger.spi.HashChainHead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The store's reads and writes for hash-chain verification (schema version 10). Not supported for
 * use outside the library.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(StoreSql.EntryMapper.class)
@RegisterRowMapper(HashChainSql.HeadMapper.class)
public interface HashChainSql extends SqlObject {

  /**
   * Below every UUID as PostgreSQL orders them (bytes, unsigned): the {@code after} of the first
   * page of heads.
   */
  UUID FIRST = new UUID(0, 0);

  /**
   * @param after the last account of the previous page ({@link #FIRST} for the first)
   * @param limit most heads
   * @return the heads after it, ascending id
   */
  @SqlQuery
  List<HashChainHead> heads(@Bind("after") UUID after, @Bind("limit") int limit);

  /**
   * @param account        the account
   * @param afterVersion   the version of the position to read after
   * @param afterOrdinal   its ordinal
   * @param throughVersion the last version to read
   * @param limit          most entries
   * @return the entries, in chain order
   */
  @SqlQuery
  List<Entry> entries(@Bind("account") UUID account, @Bind("afterVersion") long afterVersion,
      @Bind("afterOrdinal") int afterOrdinal, @Bind("throughVersion") long throughVersion, @Bind("limit") int limit);

  /**
   * @param account         the account
   * @param verifiedThrough the version verified intact
   * @param hash            its latest entry hash at that version
   * @return rows written
   */
  @SqlUpdate
  int saveCheckpoint(@Bind("account") UUID account, @Bind("verifiedThrough") long verifiedThrough,
      @Bind("hash") byte[] hash);

  /** Maps the six head columns. */
  final class HeadMapper implements RowMapper<HashChainHead> {
    @Override
    public HashChainHead map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new HashChainHead(new AccountId(rs.getObject(1, UUID.class)), rs.getLong(2),
          EntryHashes.hex(rs.getBytes(3)), rs.getLong(4), rs.getLong(5), EntryHashes.hex(rs.getBytes(6)));
    }
  }
}
