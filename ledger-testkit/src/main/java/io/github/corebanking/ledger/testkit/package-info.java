/**
 * Testing with the ledger: an in-memory store, fixtures, a test clock and domain assertions.
 */
@NullMarked
package io.github.corebanking.ledger.testkit;

import org.jspecify.annotations.NullMarked;
