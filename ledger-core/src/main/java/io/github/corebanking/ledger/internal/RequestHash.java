package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.TransactionId;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a request's content, stored with its idempotency key so that a repeat can be told
 * from a conflicting reuse. Not supported for use outside the library.
 */
public final class RequestHash {

  /** This thread's text buffer: a request's text is built on every posting, and hashed at once. */
  private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(256));

  private RequestHash() {}

  /**
   * @param r a posting request
   * @return its SHA-256 digest in hex
   */
  public static String of(PostingRequest r) {
    StringBuilder s = text().append("post\u001f").append(r.idempotencyKey()).append('\u001f')
        .append(r.description()).append('\u001f').append(r.effectiveDate()).append('\u001f')
        .append(r.pending()).append('\u001f').append(r.expiresAt()).append('\u001f');
    for (EntryRequest e : r.entries()) {
      s.append(e.accountId()).append(':').append(e.side()).append(':').append(e.amount().minorUnits()).append(':')
          .append(e.amount().currency().code()).append('/').append(e.amount().currency().scale()).append('\u001e');
    }
    Map<String, String> metadata = r.metadata().size() < 2 ? r.metadata() : new TreeMap<>(r.metadata());
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      s.append(m.getKey()).append('=').append(m.getValue()).append('\u001e');
    }
    return Sha256.hex(s);
  }

  /** @return this thread's text buffer, emptied (one grown very large is not kept) */
  private static StringBuilder text() {
    StringBuilder s = TEXT.get();
    if (s.capacity() > 1 << 14) {
      s = new StringBuilder(256);
      TEXT.set(s);
    }
    s.setLength(0);
    return s;
  }

  /**
   * @param r        an imported posting's request
   * @param bookedAt its original booking instant, part of what a replay must repeat
   * @return the SHA-256 digest of the imported posting
   */
  public static String ofImport(PostingRequest r, java.time.Instant bookedAt) {
    return sha256("import\u001f" + bookedAt + '\u001f' + of(r));
  }

  /**
   * @param original       the reversed transaction
   * @param idempotencyKey the reversal's key
   * @param description    the reversal's description
   * @return the SHA-256 digest of a reversal request
   */
  public static String ofReversal(TransactionId original, String idempotencyKey, String description) {
    return sha256("reverse\u001f" + original + '\u001f' + idempotencyKey + '\u001f' + description);
  }

  private static String sha256(String text) {
    return Sha256.hex(text);
  }
}
