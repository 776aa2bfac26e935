-- Checks a step reports itself (data expectations) say more than a gate on a metric: what they observed when it is
-- not a number, which rows fail, and whether a failure only warns. pos keeps the order the step reported them.
ALTER TABLE check_results ADD COLUMN observed_text TEXT;
ALTER TABLE check_results ADD COLUMN details TEXT;
ALTER TABLE check_results ADD COLUMN severity TEXT NOT NULL DEFAULT 'error';
ALTER TABLE check_results ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;
