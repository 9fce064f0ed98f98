/**
 * The ledger's public API: the model (accounts, transactions, entries, money), the {@link io.github.corebanking.ledger.Ledger} facade and its typed exceptions under {@link io.github.corebanking.ledger.LedgerException}.
 */
@NullMarked
package io.github.corebanking.ledger;

import org.jspecify.annotations.NullMarked;
