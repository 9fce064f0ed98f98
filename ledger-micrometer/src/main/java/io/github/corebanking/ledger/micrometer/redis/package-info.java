/**
 * Meters of the Redis balance cache's tiers (per-process L1, Redis L2, store loads) and of its
 * state. Needs {@code ledger-redis} on the class path.
 */
@NullMarked
package io.github.corebanking.ledger.micrometer.redis;

import org.jspecify.annotations.NullMarked;
