/**
 * Implementation of the PostgreSQL store: SQL resources, row mapping, SQLSTATE translation and the
 * group-commit writer. Not supported for use outside the library; it may change in any release.
 */
@NullMarked
package io.github.corebanking.ledger.postgres.internal;

import org.jspecify.annotations.NullMarked;
