-- audit_log: who caused each event (actor, e.g. "user:alice"; '' for the engine itself), and the event key
-- the engine generates before its first INSERT attempt, so that a retry after a lost connection finds the
-- row the first attempt stored instead of storing the event twice.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS actor text NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN event_key text;
CREATE UNIQUE INDEX audit_log_event_key_idx ON audit_log (event_key);
