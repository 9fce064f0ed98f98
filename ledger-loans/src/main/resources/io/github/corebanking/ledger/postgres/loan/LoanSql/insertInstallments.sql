INSERT INTO <schema>.loan_installments (loan_id, number, due_date, principal_due, interest_due)
VALUES (:loanId, :number, :dueDate, :principalDue, :interestDue)
