-- Stands for a ledger script released after the loans' scripts were applied.
CREATE TABLE later_ledger_table (id integer);
