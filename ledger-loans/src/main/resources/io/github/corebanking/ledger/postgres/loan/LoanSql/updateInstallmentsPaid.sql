UPDATE <schema>.loan_installments
SET principal_paid = :principalPaid, interest_paid = :interestPaid
WHERE loan_id = :loanId AND number = :number
