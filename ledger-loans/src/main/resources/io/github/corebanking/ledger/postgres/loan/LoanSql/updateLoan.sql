UPDATE <schema>.loans
SET status = :status,
    disbursement_transaction_id = :disbursementTransactionId,
    closed_on = :closedOn,
    principal_paid = :principalPaid,
    version = :version
WHERE loan_id = :loanId AND version = :expectedVersion
