/**
 * Service provider interfaces: what a store, a balance cache, a posting rule, a listener or an id generator implements, and the shared {@link io.github.corebanking.ledger.spi.PostingPlanner} that makes every store apply the same rules.
 */
@NullMarked
package io.github.corebanking.ledger.spi;

import org.jspecify.annotations.NullMarked;
