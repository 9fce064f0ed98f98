package io.github.corebanking.ledger;

import java.util.List;

/**
 * What hash-chain verification ({@link Ledger#verifyHashChains}) walked and found.
 *
 * <p>Each account's chain is walked from its checkpoint (the version and hash verification last
 * found intact), or from its first entry when {@code full}; an account found intact gets a new
 * checkpoint at its latest version, an account with findings keeps its old one, so its findings are
 * reported again by every run until the damage is repaired.
 *
 * @param full                whether every chain was walked from its start, ignoring checkpoints
 * @param accountsChecked     accounts whose chain was read
 * @param entriesChecked      entries whose hash was recomputed
 * @param transactionsChecked transactions whose digest was recomputed
 * @param findings            every row found changed, by account then chain order
 */
public record HashChainReport(boolean full, long accountsChecked, long entriesChecked, long transactionsChecked,
    List<HashChainFinding> findings) {

  /** Freezes the list. */
  public HashChainReport {
    findings = List.copyOf(findings);
  }

  /** @return whether nothing was found */
  public boolean ok() {
    return findings.isEmpty();
  }
}
