-- The append-only audit log of state-changing calls (PostgreSQL variant: identity ids; a trigger refuses changes).
CREATE TABLE server_audit (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       BIGINT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    status   INTEGER NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX server_audit_at ON server_audit (at);
CREATE FUNCTION server_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER server_audit_no_change BEFORE UPDATE OR DELETE ON server_audit FOR EACH ROW EXECUTE FUNCTION server_audit_append_only();
