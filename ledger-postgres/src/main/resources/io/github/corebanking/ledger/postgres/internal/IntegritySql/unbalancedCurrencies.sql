-- Currencies whose posted debits differ from their posted credits, summed over all entries or
-- over the accounts' counters.
SELECT currency, currency_scale
FROM (
    SELECT currency, currency_scale, sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) AS net
    FROM <schema>.entries
    WHERE NOT pending
    GROUP BY currency, currency_scale
    UNION ALL
    SELECT currency, currency_scale, sum(posted_debits - posted_credits) AS net
    FROM <schema>.accounts
    GROUP BY currency, currency_scale
) per_currency
GROUP BY currency, currency_scale
HAVING bool_or(net <> 0)
ORDER BY currency, currency_scale
