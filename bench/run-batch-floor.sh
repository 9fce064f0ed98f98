#!/usr/bin/env bash
# Runs the batch floor: creates schema bench_batch from the ledger's shipped migrations with 1,000
# accounts, runs pgbench-batch-floor.sql with CLIENTS clients for SECONDS seconds, then drops the
# schema. Usage: bench/run-batch-floor.sh [clients] [seconds]
# Connection settings come from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE).
set -euo pipefail
cd "$(dirname "$0")"
clients=${1:-8}
seconds=${2:-15}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-root} PGDATABASE=${PGDATABASE:-test}
migrations=../ledger-postgres/src/main/resources/io/github/corebanking/ledger/postgres/migration
trap 'psql -q -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS bench_batch CASCADE"' EXIT
psql -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS bench_batch CASCADE; CREATE SCHEMA bench_batch"
# In version order (V10 after V9, not after V1 as the glob sorts it), each in one transaction as
# the migration runner applies it.
for script in $(ls "$migrations"/V*.sql | sort -V); do
  { echo "SET search_path = bench_batch;"; cat "$script"; } | psql -q -1 -v ON_ERROR_STOP=1
done
psql -q -v ON_ERROR_STOP=1 <<'SQL'
SET search_path = bench_batch;
SELECT ensure_entries_partitions(CAST(now() AS date), 2);
INSERT INTO accounts (id, code, name, type, currency, currency_scale, status, created_at)
SELECT gen_random_uuid(), lpad(n::text, 4, '0'), 'Account ' || n, 'LIABILITY', 'USD', 2, 'OPEN', now()
  FROM generate_series(1, 1000) AS n;
ANALYZE;
SQL
pgbench -n -M prepared -c "$clients" -j "$clients" -T "$seconds" -f pgbench-batch-floor.sql
