-- Transactions whose entries do not balance per currency and phase (holds, postings).
SELECT DISTINCT transaction_id
  FROM (SELECT transaction_id
          FROM {schema}.entries
         GROUP BY transaction_id, pending, currency
        HAVING sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) <> 0) AS u
 ORDER BY transaction_id
