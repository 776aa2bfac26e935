-- The append-only audit log of state-changing calls (SQLite variant: rowid ids; triggers refuse changes).
CREATE TABLE server_audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       BIGINT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    status   INTEGER NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX server_audit_at ON server_audit (at);
CREATE TRIGGER server_audit_no_update BEFORE UPDATE ON server_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER server_audit_no_delete BEFORE DELETE ON server_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
