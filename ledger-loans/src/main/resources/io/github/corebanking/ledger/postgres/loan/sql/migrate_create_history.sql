CREATE TABLE IF NOT EXISTS {schema}.loan_schema_history (
    version      integer     PRIMARY KEY,
    script       text        NOT NULL,
    checksum     text        NOT NULL,
    installed_by text        NOT NULL DEFAULT current_user,
    installed_at timestamptz NOT NULL DEFAULT now(),
    execution_ms bigint      NOT NULL
)
