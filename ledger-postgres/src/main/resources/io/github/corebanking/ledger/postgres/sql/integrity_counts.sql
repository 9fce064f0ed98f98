SELECT (SELECT count(*) FROM {schema}.transactions), (SELECT count(*) FROM {schema}.entries)
