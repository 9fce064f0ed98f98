SET client_min_messages = warning;
-- Scratch table for the pgbench floor: the cheapest write that still looks like a posting
-- (two rows, one commit). Run once before pgbench-floor.sql; pgbench-floor-teardown.sql drops it.
CREATE SCHEMA IF NOT EXISTS bench_floor;
DROP TABLE IF EXISTS bench_floor.postings;
CREATE TABLE bench_floor.postings (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account    integer     NOT NULL,
  amount     bigint      NOT NULL,
  posted_at  timestamptz NOT NULL DEFAULT now()
);
