package io.github.corebanking.ledger;

/**
 * The change feed was asked for changes after a position that retention has already pruned past:
 * some of the changes the reader has not seen are gone. Not retryable; the consumer resynchronizes
 * (from the ledger's reads, or an archive of the feed) and resumes from {@link #prunedThrough()}.
 */
public class ChangesPrunedException extends LedgerException {

  private static final long serialVersionUID = 1L;

  private final long prunedThrough;

  /**
   * Creates the exception.
   *
   * @param after         the position asked for
   * @param prunedThrough the highest position pruned
   */
  public ChangesPrunedException(long after, long prunedThrough) {
    super("after", after, "is before the oldest change kept: positions up to " + prunedThrough
        + " were pruned by retention");
    this.prunedThrough = prunedThrough;
  }

  /** @return the highest position pruned; the feed holds every change after it */
  public long prunedThrough() {
    return prunedThrough;
  }
}
