package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One session waiting for a lock that another session holds: who blocks whom, on what, for how
 * long. A session blocked by several others appears once per blocker.
 *
 * <p>The classic culprit is a blocker in state {@code idle in transaction}: a client that opened a
 * transaction, took row locks and went away without committing. Ending it
 * ({@code SELECT pg_terminate_backend(blockingPid)}) releases its locks; that is the operator's
 * decision, never the library's.
 *
 * @param blockedPid          the waiting backend's process id
 * @param blockedUser         the role it runs as
 * @param blockedApplication  its {@code application_name}
 * @param blockedQuery        what it runs (the text PostgreSQL shows; empty without the right to see it)
 * @param waiting             how long it has waited for the lock
 * @param lockType            what kind of lock it waits for, such as {@code transactionid} or {@code relation}
 * @param lockMode            the mode it asked for, such as {@code ShareLock}
 * @param relation            the table it waits on, when the lock is on one
 * @param blockingPid         the blocking backend's process id
 * @param blockingUser        the role it runs as
 * @param blockingApplication its {@code application_name}
 * @param blockingQuery       its current or last statement
 * @param blockingState       its state, such as {@code active} or {@code idle in transaction}
 * @param blockingTransaction how long the blocker's transaction has been open, when it has one
 */
public record BlockingLock(int blockedPid, String blockedUser, String blockedApplication, String blockedQuery,
    Duration waiting, String lockType, String lockMode, @Nullable String relation, int blockingPid,
    String blockingUser, String blockingApplication, String blockingQuery, String blockingState,
    @Nullable Duration blockingTransaction) {

  /** Checks the fields. */
  public BlockingLock {
    Objects.requireNonNull(blockedUser, "blockedUser");
    Objects.requireNonNull(blockedApplication, "blockedApplication");
    Objects.requireNonNull(blockedQuery, "blockedQuery");
    Objects.requireNonNull(waiting, "waiting");
    Objects.requireNonNull(lockType, "lockType");
    Objects.requireNonNull(lockMode, "lockMode");
    Objects.requireNonNull(blockingUser, "blockingUser");
    Objects.requireNonNull(blockingApplication, "blockingApplication");
    Objects.requireNonNull(blockingQuery, "blockingQuery");
    Objects.requireNonNull(blockingState, "blockingState");
  }

  /** @return the table waited on, if the lock is on one */
  public Optional<String> relationName() {
    return Optional.ofNullable(relation);
  }

  @Override
  public String toString() {
    return "pid " + blockedPid + " (" + blockedApplication + ") waits " + waiting.toMillis() + " ms for " + lockMode
        + " on " + (relation != null ? relation : lockType) + ", blocked by pid " + blockingPid + " ("
        + blockingApplication + ", " + blockingState + "): " + abbreviate(blockingQuery);
  }

  private static String abbreviate(String q) {
    String one = q.replaceAll("\\s+", " ").trim();
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }
}
