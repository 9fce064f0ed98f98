DELETE FROM <schema>.category_accounts WHERE category_id = :category AND account_id = :account
