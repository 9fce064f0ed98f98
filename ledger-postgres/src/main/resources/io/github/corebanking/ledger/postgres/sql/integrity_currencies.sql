-- Currencies whose posted debits differ from their posted credits over all entries.
SELECT currency, currency_scale
  FROM {schema}.entries
 WHERE NOT pending
 GROUP BY currency, currency_scale
HAVING sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) <> 0
 ORDER BY currency
