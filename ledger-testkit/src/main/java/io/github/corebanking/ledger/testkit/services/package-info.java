/**
 * Test servers for store, cache and broker tests: addresses from the environment, Testcontainers as a
 * fallback, and a hard failure under {@code LEDGER_REQUIRE_SERVICES=true}.
 */
@NullMarked
package io.github.corebanking.ledger.testkit.services;

import org.jspecify.annotations.NullMarked;
