/**
 * Argument checks shared by the loan model. Not supported for use outside the library: these
 * types may change in any release.
 */
@NullMarked
package io.github.corebanking.ledger.loan.internal;

import org.jspecify.annotations.NullMarked;
