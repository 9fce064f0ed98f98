package io.github.corebanking.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as the library computes it, in one place: with this thread's digest (looked up once per
 * thread, not per hash) and given as 64 lowercase hex digits. Not supported for use outside the
 * library.
 */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /**
   * @param bytes  the input
   * @param offset where it starts
   * @param length how many bytes
   * @return their SHA-256 as 64 lowercase hex digits
   */
  public static String hex(byte[] bytes, int offset, int length) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(bytes, offset, length);
    return HEX.formatHex(md.digest());
  }

  /**
   * @param text the input, encoded as UTF-8
   * @return its SHA-256 as 64 lowercase hex digits
   */
  public static String hex(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return hex(b, 0, b.length);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
