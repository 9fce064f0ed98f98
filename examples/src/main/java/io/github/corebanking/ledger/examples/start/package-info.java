/** The getting-started program of docs/getting-started.md: a complete PostgreSQL program. */
package io.github.corebanking.ledger.examples.start;
