-- Which of the given objects exist in the schema. kinds[i] names the catalog of names[i]
-- (ScriptObjects.Kind); a column is named table.column.
SELECT o.kind || ' ' || o.name
FROM unnest(CAST(:kinds AS text[]), CAST(:names AS text[])) AS o(kind, name)
CROSS JOIN (SELECT oid FROM pg_namespace WHERE nspname = :schema) AS s
WHERE CASE o.kind
    WHEN 'relation' THEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = s.oid AND c.relname = o.name)
    WHEN 'routine' THEN EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = s.oid AND p.proname = o.name)
    WHEN 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                                WHERE c.relnamespace = s.oid AND t.tgname = o.name)
    WHEN 'type' THEN EXISTS (SELECT 1 FROM pg_type y WHERE y.typnamespace = s.oid AND y.typname = o.name)
    WHEN 'column' THEN EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                               WHERE c.relnamespace = s.oid AND c.relname = split_part(o.name, '.', 1)
                                 AND a.attname = split_part(o.name, '.', 2) AND a.attnum > 0 AND NOT a.attisdropped)
    WHEN 'constraint' THEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.connamespace = s.oid AND k.conname = o.name)
    ELSE false
END
