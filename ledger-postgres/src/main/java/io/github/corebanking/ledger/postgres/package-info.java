/**
 * The PostgreSQL ledger store.
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");
 * PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema("ledger").build();
 * Ledger ledger = Ledger.builder().store(store).build();
 * }</pre>
 *
 * <p>{@link io.github.corebanking.ledger.postgres.PostgresLedgerSchema} applies the migrations
 * shipped in this jar; {@link io.github.corebanking.ledger.postgres.PostgresLedgerStore} is the
 * {@link io.github.corebanking.ledger.spi.LedgerStore}. One schema holds one ledger.
 *
 * <h2>Tables</h2>
 * {@code accounts} (definitions and the four balance counters), {@code transactions},
 * {@code entries} (range-partitioned by UTC month on {@code posted_at}, partitions named
 * {@code entries_YYYY_MM}), {@code balance_snapshots}, {@code value_balances} (posted counters
 * by account and value date, cumulative, kept by every posting), {@code history_import} (where a
 * history import stands, and since when the ledger is live), {@code job_runs} and
 * {@code schema_history} (every schema module's applied scripts, keyed by module and version; see
 * {@link io.github.corebanking.ledger.postgres.spi.SchemaModule}). Entries and posted transactions are append-only, enforced by
 * triggers.
 *
 * <h2>Partitions</h2>
 * The function {@code ensure_entries_partition(p_month date) RETURNS boolean}, in the ledger's
 * schema, creates the partition for the month containing {@code p_month} when it is missing
 * (true) or does nothing (false); it is idempotent and safe to call concurrently.
 * {@code ensure_entries_partitions(p_from date, p_months integer) RETURNS integer} does the same
 * for consecutive months and returns how many it created. The store calls the first on demand
 * before booking into a month it has not seen; the partitions job calls the second ahead of time.
 */
@NullMarked
package io.github.corebanking.ledger.postgres;

import org.jspecify.annotations.NullMarked;
