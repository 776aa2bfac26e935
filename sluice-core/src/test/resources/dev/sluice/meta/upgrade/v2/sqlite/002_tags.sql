-- SQLite's variant wins over the portable script
CREATE TABLE tags (note INTEGER NOT NULL, tag TEXT NOT NULL, dialect TEXT NOT NULL);
INSERT INTO tags (note, tag, dialect) VALUES (1, 'first', 'sqlite');
