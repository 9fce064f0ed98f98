-- Defines a monitor, with no state (schema version 12).
INSERT INTO <schema>.balance_monitors (id, name, account_id, measure, comparison, threshold, metadata, created_at)
VALUES (:id, :name, :accountId, :measure, :comparison, :threshold, CAST(:metadata AS jsonb), :createdAt)
