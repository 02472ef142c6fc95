-- DR runs across engines: a cancel asked through any engine (georep.dr.run.cancel sets cancel_requested;
-- the engine doing the run polls it before each step and at each wait poll), and a heartbeat the doing
-- engine refreshes (each step and poll) so that another engine, or the same one after a restart, takes
-- over only a run nobody is doing any more (heartbeat older than the stale age), never a live one.

ALTER TABLE georep_dr_runs
    ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false,
    ADD COLUMN heartbeat_at     timestamptz;            -- NULL: rows of engines before 0006, counted as stale

