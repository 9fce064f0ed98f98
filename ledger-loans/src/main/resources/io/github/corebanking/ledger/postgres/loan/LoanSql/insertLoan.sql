INSERT INTO <schema>.loans (loan_id, borrower_reference, receivable_account_id, currency, currency_scale, principal,
    disbursement_date, allocation_order, status, registered_at, version)
VALUES (:loanId, :borrowerReference, :receivableAccountId, :currency, :currencyScale, :principal,
    :disbursementDate, :allocationOrder, :status, :registeredAt, :version)
