CREATE TABLE IF NOT EXISTS <schema>.schema_history (
    module       text        NOT NULL,
    version      integer     NOT NULL,
    script       text        NOT NULL,
    checksum     text        NOT NULL,
    installed_by text        NOT NULL DEFAULT current_user,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    execution_ms bigint      NOT NULL,
    PRIMARY KEY (module, version)
)
