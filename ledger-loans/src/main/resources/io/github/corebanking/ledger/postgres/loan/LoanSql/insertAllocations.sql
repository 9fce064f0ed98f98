INSERT INTO <schema>.loan_allocations (transaction_id, installment_number, loan_id, value_date, principal, interest)
VALUES (:transactionId, :installmentNumber, :loanId, :valueDate, :principal, :interest)
