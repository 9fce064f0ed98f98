/**
 * Publishing the ledger's change feed to RabbitMQ: {@link io.github.corebanking.ledger.examples.relay.ChangeFeedRelay}
 * reads {@code Ledger.changes(after, limit)} from a stored position, publishes each change as a
 * persistent JSON message ({@link io.github.corebanking.ledger.examples.relay.ChangeMessages}) with
 * publisher confirms, and stores the position only once the broker has confirmed every message of
 * the page. A crash between the two republishes the unstored tail: delivery is at least once, and
 * consumers deduplicate by message id. Positions live in a
 * {@link io.github.corebanking.ledger.examples.relay.PositionStore}: PostgreSQL, a file, or memory.
 * See the "Publishing the change feed" section of {@code docs/operations.md}.
 */
@NullMarked
package io.github.corebanking.ledger.examples.relay;

import org.jspecify.annotations.NullMarked;
