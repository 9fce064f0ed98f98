package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque keyset cursor of a statement page: the last entry's account version and ordinal,
 * bound to the account and range it was issued for and to the ledger's schema by a digest, so a
 * cursor from another statement, another ledger or a typo is rejected. Not supported for use
 * outside the library.
 *
 * @param accountId the account
 * @param from      the statement's start
 * @param to        the statement's end
 * @param version   the last entry's account version
 * @param ordinal   the last entry's ordinal
 */
public record StatementCursor(AccountId accountId, Instant from, Instant to, long version, int ordinal) {

  private static final int PAYLOAD = 16 + 12 + 12 + 8 + 4;
  private static final int DIGEST = 8;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * @param schema the ledger's schema
   * @return the cursor's text
   */
  public String encode(String schema) {
    ByteBuffer b = ByteBuffer.allocate(PAYLOAD + DIGEST);
    b.putLong(accountId.value().getMostSignificantBits()).putLong(accountId.value().getLeastSignificantBits());
    b.putLong(from.getEpochSecond()).putInt(from.getNano());
    b.putLong(to.getEpochSecond()).putInt(to.getNano());
    b.putLong(version).putInt(ordinal);
    b.put(digest(schema, Arrays.copyOf(b.array(), PAYLOAD)));
    return ENCODER.encodeToString(b.array());
  }

  /**
   * Decodes and checks a cursor.
   *
   * @param text      the cursor
   * @param schema    the ledger's schema
   * @param accountId the statement's account
   * @param from      the statement's start
   * @param to        the statement's end
   * @return the cursor
   * @throws InvalidRequestException naming {@code page.cursor} when it was not issued for this statement
   */
  public static StatementCursor decode(String text, String schema, AccountId accountId, Instant from, Instant to) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw notOurs(text);
    }
    if (bytes.length != PAYLOAD + DIGEST) {
      throw notOurs(text);
    }
    byte[] payload = Arrays.copyOf(bytes, PAYLOAD);
    if (!MessageDigest.isEqual(digest(schema, payload), Arrays.copyOfRange(bytes, PAYLOAD, PAYLOAD + DIGEST))) {
      throw notOurs(text);
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    AccountId account = new AccountId(new java.util.UUID(b.getLong(), b.getLong()));
    Instant f;
    Instant t;
    try {
      f = Instant.ofEpochSecond(b.getLong(), b.getInt());
      t = Instant.ofEpochSecond(b.getLong(), b.getInt());
    } catch (RuntimeException e) {
      throw notOurs(text);
    }
    StatementCursor cursor = new StatementCursor(account, f, t, b.getLong(), b.getInt());
    if (!account.equals(accountId) || !f.equals(from) || !t.equals(to)) {
      throw new InvalidRequestException("page.cursor", text, "was issued for another statement (account or range differs)");
    }
    return cursor;
  }

  private static InvalidRequestException notOurs(String text) {
    return new InvalidRequestException("page.cursor", text, "is not a cursor this ledger issued");
  }

  private static byte[] digest(String schema, byte[] payload) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(("corebanking-ledger:statement:" + schema + ":").getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(md.digest(payload), DIGEST);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
