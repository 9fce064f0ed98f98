SELECT category_id, account_id FROM <schema>.category_accounts
