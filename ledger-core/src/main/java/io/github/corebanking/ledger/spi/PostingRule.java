package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.PostingRequest;
import java.util.Map;

/**
 * A user rule checked before a new posting reaches the store: pure, from the request and the
 * touched accounts' definitions to accept or reject. Limits that depend on balances belong in
 * account constraint flags, which the store enforces atomically.
 *
 * <pre>{@code
 * PostingRule maxTransfer = (request, accounts) -> request.entries().stream()
 *     .anyMatch(e -> e.amount().minorUnits() > 1_000_000_00L)
 *         ? RuleDecision.reject("entries.amount", "over 1,000,000", "needs a second approver")
 *         : RuleDecision.accept();
 * }</pre>
 */
@FunctionalInterface
public interface PostingRule {

  /**
   * Evaluates a request.
   *
   * @param request  the request
   * @param accounts the accounts its entries name that exist, by id
   * @return accept or reject
   */
  RuleDecision evaluate(PostingRequest request, Map<AccountId, Account> accounts);

  /** @return the rule's name in error messages */
  default String name() {
    return getClass().getSimpleName().isEmpty() ? "rule" : getClass().getSimpleName();
  }
}
