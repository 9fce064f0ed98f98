package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.internal.UuidV7;
import java.util.UUID;

/** Makes ids for accounts, transactions and entries. The default makes time-ordered UUIDv7s. */
@FunctionalInterface
public interface IdGenerator {

  /** @return a new unique id */
  UUID nextId();

  /** @return UUIDv7 ids (RFC 9562): time-ordered, so inserts stay at the end of an index */
  static IdGenerator uuidV7() {
    return UuidV7::next;
  }

  /** @return random (version 4) UUIDs */
  static IdGenerator random() {
    return UUID::randomUUID;
  }
}
