UPDATE <schema>.loans
SET status = :status,
    disbursement_transaction_id = CAST(:disbursementTransactionId AS uuid),
    closed_on = CAST(:closedOn AS date),
    principal_paid = :principalPaid,
    version = :version
WHERE loan_id = :loanId AND version = :expectedVersion
