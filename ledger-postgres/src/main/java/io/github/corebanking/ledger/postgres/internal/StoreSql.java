package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.spi.ValueDatedEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import io.github.corebanking.ledger.LedgerException;
import java.time.Duration;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultProducer;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's statements outside the posting round trip (accounts, balances, as-of
 * reads, statements, value-dated reads, expired holds, partitions, the schema check), one resource
 * per method under {@code io/github/corebanking/ledger/postgres/internal/StoreSql/}, written as
 * {@link PostgresJdbi} states. Not supported for use outside the library.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(StoreSql.AccountRowMapper.class)
@RegisterRowMapper(StoreSql.EntryMapper.class)
@RegisterRowMapper(StoreSql.DeltaMapper.class)
@RegisterRowMapper(StoreSql.SchemaCheckMapper.class)
@RegisterRowMapper(StoreSql.BalanceMapper.class)
@RegisterRowMapper(StoreSql.PeriodClosureMapper.class)
public interface StoreSql extends SqlObject {

  /**
   * An account with its current counters, from the 16 account columns.
   *
   * @param account the account
   * @param balance its balance
   */
  record AccountRow(Account account, Balance balance) {}

  /**
   * What posted entries add to a base: sums per side and the highest account version counted.
   *
   * @param debits  posted debits
   * @param credits posted credits
   * @param version highest account version among them, null when there were none
   */
  record Delta(long debits, long credits, @Nullable Long version) {}

  /**
   * What a schema holds.
   *
   * @param tables      whether the ledger's tables exist
   * @param stateChecks whether migration V2's function {@code account_changed} exists
   * @param valueDates  whether migration V7's table {@code value_balances} exists
   * @param imports     whether migration V8's table {@code history_import} exists
   * @param feed        whether migration V9's table {@code changes} exists
   * @param hashChains  whether migration V10's table {@code hash_chain_checkpoints} exists
   * @param categories  whether migration V11's table {@code category_accounts} exists
   * @param monitors    whether migration V12's table {@code monitor_alerts} exists
   */
  record SchemaCheck(boolean tables, boolean stateChecks, boolean valueDates, boolean imports, boolean feed,
      boolean hashChains, boolean categories, boolean monitors) {}

  /**
   * The row of one account's as-of read: the account, the base it starts from (a checkpoint or a
   * daily snapshot at or before the instant) and what entries after the base add.
   *
   * @param account     the account
   * @param baseAsOf    when the base was taken, null when there is none
   * @param baseDebits  the base's posted debits (0 without a base)
   * @param baseCredits the base's posted credits (0 without a base)
   * @param baseVersion the base's account version (0 without a base)
   * @param delta       the posted entries after the base and after the lower bound, up to the instant
   */
  record AsOfRow(Account account, @Nullable OffsetDateTime baseAsOf, long baseDebits, long baseCredits,
      long baseVersion, Delta delta) {}

  /**
   * What one value-dated read of an account returns: the account's currency and type, the posted
   * counters before the slice's start, and the slice's entries.
   *
   * @param currency      the account's currency
   * @param type          the account's type
   * @param beforeDebits  posted debits before the start, in value-date order
   * @param beforeCredits posted credits before the start
   * @param entries       the entries, in value-date order
   */
  record ValueDatedRows(CurrencyUnit currency, AccountType type, long beforeDebits, long beforeCredits,
      List<ValueDatedEntry> entries) {}

  /**
   * Runs reads outside a transaction.
   *
   * @param jdbi      a Jdbi made by {@link PostgresJdbi#create}
   * @param operation what is being done, for the error
   * @param work      the reads
   * @param <T>       the result's type
   * @return the result
   * @throws LedgerException typed, when the database fails, or what {@code work} threw
   */
  static <T> T read(Jdbi jdbi, String operation, Function<StoreSql, T> work) {
    try {
      return jdbi.withHandle(h -> work.apply(h.attach(StoreSql.class)));
    } catch (JdbiException e) {
      throw SqlStates.translate(e, operation);
    }
  }

  /**
   * Runs statements in one transaction with the store's timeouts, committed when {@code work}
   * returns and rolled back when it throws.
   *
   * @param jdbi             a Jdbi made by {@link PostgresJdbi#create}
   * @param lockTimeout      the transaction's {@code lock_timeout}
   * @param statementTimeout its {@code statement_timeout}
   * @param work             the statements
   * @param <T>              the result's type
   * @return the result
   * @throws JdbiException when the database fails, for the caller to recognise or translate
   */
  static <T> T write(Jdbi jdbi, Duration lockTimeout, Duration statementTimeout, Function<StoreSql, T> work) {
    return jdbi.inTransaction(h -> {
      StoreSql sql = h.attach(StoreSql.class);
      sql.setTimeouts(lockTimeout.toMillis() + "ms", statementTimeout.toMillis() + "ms");
      return work.apply(sql);
    });
  }

  /**
   * Sets the current transaction's timeouts.
   *
   * @param lockTimeout      such as {@code "5000ms"}
   * @param statementTimeout such as {@code "30000ms"}
   * @return the settings as applied
   */
  @SqlQuery
  String setTimeouts(@Bind("lockTimeout") String lockTimeout, @Bind("statementTimeout") String statementTimeout);

  /**
   * Inserts an account with zero counters.
   *
   * @param id                         its id
   * @param code                       its code
   * @param name                       its name
   * @param type                       its type's name
   * @param currency                   its currency code
   * @param currencyScale              its currency's scale
   * @param status                     its status's name
   * @param debitsMustNotExceedCredits its debit rule
   * @param creditsMustNotExceedDebits its credit rule
   * @param metadata                   its metadata as JSON text
   * @param createdAt                  when it was created
   * @return rows inserted
   */
  @SqlUpdate
  int insertAccount(@Bind("id") UUID id, @Bind("code") String code, @Bind("name") String name,
      @Bind("type") String type, @Bind("currency") String currency, @Bind("currencyScale") int currencyScale,
      @Bind("status") String status, @Bind("debitsMustNotExceedCredits") boolean debitsMustNotExceedCredits,
      @Bind("creditsMustNotExceedDebits") boolean creditsMustNotExceedDebits, @Bind("metadata") String metadata,
      @Bind("createdAt") OffsetDateTime createdAt);

  /**
   * @param id an account
   * @return it with its counters, its row locked until the transaction ends
   */
  @SqlQuery
  Optional<AccountRow> lockAccount(@Bind("id") UUID id);

  /**
   * @param status the new status's name
   * @param id     the account
   * @return rows updated
   */
  @SqlUpdate
  int updateAccountStatus(@Bind("status") String status, @Bind("id") UUID id);

  /**
   * @param id an account
   * @return it with its counters
   */
  @SqlQuery
  Optional<AccountRow> accountById(@Bind("id") UUID id);

  /**
   * @param code an account code
   * @return the account with its counters
   */
  @SqlQuery
  Optional<AccountRow> accountByCode(@Bind("code") String code);

  /**
   * @param ids accounts
   * @return those that exist, with their counters
   */
  @SqlQuery
  List<AccountRow> accountsByIds(@Bind("ids") UUID[] ids);

  /** @return every account with its counters, by code */
  @SqlQuery
  List<AccountRow> accountsAll();

  /**
   * Takes the period lock exclusively until the transaction ends.
   *
   * @return 1
   */
  @SqlQuery
  int lockPeriods();

  /** @return every closure, oldest first */
  @SqlQuery
  List<PeriodClosure> periodClosures();

  /**
   * Records a closure; the database refuses one that is not after the standing one.
   *
   * @param through  its date
   * @param at       when
   * @param metadata who and why, as JSON
   * @return its id
   */
  @SqlQuery
  long closePeriod(@Bind("through") LocalDate through, @Bind("at") OffsetDateTime at,
      @Bind("metadata") String metadata);

  /**
   * Reopens the latest standing closure; the database refuses any other.
   *
   * @param through  its date
   * @param at       when
   * @param metadata who and why, as JSON
   * @return its id
   */
  @SqlQuery
  long reopenPeriod(@Bind("through") LocalDate through, @Bind("at") OffsetDateTime at,
      @Bind("metadata") String metadata);

  /**
   * @param id an account
   * @return whether it exists
   */
  @SqlQuery
  boolean accountExists(@Bind("id") UUID id);

  /**
   * @param now   the instant
   * @param limit most ids returned
   * @return holds expired at {@code now}, oldest expiry first
   */
  @SqlQuery
  List<UUID> expiredHolds(@Bind("now") OffsetDateTime now, @Bind("limit") int limit);

  /**
   * One keyset page of an account's entries.
   *
   * @param account      the account
   * @param from         inclusive lower bound of the booking instant
   * @param to           exclusive upper bound
   * @param afterVersion the last account version of the previous page (-1 on the first)
   * @param afterOrdinal the last ordinal of the previous page (-1 on the first)
   * @param limit        most entries
   * @return the entries, by account version then ordinal
   */
  @SqlQuery
  List<Entry> statementPage(@Bind("account") UUID account, @Bind("from") OffsetDateTime from,
      @Bind("to") OffsetDateTime to, @Bind("afterVersion") long afterVersion, @Bind("afterOrdinal") int afterOrdinal,
      @Bind("limit") int limit);

  /**
   * @param account the account
   * @param after   exclusive lower bound of the booking instant
   * @param upTo    inclusive upper bound
   * @return what its posted entries in {@code (after, upTo]} add
   */
  @SqlQuery
  Delta entriesDelta(@Bind("account") UUID account, @Bind("after") OffsetDateTime after,
      @Bind("upTo") OffsetDateTime upTo);

  /**
   * @param t the instant
   * @return every account's posted balance at {@code t}, by code
   */
  @SqlQuery
  List<Balance> balancesAsOf(@Bind("t") OffsetDateTime t);

  /**
   * @param account   the account
   * @param valueDate the value date, inclusive
   * @return its posted counters on that date (version 0), or empty when it does not exist
   */
  @SqlQuery
  Optional<Balance> balanceOn(@Bind("account") UUID account, @Bind("valueDate") LocalDate valueDate);

  /**
   * @param valueDate the value date, inclusive
   * @return every account's posted counters on that date (version 0), by code
   */
  @SqlQuery
  List<Balance> balancesOn(@Bind("valueDate") LocalDate valueDate);

  /**
   * @param month the first day of a month
   * @return whether its entries partition had to be created
   */
  @SqlQuery
  boolean ensurePartition(@Bind("month") LocalDate month);

  /**
   * @param name a schema's name
   * @return what it holds
   */
  @SqlQuery
  SchemaCheck schemaCheck(@Bind("name") String name);

  /**
   * One account's as-of row, in one round trip: {@code balanceAsOf.sql} is two statements, the
   * first setting this read's planner options, the second returning the row, so it is sent as one
   * and its second result read.
   *
   * @param account the account
   * @param t       the instant
   * @param lower   entries at or before it are left out of the delta
   * @return the row, or empty when the account does not exist
   */
  default Optional<AsOfRow> balanceAsOf(UUID account, OffsetDateTime t, OffsetDateTime lower) {
    String sql = Texts.BALANCE_AS_OF;
    ResultProducer<Optional<AsOfRow>> secondResult = (statement, ctx) -> {
      PreparedStatement ps = statement.get();
      if (!ps.getMoreResults()) {
        throw new SQLException("balanceAsOf.sql returned fewer results than expected");
      }
      try (ResultSet rs = ps.getResultSet()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Account a = Rows.account(rs);
        OffsetDateTime base = rs.getObject(12, OffsetDateTime.class);
        long version = rs.getLong(18);
        Long deltaVersion = rs.wasNull() ? null : version;
        return Optional.of(new AsOfRow(a, base, rs.getLong(13), rs.getLong(14), rs.getLong(15),
            new Delta(rs.getLong(16), rs.getLong(17), deltaVersion)));
      }
    };
    return getHandle().createQuery(sql).bind("t", t).bind("lower", lower).bind("account", account)
        .execute(secondResult);
  }

  /**
   * One slice of an account's value-dated statement, in one round trip: {@code valueDatedEntries.sql}
   * is two statements, the first setting this read's planner options, so it is sent as one and its
   * second result read.
   *
   * @param account      the account
   * @param from         the first value date, inclusive
   * @param to           the last value date, inclusive
   * @param startDate    the value date of the place the slice starts after ({@code from} on a first page)
   * @param afterVersion the account version of that place (-1 on a first page)
   * @param afterOrdinal the ordinal of that place (-1 on a first page)
   * @param limit        most entries
   * @return the slice, or empty when the account does not exist
   */
  default Optional<ValueDatedRows> valueDatedEntries(UUID account, LocalDate from, LocalDate to, LocalDate startDate,
      long afterVersion, int afterOrdinal, int limit) {
    ResultProducer<Optional<ValueDatedRows>> secondResult = (statement, ctx) -> {
      PreparedStatement ps = statement.get();
      if (!ps.getMoreResults()) {
        throw new SQLException("valueDatedEntries.sql returned fewer results than expected");
      }
      try (ResultSet rs = ps.getResultSet()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        CurrencyUnit currency = new CurrencyUnit(rs.getString(14), rs.getInt(15));
        AccountType type = AccountType.valueOf(rs.getString(16));
        long debits = rs.getLong(17);
        long credits = rs.getLong(18);
        List<ValueDatedEntry> entries = new ArrayList<>();
        do {
          if (rs.getObject(1) != null) {
            entries.add(new ValueDatedEntry(rs.getObject(13, LocalDate.class), Rows.entry(rs, 19)));
          }
        } while (rs.next());
        return Optional.of(new ValueDatedRows(currency, type, debits, credits, entries));
      }
    };
    return getHandle().createQuery(Texts.VALUE_DATED_ENTRIES).bind("account", account).bind("from", from)
        .bind("to", to).bind("startDate", startDate).bind("afterVersion", afterVersion)
        .bind("afterOrdinal", afterOrdinal).bind("limit", limit).execute(secondResult);
  }

  /** Statements read once, for the default methods that run them themselves. */
  final class Texts {
    /** {@code balanceAsOf.sql}, without its comments. */
    static final String BALANCE_AS_OF = ClasspathSqlLocator.removingComments().locate(StoreSql.class, "balanceAsOf");
    /** {@code valueDatedEntries.sql}, without its comments. */
    static final String VALUE_DATED_ENTRIES = ClasspathSqlLocator.removingComments()
        .locate(StoreSql.class, "valueDatedEntries");

    private Texts() {}
  }

  /** Maps the 16 account columns. */
  final class AccountRowMapper implements RowMapper<AccountRow> {
    @Override
    public AccountRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      Account account = Rows.account(rs);
      return new AccountRow(account, Rows.balance(rs, account));
    }
  }

  /** Maps a closure's five columns. */
  final class PeriodClosureMapper implements RowMapper<PeriodClosure> {
    @Override
    public PeriodClosure map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new PeriodClosure(rs.getObject(1, LocalDate.class), Rows.instant(rs, 2), JsonMaps.read(rs.getString(3)),
          Rows.nullableInstant(rs, 4), JsonMaps.read(rs.getString(5)));
    }
  }

  /** Maps the 12 entry columns and the hash. */
  final class EntryMapper implements RowMapper<Entry> {
    @Override
    public Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return Rows.entry(rs);
    }
  }

  /** Maps a delta's three columns. */
  final class DeltaMapper implements RowMapper<Delta> {
    @Override
    public Delta map(ResultSet rs, StatementContext ctx) throws SQLException {
      long debits = rs.getLong(1);
      long credits = rs.getLong(2);
      long version = rs.getLong(3);
      return new Delta(debits, credits, rs.wasNull() ? null : version);
    }
  }

  /** Maps {@link #schemaCheck}. */
  final class SchemaCheckMapper implements RowMapper<SchemaCheck> {
    @Override
    public SchemaCheck map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new SchemaCheck(rs.getBoolean("tables"), rs.getBoolean("state_checks"), rs.getBoolean("value_dates"),
          rs.getBoolean("imports"), rs.getBoolean("feed"), rs.getBoolean("hash_chains"),
          rs.getBoolean("categories"), rs.getBoolean("monitors"));
    }
  }

  /**
   * Maps {@link #balancesAsOf}, {@link #balanceOn} and {@link #balancesOn}: id, currency, scale,
   * type, posted debits, posted credits, version.
   */
  final class BalanceMapper implements RowMapper<Balance> {
    @Override
    public Balance map(ResultSet rs, StatementContext ctx) throws SQLException {
      AccountType type = AccountType.valueOf(rs.getString(4));
      return new Balance(new AccountId(rs.getObject(1, UUID.class)), new CurrencyUnit(rs.getString(2), rs.getInt(3)),
          type.normalSide(), rs.getLong(5), rs.getLong(6), 0, 0, rs.getLong(7));
    }
  }
}
