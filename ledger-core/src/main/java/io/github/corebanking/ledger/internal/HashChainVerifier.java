package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.HashChainFinding;
import io.github.corebanking.ledger.HashChainFinding.Kind;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.spi.HashChainHead;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks every account's hash chain in chain order, recomputing each entry's hash from the one
 * before it ({@link EntryHashes}) and each met transaction's digest, and names every row that no
 * longer fits. The one verifier of every store: the store only reads ({@link
 * LedgerStore#hashChainHeads}, {@link LedgerStore#hashChainEntries}, {@link
 * LedgerStore#findTransactions}) and keeps checkpoints. Not supported for use outside the library.
 *
 * <p>How a mismatch at entry {@code e} (its hash is not the hash of the link before it and its
 * content) is told apart:
 * <ul>
 *   <li>the entry after {@code e} chains to the link before {@code e}: the chain runs around
 *       {@code e}, which was inserted ({@link Kind#ENTRY_INSERTED}); so is an entry whose transaction
 *       does not exist, and one carrying a version its account never reached;</li>
 *   <li>otherwise, when {@code e}'s transaction digest does not match: {@code e} was edited
 *       ({@link Kind#ENTRY_EDITED});</li>
 *   <li>otherwise {@code e} is as booked but chains to an entry no longer there: entries before it
 *       were deleted ({@link Kind#ENTRY_MISSING}).</li>
 * </ul>
 * The walk then goes on from {@code e}'s own hash (from the link before it when {@code e} was
 * inserted), so one damaged row is reported once and the rows after it are checked as usual. An
 * account whose last link is not the latest entry hash its row records lost entries at its end
 * ({@link Kind#ENTRIES_MISSING_AT_END}).
 */
public final class HashChainVerifier {

  /** Heads and entries read per page. */
  public static final int PAGE = 1_000;

  private final LedgerStore store;
  private final int page;

  /**
   * @param store the store whose chains to walk
   * @param page  heads and entries read per round trip
   */
  public HashChainVerifier(LedgerStore store, int page) {
    this.store = Objects.requireNonNull(store, "store");
    if (page < 2) {
      throw new IllegalArgumentException("page must be at least 2: " + page);
    }
    this.page = page;
  }

  /**
   * @param full walk every chain from its start, ignoring (and then renewing) checkpoints
   * @return what was walked and found
   */
  public HashChainReport verify(boolean full) {
    Run run = new Run(full);
    AccountId after = null;
    while (true) {
      List<HashChainHead> heads = store.hashChainHeads(after, page);
      for (HashChainHead head : heads) {
        run.account(head);
      }
      if (heads.size() < page) {
        break;
      }
      after = heads.get(heads.size() - 1).accountId();
    }
    return new HashChainReport(full, run.accounts, run.entries, run.transactions, run.findings);
  }

  /** One verification run. */
  private final class Run {
    final boolean full;
    final List<HashChainFinding> findings = new ArrayList<>();
    /** Transactions already reported, so that one met from several accounts is reported once. */
    final Set<TransactionId> reported = new HashSet<>();
    long accounts;
    long entries;
    long transactions;

    Run(boolean full) {
      this.full = full;
    }

    void account(HashChainHead head) {
      accounts++;
      boolean resume = !full && head.verifiedThrough() > head.unhashedThrough() && head.verifiedHash() != null;
      long from = resume ? head.verifiedThrough() : head.unhashedThrough();
      if (from >= head.version()) {
        beyond(head);
        return;
      }
      String link = resume ? Objects.requireNonNull(head.verifiedHash()) : EntryHashes.GENESIS;
      int before = findings.size();
      // Per account, the digest verdict of each transaction met (true: matches, or none kept).
      Map<TransactionId, Boolean> digests = new HashMap<>();
      Chain chain = new Chain(head, from, read -> checkDigests(head.accountId(), read, digests));
      Entry last = null;
      for (Entry e = chain.next(); e != null; e = chain.next()) {
        entries++;
        if (EntryHashes.entryHash(link, e).equals(e.hash())) {
          link = Objects.requireNonNull(e.hash());
          last = e;
          continue;
        }
        Entry next = chain.peek();
        Boolean digest = digests.get(e.transactionId());
        if (digest == null) {
          finding(Kind.ENTRY_INSERTED, head.accountId(), e, "its transaction does not exist");
        } else if (next != null ? EntryHashes.entryHash(link, next).equals(next.hash())
            : link.equals(lastHash(head))) {
          finding(Kind.ENTRY_INSERTED, head.accountId(), e,
              "the account's chain runs around it (the entry after it chains to the one before it)");
        } else if (!digest) {
          finding(Kind.ENTRY_EDITED, head.accountId(), e, "its content no longer matches its hash "
              + e.hash() + " and its transaction's digest");
          link = e.hash() != null ? e.hash() : link;
          last = e;
        } else {
          finding(Kind.ENTRY_MISSING, head.accountId(), e, "it chains to an entry that is no longer there: "
              + "an entry of the account before it (after " + (last == null ? "the chain's start" : "entry "
              + last.id().value()) + ") was deleted");
          link = e.hash() != null ? e.hash() : link;
          last = e;
        }
      }
      beyond(head);
      if (!link.equals(lastHash(head))) {
        findings.add(new HashChainFinding(Kind.ENTRIES_MISSING_AT_END, head.accountId(),
            last == null ? null : last.id(), last == null ? null : last.transactionId(),
            "the account records " + lastHash(head) + " as its latest entry hash at version " + head.version()
                + ", its last entry ends the chain at " + link + ": entries at its end were deleted"));
      }
      if (findings.size() == before) {
        store.saveHashChainCheckpoint(head.accountId(), head.version(), link);
      }
    }

    /**
     * Entries carrying a version the account has not reached: a posting commits its entries with the
     * account's new version, so an entry above the version read after it was inserted.
     */
    private void beyond(HashChainHead head) {
      List<Entry> later = store.hashChainEntries(head.accountId(), head.version(), Integer.MAX_VALUE, Long.MAX_VALUE,
          page);
      if (later.isEmpty()) {
        return;
      }
      long version = store.findBalance(head.accountId()).map(b -> b.version()).orElse(head.version());
      for (Entry e : later) {
        if (e.accountVersion() > version) {
          entries++;
          finding(Kind.ENTRY_INSERTED, head.accountId(), e, "it carries version " + e.accountVersion()
              + ", above the account's " + version);
        }
      }
    }

    /** Recomputes the digests of the transactions of the page just read that were not met yet. */
    private void checkDigests(AccountId account, List<Entry> read, Map<TransactionId, Boolean> digests) {
      Set<TransactionId> unknown = new LinkedHashSet<>();
      for (Entry e : read) {
        if (!digests.containsKey(e.transactionId())) {
          unknown.add(e.transactionId());
        }
      }
      if (unknown.isEmpty()) {
        return;
      }
      for (Transaction t : store.findTransactions(unknown)) {
        boolean ok = t.digest() == null || EntryHashes.transactionDigest(t).equals(t.digest());
        // Counted once per run: on the account of its last entry (the one a commit appended last).
        List<Entry> all = t.entries();
        if (t.digest() != null && !all.isEmpty()
            && all.get(all.size() - 1).accountId().equals(account)) {
          transactions++;
        }
        digests.put(t.id(), ok);
        if (!ok && reported.add(t.id())) {
          findings.add(new HashChainFinding(Kind.TRANSACTION_DIGEST_MISMATCH, account, null, t.id(),
              "its digest " + t.digest() + " does not match its header and its " + t.entries().size()
                  + " entries: one was edited, inserted or deleted"));
        }
      }
    }

    private void finding(Kind kind, AccountId account, Entry e, String detail) {
      findings.add(new HashChainFinding(kind, account, e.id(), e.transactionId(), detail));
    }
  }

  private static String lastHash(HashChainHead head) {
    return head.lastEntryHash() == null ? EntryHashes.GENESIS : head.lastEntryHash();
  }

  /** An account's entries after a version through its head's, page by page, with one entry of lookahead. */
  private final class Chain {
    final HashChainHead head;
    long version;
    /** Where the last page ended; at first past the whole of version {@code from}. */
    int ordinal = Integer.MAX_VALUE;
    boolean exhausted;
    List<Entry> buffer = List.of();
    int position;

    final java.util.function.Consumer<List<Entry>> onRead;

    Chain(HashChainHead head, long from, java.util.function.Consumer<List<Entry>> onRead) {
      this.head = head;
      this.version = from;
      this.onRead = onRead;
    }

    @Nullable Entry next() {
      Entry e = peek();
      if (e != null) {
        position++;
      }
      return e;
    }

    @Nullable Entry peek() {
      if (position == buffer.size()) {
        fill();
      }
      return position < buffer.size() ? buffer.get(position) : null;
    }

    private void fill() {
      if (exhausted) {
        buffer = List.of();
        position = 0;
        return;
      }
      List<Entry> read = store.hashChainEntries(head.accountId(), version, ordinal, head.version(), page);
      if (read.size() < page) {
        exhausted = true;
      }
      if (!read.isEmpty()) {
        Entry last = read.get(read.size() - 1);
        version = last.accountVersion();
        ordinal = last.ordinal();
      }
      buffer = read;
      position = 0;
      onRead.accept(read);
    }
  }
}
