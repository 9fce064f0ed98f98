SELECT {schema}.ensure_entries_partition(?::date)
