-- The bytes of small file artifacts (up to 16 KiB), committed in the same group commit as the artifact's
-- record: one database fsync covers a whole batch of them instead of two fsyncs per file in the store.
-- The store keeps its own copy of each blob as well and writes it back from here when a crash lost it.
CREATE TABLE artifact_content (
    artifact_id TEXT PRIMARY KEY REFERENCES artifacts (id),
    content     BYTEA NOT NULL
);
