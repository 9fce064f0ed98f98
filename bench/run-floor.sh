#!/usr/bin/env bash
# Runs the pgbench floor: creates the scratch table, runs pgbench-floor.sql with CLIENTS clients
# for SECONDS seconds, then drops the table. Usage: bench/run-floor.sh [clients] [seconds]
# Connection settings come from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE).
set -euo pipefail
cd "$(dirname "$0")"
clients=${1:-8}
seconds=${2:-15}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-root} PGDATABASE=${PGDATABASE:-test}
psql -q -v ON_ERROR_STOP=1 -f pgbench-floor-setup.sql
trap 'psql -q -f pgbench-floor-teardown.sql' EXIT
pgbench -n -M prepared -c "$clients" -j "$clients" -T "$seconds" -f pgbench-floor.sql
