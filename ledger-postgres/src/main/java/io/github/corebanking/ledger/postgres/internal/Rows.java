package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.internal.EntryHashes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reading rows into the model and binding values; the column orders match the store's
 * {@code .sql} resources. Not supported for use outside the library.
 */
public final class Rows {

  /** Latest instant PostgreSQL's timestamptz holds (294276 AD), to the microsecond. */
  private static final Instant PG_MAX = Instant.parse("+294276-12-31T23:59:59.999999Z");
  /** Earliest instant PostgreSQL's timestamptz holds (4713 BC). */
  private static final Instant PG_MIN = Instant.parse("-4713-11-24T00:00:00Z");

  private Rows() {}

  // ---- reading ----

  /**
   * An account from the 16 account columns ({@code StoreSql/accountById.sql} and its siblings).
   *
   * @param rs the row
   * @return the account
   * @throws SQLException when reading fails
   */
  public static Account account(ResultSet rs) throws SQLException {
    return new Account(new AccountId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
        AccountType.valueOf(rs.getString(4)), new CurrencyUnit(rs.getString(5), rs.getInt(6)),
        AccountStatus.valueOf(rs.getString(7)), rs.getBoolean(8), rs.getBoolean(9), JsonMaps.read(rs.getString(10)),
        instant(rs, 11));
  }

  /**
   * The balance from the same 16 columns.
   *
   * @param rs      the row
   * @param account the account read from it
   * @return the balance
   * @throws SQLException when reading fails
   */
  public static Balance balance(ResultSet rs, Account account) throws SQLException {
    return new Balance(account.id(), account.currency(), account.normalSide(), rs.getLong(12), rs.getLong(13),
        rs.getLong(14), rs.getLong(15), rs.getLong(16));
  }

  /**
   * An entry from the 12 entry columns and its hash in the 13th.
   *
   * @param rs the row
   * @return the entry
   * @throws SQLException when reading fails
   */
  public static Entry entry(ResultSet rs) throws SQLException {
    return entry(rs, 13);
  }

  /**
   * An entry from the 12 entry columns and its hash.
   *
   * @param rs         the row
   * @param hashColumn the column of its hash (bytea, null for an entry booked before schema version 10)
   * @return the entry
   * @throws SQLException when reading fails
   */
  public static Entry entry(ResultSet rs, int hashColumn) throws SQLException {
    CurrencyUnit currency = new CurrencyUnit(rs.getString(7), rs.getInt(8));
    return new Entry(new EntryId(rs.getObject(1, UUID.class)), new TransactionId(rs.getObject(2, UUID.class)),
        rs.getInt(3), new AccountId(rs.getObject(4, UUID.class)), Side.valueOf(rs.getString(5)),
        Money.ofMinor(rs.getLong(6), currency), rs.getBoolean(9), instant(rs, 10),
        Money.ofMinor(rs.getLong(11), currency), rs.getLong(12), EntryHashes.hex(rs.getBytes(hashColumn)));
  }

  /**
   * A transaction row without its entries.
   *
   * @param id          the id
   * @param key         the idempotency key
   * @param requestHash the stored request hash
   * @param description the description
   * @param date        the value date
   * @param postedAt    when it was booked
   * @param status      its status
   * @param metadata    its metadata
   * @param expiresAt   the hold expiry, or null
   * @param reverses    the reversed transaction, or null
   * @param settledAt   when a hold was committed or voided, or null
   * @param reversedBy  the reversing transaction, or null
   * @param digest      its digest (hex), or null when booked before schema version 10
   */
  public record TxRow(TransactionId id, String key, String requestHash, String description, LocalDate date,
      Instant postedAt, TransactionStatus status, Map<String, String> metadata, @Nullable Instant expiresAt,
      @Nullable TransactionId reverses, @Nullable Instant settledAt, @Nullable TransactionId reversedBy,
      @Nullable String digest) {

    /**
     * @param entries the transaction's entries, by ordinal
     * @return the transaction
     */
    public Transaction toTransaction(List<Entry> entries) {
      return new Transaction(id, key, description, date, postedAt, status, entries, metadata, expiresAt, reverses,
          reversedBy, false, digest);
    }
  }

  /**
   * A transaction row from the 13 columns of {@code PostingSql/transactionsByIds.sql}.
   *
   * @param rs the row
   * @return the row
   * @throws SQLException when reading fails
   */
  public static TxRow txRow(ResultSet rs) throws SQLException {
    UUID reverses = rs.getObject(10, UUID.class);
    UUID reversedBy = rs.getObject(12, UUID.class);
    return new TxRow(new TransactionId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
        rs.getString(4), rs.getObject(5, LocalDate.class), instant(rs, 6), TransactionStatus.valueOf(rs.getString(7)),
        JsonMaps.read(rs.getString(8)), nullableInstant(rs, 9), reverses == null ? null : new TransactionId(reverses),
        nullableInstant(rs, 11), reversedBy == null ? null : new TransactionId(reversedBy),
        EntryHashes.hex(rs.getBytes(13)));
  }

  /**
   * @param rs     a row
   * @param column a timestamptz column
   * @return its instant
   * @throws SQLException when reading fails
   */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * @param rs     a row
   * @param column a nullable timestamptz column
   * @return its instant, or null
   * @throws SQLException when reading fails
   */
  public static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  // ---- binding ----

  /**
   * Truncates an instant to the microsecond PostgreSQL keeps, so what the store returns equals
   * what it reads back.
   *
   * @param t an instant
   * @return the instant at microsecond precision, or null
   */
  public static @Nullable Instant micros(@Nullable Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * An instant as a query bound: floored to the microsecond, and clamped to PostgreSQL's range
   * ({@code ±infinity} beyond it) so that any instant can be asked about.
   *
   * @param t the instant
   * @return the value to bind
   */
  public static OffsetDateTime floorBound(Instant t) {
    if (t.isAfter(PG_MAX)) {
      return OffsetDateTime.MAX;
    }
    if (t.isBefore(PG_MIN)) {
      return OffsetDateTime.MIN;
    }
    return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /**
   * An instant as an inclusive lower or exclusive upper bound: rounded up to the microsecond.
   *
   * @param t the instant
   * @return the value to bind
   */
  public static OffsetDateTime ceilBound(Instant t) {
    Instant floor = t.truncatedTo(ChronoUnit.MICROS);
    return floorBound(floor.equals(t) ? t : floor.plus(1, ChronoUnit.MICROS));
  }

  /**
   * A stored instant as text for a {@code timestamptz[]} parameter.
   *
   * @param t the instant, already at microsecond precision
   * @return ISO-8601 text, or null
   */
  public static @Nullable String text(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }

  /**
   * @param c     the connection
   * @param ids   UUIDs
   * @return a {@code uuid[]}
   * @throws SQLException when the driver fails
   */
  public static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
    return c.createArrayOf("uuid", ids.toArray());
  }

  /**
   * @param c      the connection
   * @param values texts
   * @return a {@code text[]}
   * @throws SQLException when the driver fails
   */
  public static Array texts(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  /**
   * Sets a nullable UUID parameter.
   *
   * @param ps    the statement
   * @param index the parameter
   * @param value the UUID
   * @throws SQLException when the driver fails
   */
  public static void setUuid(PreparedStatement ps, int index, @Nullable UUID value) throws SQLException {
    ps.setObject(index, value);
  }

  /**
   * @param map metadata
   * @return its JSON text
   */
  public static String json(Map<String, String> map) {
    return JsonMaps.write(map);
  }
}
