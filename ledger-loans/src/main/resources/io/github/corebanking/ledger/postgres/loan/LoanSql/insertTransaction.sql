INSERT INTO <schema>.loan_transactions (loan_id, kind, reference, transaction_id, value_date, amount, recorded_at)
VALUES (:loanId, :kind, :reference, :transactionId, :valueDate, :amount, :recordedAt)
