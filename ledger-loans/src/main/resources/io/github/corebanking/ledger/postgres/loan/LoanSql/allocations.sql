SELECT transaction_id, installment_number, principal, interest
FROM <schema>.loan_allocations
WHERE loan_id = :loanId
ORDER BY transaction_id, installment_number
