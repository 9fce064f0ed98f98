package io.github.corebanking.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 as the library computes it, in one place: with this thread's digest and buffers (looked
 * up once per thread, not per hash) and given as 64 lowercase hex digits. Hashing sits on every
 * posting's path (request hash, entry hashes, transaction digest), so it copies nothing it need not.
 * Not supported for use outside the library.
 */
public final class Sha256 {

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Text longer than this is encoded by the JDK rather than into this thread's buffer, which is not kept that large. */
  private static final int MAX_BUFFERED = 1 << 14;
  private static final ThreadLocal<Mine> MINE = ThreadLocal.withInitial(Mine::new);

  private Sha256() {}

  /**
   * @param bytes  the input
   * @param offset where it starts
   * @param length how many bytes
   * @return their SHA-256 as 64 lowercase hex digits
   */
  public static String hex(byte[] bytes, int offset, int length) {
    return MINE.get().hex(bytes, offset, length);
  }

  /**
   * @param text the input, encoded as UTF-8
   * @return its SHA-256 as 64 lowercase hex digits
   */
  public static String hex(String text) {
    return hex((CharSequence) text);
  }

  /**
   * @param text the input, encoded as UTF-8 (ASCII text is copied straight into this thread's
   *             buffer; other text is encoded by {@link String#getBytes})
   * @return its SHA-256 as 64 lowercase hex digits
   */
  public static String hex(CharSequence text) {
    Mine mine = MINE.get();
    int n = text.length();
    if (n <= MAX_BUFFERED) {
      byte[] buf = mine.text(n);
      if (copyAscii(text, buf, 0)) {
        return mine.hex(buf, 0, n);
      }
    }
    byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
    return mine.hex(b, 0, b.length);
  }

  /**
   * Copies ASCII text into {@code into} from {@code at} as its UTF-8 bytes, which are its chars, for
   * the encodings that hash text without building its bytes first.
   *
   * @return whether the text was ASCII; if not, what was copied is to be written over
   */
  static boolean copyAscii(CharSequence text, byte[] into, int at) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      into[at + i] = (byte) c;
    }
    return true;
  }

  /** This thread's digest and buffers. */
  private static final class Mine {
    final MessageDigest md = newDigest();
    final byte[] digest = new byte[32];
    final byte[] hex = new byte[64];
    byte[] text = new byte[256];

    byte[] text(int n) {
      if (text.length < n) {
        text = new byte[Math.max(n, text.length * 2)];
      }
      return text;
    }

    String hex(byte[] bytes, int offset, int length) {
      md.reset();
      md.update(bytes, offset, length);
      try {
        md.digest(digest, 0, 32);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 gives 32 bytes", e);
      }
      for (int i = 0; i < 32; i++) {
        hex[2 * i] = DIGITS[(digest[i] >> 4) & 0xF];
        hex[2 * i + 1] = DIGITS[digest[i] & 0xF];
      }
      return new String(hex, StandardCharsets.ISO_8859_1);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
