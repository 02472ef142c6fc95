-- Disaster-recovery policies (one per session) and their run history. A policy goes with its session
-- (ON DELETE CASCADE; georep.session.delete refuses a session with a policy unless force). Runs keep
-- their history while the policy is paused; they go with the session, and outlive a deleted policy
-- (policy_id set to NULL) so that the history of a session stays readable.

CREATE TABLE georep_dr_policies (
    id                  bigserial PRIMARY KEY,
    session_id          bigint NOT NULL UNIQUE REFERENCES georep_sessions(id) ON DELETE CASCADE,
    schedule            text NOT NULL CHECK (length(schedule) BETWEEN 1 AND 200),   -- 5-field cron or @macro
    time_zone           text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),   -- IANA name
    run_timeout_seconds integer NOT NULL CHECK (run_timeout_seconds BETWEEN 60 AND 86400),
    mode                text NOT NULL CHECK (mode IN ('stop_after_sync', 'continuous')),
    rpo_target_seconds  integer NOT NULL CHECK (rpo_target_seconds BETWEEN 60 AND 2678400),
    hooks               jsonb NOT NULL DEFAULT '{"pre": [], "post": []}'::jsonb,   -- structured, validated by the plugin
    paused              boolean NOT NULL DEFAULT false,
    next_run_at         timestamptz,                          -- NULL while paused
    missed_count        bigint NOT NULL DEFAULT 0 CHECK (missed_count >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX georep_dr_policies_due_idx ON georep_dr_policies (next_run_at) WHERE NOT paused;

CREATE TABLE georep_dr_runs (
    id                 bigserial PRIMARY KEY,
    session_id         bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    policy_id          bigint REFERENCES georep_dr_policies(id) ON DELETE SET NULL,
    trigger            text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    scheduled_for      timestamptz,                          -- the window it runs for (schedule trigger)
    result             text NOT NULL DEFAULT 'running' CHECK (result IN (
                           'running', 'succeeded', 'failed', 'timed_out', 'skipped', 'cancelled')),
    step               text NOT NULL DEFAULT 'pending' CHECK (step IN (
                           'pending', 'pre_hooks', 'start', 'checkpoint', 'touch', 'wait', 'stop',
                           'post_hooks', 'done')),
    started_at         timestamptz NOT NULL DEFAULT now(),
    deadline_at        timestamptz,                          -- started_at + the policy's run timeout
    ended_at           timestamptz,
    checkpoint_time    timestamptz,                          -- T, read back from gluster
    duration_seconds   bigint GENERATED ALWAYS AS (extract(epoch FROM ended_at - started_at)::bigint) STORED,
    pending_entry      bigint,                               -- summed over the session's bricks when it began
    pending_data       bigint,
    pending_meta       bigint,
    error              text,
    brick              text,                                 -- host:path of the brick that failed it
    CHECK ((result = 'running') = (ended_at IS NULL))
);
CREATE INDEX georep_dr_runs_session_idx ON georep_dr_runs (session_id, id DESC);
-- At most one run in flight per session: a scheduled window that finds one running is recorded as skipped.
CREATE UNIQUE INDEX georep_dr_runs_one_running_idx ON georep_dr_runs (session_id) WHERE result = 'running';
