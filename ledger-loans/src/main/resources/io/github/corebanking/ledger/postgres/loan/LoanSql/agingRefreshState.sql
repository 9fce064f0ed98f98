SELECT as_of, refreshed_at FROM <schema>.loan_aging_refresh
