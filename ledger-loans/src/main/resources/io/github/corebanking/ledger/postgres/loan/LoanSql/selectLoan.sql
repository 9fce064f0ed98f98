SELECT loan_id, borrower_reference, receivable_account_id, currency, currency_scale, principal, disbursement_date,
       allocation_order, status, disbursement_transaction_id, closed_on, registered_at, version
FROM <schema>.loans
WHERE loan_id = :loanId
