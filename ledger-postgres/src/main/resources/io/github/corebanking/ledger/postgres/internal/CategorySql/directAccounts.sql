-- How many accounts are placed in a category directly.
SELECT count(*) FROM <schema>.category_accounts WHERE category_id = :category
