UPDATE <schema>.loan_aging_refresh SET loans = (SELECT count(*) FROM <schema>.loan_aging) RETURNING loans
