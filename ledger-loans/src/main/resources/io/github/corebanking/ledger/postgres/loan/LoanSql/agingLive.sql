SELECT loan_id, borrower_reference, currency, currency_scale, outstanding_principal, overdue, days_past_due,
       oldest_unpaid_due_date
FROM <schema>.loan_aging_as_of(:asOf)
