/**
 * Implementation classes. Not supported for use outside the library: they may change in any release.
 */
@NullMarked
package io.github.corebanking.ledger.internal;

import org.jspecify.annotations.NullMarked;
