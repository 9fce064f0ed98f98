-- What the runtime role needs, and no more (schema version 12). Every posting goes through
-- post_batch, snapshots and checkpoints through snapshot_day and checkpoint_day, counter repairs
-- through recalculate_counters, closing and reopening periods through close_period and
-- reopen_period, history imports through lock_history_import, record_import and mark_live, the change feed
-- through sequence_changes and prune_changes (its rows are written by triggers on transactions),
-- balance monitors' states, cursor and alerts through record_monitor_evaluation, and removals
-- through remove_monitor:
-- functions that run with their owner's rights and check or compute what they write. Directly the
-- role reads, opens accounts (their counters start at zero and are not its to set), changes an
-- account's status (UPDATE of that column only; also what lets it lock rows), and deletes
-- snapshots, checkpoints and job runs. It reads value_balances (and entries.value_date), which only
-- post_batch and recalculate_counters write, history_import, the feed (changes, change_feed) and the
-- monitors (balance_monitors, whose definitions it inserts, monitor_evaluator, monitor_alerts).
-- Hash chains: entries.hash, transactions.digest and accounts.last_entry_hash are written by
-- post_batch only; the role records verification checkpoints in hash_chain_checkpoints (never
-- unhashed_through, set by migration V10). It keeps the category tree: creates and deletes
-- categories, moves one (UPDATE of parent_id only, migration V11's trigger refuses a cycle and the
-- foreign keys a category deleted while it has sub-categories or accounts) and places accounts in
-- categories and takes them out; a category's code and normal side are not its to change.
-- Privileges granted by an earlier version of these statements are taken back first.
REVOKE ALL ON <schema>.accounts, <schema>.transactions, <schema>.entries, <schema>.balance_snapshots,
    <schema>.balance_checkpoints, <schema>.job_runs, <schema>.period_closures, <schema>.value_balances,
    <schema>.history_import, <schema>.changes, <schema>.change_feed, <schema>.change_queue,
    <schema>.hash_chain_checkpoints, <schema>.categories, <schema>.category_accounts,
    <schema>.balance_monitors, <schema>.monitor_evaluator, <schema>.monitor_alerts FROM <role>;
GRANT USAGE ON SCHEMA <schema> TO <role>;
GRANT SELECT ON <schema>.accounts, <schema>.transactions, <schema>.entries, <schema>.balance_snapshots,
    <schema>.balance_checkpoints, <schema>.job_runs, <schema>.period_closures, <schema>.value_balances,
    <schema>.history_import, <schema>.changes, <schema>.change_feed, <schema>.hash_chain_checkpoints,
    <schema>.categories, <schema>.category_accounts,
    <schema>.balance_monitors, <schema>.monitor_evaluator, <schema>.monitor_alerts TO <role>;
GRANT INSERT (id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
    credits_must_not_exceed_debits, metadata, created_at) ON <schema>.accounts TO <role>;
GRANT UPDATE (status) ON <schema>.accounts TO <role>;
GRANT INSERT (id, name, account_id, category_id, currency, currency_scale, measure, comparison, threshold, metadata,
    created_at) ON <schema>.balance_monitors TO <role>;
GRANT DELETE ON <schema>.balance_snapshots, <schema>.balance_checkpoints TO <role>;
GRANT INSERT, DELETE ON <schema>.job_runs TO <role>;
GRANT INSERT (account_id, verified_through, verified_hash, verified_at),
    UPDATE (verified_through, verified_hash, verified_at) ON <schema>.hash_chain_checkpoints TO <role>;
GRANT INSERT (id, code, name, normal_side, parent_id, created_at), DELETE ON <schema>.categories TO <role>;
GRANT UPDATE (parent_id) ON <schema>.categories TO <role>;
GRANT INSERT, DELETE ON <schema>.category_accounts TO <role>;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA <schema> TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.post_batch(uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[],
    bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[],
    timestamptz[], text[], text[], timestamptz[], uuid[], text[], uuid[], text[], timestamptz[], text[], uuid[],
    integer[], integer[], integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[], text[]) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.snapshot_day(date, timestamptz) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.checkpoint_day(date, timestamptz, timestamptz, bigint) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.recalculate_counters(uuid) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.ensure_entries_partition(date) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.ensure_entries_partitions(date, integer) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.account_changed(uuid, bigint, bigint) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.close_period(date, timestamptz, jsonb) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.reopen_period(date, timestamptz, jsonb) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.lock_history_import() TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.record_import(timestamptz, timestamptz, bigint, uuid[]) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.mark_live(timestamptz) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.lock_balance_snapshots() TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.sequence_changes(integer) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.prune_changes(timestamptz, bigint, integer) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.lock_categories() TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.record_monitor_evaluation(bigint, bigint, uuid[], boolean[], bigint[], text[],
    uuid[], bigint[], bigint[], bigint[], text[]) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.remove_monitor(uuid, timestamptz) TO <role>
