SELECT EXISTS (SELECT 1 FROM <schema>.entries e
               WHERE NOT e.pending AND e.posted_at >= :from AND e.posted_at < :to)
