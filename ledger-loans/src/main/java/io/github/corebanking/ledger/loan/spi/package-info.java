/**
 * The loan store SPI: {@link io.github.corebanking.ledger.loan.spi.LoanStore}, and the checks and
 * computations every store runs the same way ({@link io.github.corebanking.ledger.loan.spi.LoanPlanner},
 * {@link io.github.corebanking.ledger.loan.spi.AgingCalculator}). A store is correct when it passes
 * {@code LoanBookContract} from the testkit, unchanged.
 */
@NullMarked
package io.github.corebanking.ledger.loan.spi;

import org.jspecify.annotations.NullMarked;
