SELECT <schema>.ensure_entries_partitions(:from, :months)
