-- REST jobs: a long action asked with ?wait=false runs in the background; its row says who started it,
-- what it runs, and its outcome (the resource, or the typed error and HTTP status). A job belongs to the
-- user who started it (deleting the user deletes their jobs). engine_host names the engine that runs it, so
-- that engine, when it starts again, marks its unfinished jobs failed instead of leaving them running.
CREATE TABLE rest_jobs (
    id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f-]{36}$'),
    owner       text REFERENCES users(name) ON DELETE CASCADE,  -- NULL: the engine itself
    actor       text NOT NULL,
    command     text NOT NULL CHECK (length(command) <= 128),
    request     text NOT NULL CHECK (length(request) <= 512),   -- "POST /api/.../start", for the reader
    engine_host text NOT NULL,
    state       text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    http_status integer,
    result      jsonb,
    error       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK ((state = 'running') = (finished_at IS NULL))
);
CREATE INDEX rest_jobs_running_idx ON rest_jobs (engine_host) WHERE state = 'running';
CREATE INDEX rest_jobs_finished_idx ON rest_jobs (finished_at) WHERE state <> 'running';
