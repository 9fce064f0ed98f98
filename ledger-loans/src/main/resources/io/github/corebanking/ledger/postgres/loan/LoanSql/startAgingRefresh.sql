UPDATE <schema>.loan_aging_refresh SET as_of = :asOf, refreshed_at = :refreshedAt
