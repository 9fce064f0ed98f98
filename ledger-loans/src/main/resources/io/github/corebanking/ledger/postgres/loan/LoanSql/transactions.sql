SELECT kind, reference, transaction_id, value_date, amount, recorded_at
FROM <schema>.loan_transactions
WHERE loan_id = :loanId
ORDER BY seq
