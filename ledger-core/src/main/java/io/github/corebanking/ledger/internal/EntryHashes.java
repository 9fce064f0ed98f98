package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The hash-chain format, the one place it is written: each entry's {@link Entry#hash() hash} and
 * each transaction's {@link Transaction#digest() digest}. Not supported for use outside the
 * library.
 *
 * <p>Version 1 of the format, SHA-256 over a canonical byte encoding (big-endian integers; a
 * string is its UTF-8 length as a 4-byte integer, then its UTF-8 bytes; a UUID its 16 bytes; an
 * instant its microseconds since the epoch as 8 bytes; an absent optional value one byte 0, a
 * present one byte 1 and the value):
 * <ul>
 *   <li>an entry's content: id, transaction id, ordinal (4 bytes), account id, side (one byte,
 *       {@code D} or {@code C}), amount in minor units (8), currency code, currency scale (4),
 *       pending (one byte), booking instant, posted balance after it in minor units (8), account
 *       version after it (8);</li>
 *   <li>an entry's hash: SHA-256 of the tag {@code "cbl-entry-1"}, the previous entry's hash of the
 *       same account (32 bytes; {@link #GENESIS} for the account's first entry), and its content;</li>
 *   <li>a transaction's digest: SHA-256 of the tag {@code "cbl-transaction-1"}, its id, idempotency
 *       key, description, value date (days since the epoch, 8 bytes), booking instant, metadata
 *       (the count, 4 bytes, then key and value in key order), expiry (optional instant), reversed
 *       transaction (optional UUID), the number of its entries (4 bytes) and each entry's content in
 *       order. What changes legitimately after booking (status, settlement instant, the reversing
 *       transaction) is not covered; a committed hold's digest covers its pending and its posted
 *       entries and is replaced by the commit that appends the posted ones.</li>
 * </ul>
 * Hashes travel as 64 lowercase hex digits.
 */
public final class EntryHashes {

  /** The link the first entry of every account chains to: 32 zero bytes. */
  public static final String GENESIS = "0".repeat(64);

  private static final byte[] ENTRY_TAG = "cbl-entry-1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSACTION_TAG = "cbl-transaction-1".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  private EntryHashes() {}

  /**
   * @param previous the hash of the account's entry before it, or null for its first entry
   * @param e        the entry (its own hash is ignored)
   * @return the entry's hash
   */
  public static String entryHash(@Nullable String previous, Entry e) {
    Encoder out = Encoder.start();
    out.raw(ENTRY_TAG);
    out.hash(previous == null ? GENESIS : previous, "previous");
    content(out, e);
    return out.sha256();
  }

  /**
   * @param t a transaction with all its entries
   * @return its digest
   */
  public static String transactionDigest(Transaction t) {
    return transactionDigest(t, t.entries());
  }

  /**
   * @param t       a transaction (its entries are ignored)
   * @param entries the entries to digest with its header, in ordinal order
   * @return the digest
   */
  public static String transactionDigest(Transaction t, List<Entry> entries) {
    Encoder out = Encoder.start();
    out.raw(TRANSACTION_TAG);
    out.uuid(t.id().value());
    out.string(t.idempotencyKey());
    out.string(t.description());
    out.int64(t.effectiveDate().toEpochDay());
    out.instant(t.postedAt());
    Map<String, String> metadata = t.metadata().size() < 2 ? t.metadata() : new TreeMap<>(t.metadata());
    out.int32(metadata.size());
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      out.string(m.getKey());
      out.string(m.getValue());
    }
    if (t.expiresAt() == null) {
      out.int8(0);
    } else {
      out.int8(1);
      out.instant(t.expiresAt());
    }
    if (t.reverses() == null) {
      out.int8(0);
    } else {
      out.int8(1);
      out.uuid(t.reverses().value());
    }
    out.int32(entries.size());
    for (Entry e : entries) {
      content(out, e);
    }
    return out.sha256();
  }

  /**
   * @param hex a hash as 64 hex digits
   * @param field the field it came from, for the message
   * @return its 32 bytes
   * @throws IllegalArgumentException when it is not 64 hex digits
   */
  public static byte[] bytes(String hex, String field) {
    byte[] out = new byte[32];
    if (hex.length() != 64 || !parse(hex, out, 0)) {
      throw new IllegalArgumentException(field + " is not a SHA-256 hash (64 hex digits): " + hex);
    }
    return out;
  }

  /**
   * @param bytes 32 bytes, or null
   * @return them as 64 lowercase hex digits, or null
   */
  public static @Nullable String hex(byte @Nullable [] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }

  /** The value of an ASCII hex digit (either case), or -1. */
  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Parses 64 hex digits into {@code out} from {@code at}; false when one is not a hex digit. */
  private static boolean parse(String hex, byte[] out, int at) {
    for (int i = 0; i < 32; i++) {
      int hi = digit(hex.charAt(2 * i));
      int lo = digit(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return false;
      }
      out[at + i] = (byte) ((hi << 4) | lo);
    }
    return true;
  }

  private static void content(Encoder out, Entry e) {
    out.uuid(e.id().value());
    out.uuid(e.transactionId().value());
    out.int32(e.ordinal());
    out.uuid(e.accountId().value());
    out.int8(e.side() == Side.DEBIT ? 'D' : 'C');
    out.int64(e.amount().minorUnits());
    out.string(e.amount().currency().code());
    out.int32(e.amount().currency().scale());
    out.int8(e.pending() ? 1 : 0);
    out.instant(e.postedAt());
    out.int64(e.balanceAfter().minorUnits());
    out.int64(e.accountVersion());
  }

  /**
   * The canonical encoding, into a growing buffer of this thread's (not synchronized, reused), and
   * its {@link Sha256}.
   */
  private static final class Encoder {

    private static final ThreadLocal<Encoder> MINE = ThreadLocal.withInitial(Encoder::new);

    private byte[] buf = new byte[512];
    private int count;

    /** @return this thread's encoder, emptied */
    static Encoder start() {
      Encoder e = MINE.get();
      e.count = 0;
      if (e.buf.length > 1 << 16) {
        e.buf = new byte[512]; // a very large transaction's buffer is not kept
      }
      return e;
    }

    private void room(int n) {
      if (count + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
      }
    }

    void raw(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, buf, count, b.length);
      count += b.length;
    }

    /** Appends the 32 bytes of a hash given as 64 hex digits. */
    void hash(String hex, String field) {
      room(32);
      if (hex.length() != 64 || !parse(hex, buf, count)) {
        throw new IllegalArgumentException(field + " is not a SHA-256 hash (64 hex digits): " + hex);
      }
      count += 32;
    }

    void int8(int v) {
      room(1);
      buf[count++] = (byte) v;
    }

    void int32(int v) {
      room(4);
      buf[count++] = (byte) (v >>> 24);
      buf[count++] = (byte) (v >>> 16);
      buf[count++] = (byte) (v >>> 8);
      buf[count++] = (byte) v;
    }

    void int64(long v) {
      int32((int) (v >>> 32));
      int32((int) v);
    }

    void uuid(UUID u) {
      int64(u.getMostSignificantBits());
      int64(u.getLeastSignificantBits());
    }

    void string(String s) {
      int n = s.length();
      room(4 + n);
      if (Sha256.copyAscii(s, buf, count + 4)) {
        // Copied in place behind its length.
        int32(n);
        count += n;
        return;
      }
      // Not ASCII: the JDK's UTF-8 encoding, over what was copied.
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int32(b.length);
      raw(b);
    }

    void instant(Instant t) {
      int64(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
    }

    String sha256() {
      return Sha256.hex(buf, 0, count);
    }
  }
}
