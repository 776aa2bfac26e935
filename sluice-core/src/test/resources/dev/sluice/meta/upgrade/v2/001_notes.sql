-- notes kept by the module
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
INSERT INTO notes (id, body) VALUES (1, 'kept across upgrades');
