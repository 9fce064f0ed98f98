ANALYZE <schema>.<relation>
