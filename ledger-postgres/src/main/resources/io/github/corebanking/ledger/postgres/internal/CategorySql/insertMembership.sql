-- Places an account in a category; 0 rows when it is there already.
INSERT INTO <schema>.category_accounts (category_id, account_id)
VALUES (:category, :account)
ON CONFLICT DO NOTHING
