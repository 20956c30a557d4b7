-- Settings the user chooses, one row per setting. A missing row means the built-in default, so
-- a new setting needs no migration of its own.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
