SET client_min_messages = warning;
-- Drops the scratch table made by pgbench-floor-setup.sql.
DROP SCHEMA IF EXISTS bench_floor CASCADE;
