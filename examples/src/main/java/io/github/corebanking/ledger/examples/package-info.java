/**
 * Runnable programs that show the ledger at work; {@link io.github.corebanking.ledger.examples.LoanLifecycle}
 * is the main example.
 */
@NullMarked
package io.github.corebanking.ledger.examples;

import org.jspecify.annotations.NullMarked;
