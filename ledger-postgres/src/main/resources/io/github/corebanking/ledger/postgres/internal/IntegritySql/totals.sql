SELECT (SELECT count(*) FROM <schema>.accounts) AS accounts,
       (SELECT count(*) FROM <schema>.transactions) AS transactions,
       (SELECT count(*) FROM <schema>.entries) AS entries
