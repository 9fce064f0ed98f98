/**
 * What another module plugs into the PostgreSQL schema: a
 * {@link io.github.corebanking.ledger.postgres.spi.SchemaModule} names a part of the schema, the
 * parts it needs and its migration scripts, so that one call,
 * {@code PostgresLedgerSchema.migrate(dataSource, schema)}, migrates them all into one history.
 */
@NullMarked
package io.github.corebanking.ledger.postgres.spi;

import org.jspecify.annotations.NullMarked;
