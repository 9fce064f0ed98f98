SELECT number, due_date, principal_due, interest_due
FROM <schema>.loan_installments
WHERE loan_id = :loanId
ORDER BY number
