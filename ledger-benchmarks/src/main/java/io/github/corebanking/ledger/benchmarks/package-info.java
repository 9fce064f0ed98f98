/**
 * Load and micro benchmarks of the ledger: {@link io.github.corebanking.ledger.benchmarks.PostingLoad}
 * drives concurrent postings (or as-of reads) against PostgreSQL or the in-memory store and prints
 * a machine-readable {@code RESULT} line. Not published.
 */
@NullMarked
package io.github.corebanking.ledger.benchmarks;

import org.jspecify.annotations.NullMarked;
