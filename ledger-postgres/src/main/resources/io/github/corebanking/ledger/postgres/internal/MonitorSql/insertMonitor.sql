-- Defines a monitor, with no state (schema version 12): on an account (the currency is the
-- account's), or on a category with the currency its threshold is in. The target's columns may be
-- null, so each is cast.
INSERT INTO <schema>.balance_monitors (id, name, account_id, category_id, currency, currency_scale, measure,
        comparison, threshold, metadata, created_at)
VALUES (:id, :name, CAST(:accountId AS uuid), CAST(:categoryId AS uuid), CAST(:currency AS text),
        CAST(:currencyScale AS integer), :measure, :comparison, :threshold, CAST(:metadata AS jsonb), :createdAt)
