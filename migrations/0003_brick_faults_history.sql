-- Why a worker failed, and history for charts.
-- georep_brick_faults: one row per Faulty episode of a session's brick worker: the reason read from the
-- tail of the brick node's gsyncd log, classified, with a one-line runbook hint. Kept while the worker
-- stays Faulty (or Offline, Initializing); deleted when it recovers (Active, Passive) or is stopped.
CREATE TABLE georep_brick_faults (
    session_id     bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    brick_id       bigint NOT NULL REFERENCES georep_bricks(id) ON DELETE CASCADE,
    reason_class   text NOT NULL CHECK (reason_class IN (
                       'ssh_auth', 'rsync', 'secondary_full', 'permission_denied', 'history_crawl',
                       'version_mismatch', 'secondary_unreachable', 'unknown', 'log_unreadable')),
    hint           text NOT NULL,
    excerpt        text NOT NULL DEFAULT '' CHECK (octet_length(excerpt) <= 4096),
    logged_at      text,                  -- the excerpt's last error line timestamp, as gsyncd wrote it
    log_path       text NOT NULL DEFAULT '',
    read_error     text,                  -- set when the log could not be read (retried later)
    attempts       integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    read_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, brick_id)
);
CREATE INDEX georep_brick_faults_brick_idx ON georep_brick_faults (brick_id);

-- Aggregate status transitions of sessions, as the sync job saw them (discovered: old_status NULL).
CREATE TABLE georep_session_status_history (
    id         bigserial PRIMARY KEY,
    cluster_id bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    session_id bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    old_status text,
    new_status text NOT NULL
);
CREATE INDEX georep_session_status_history_session_idx ON georep_session_status_history (session_id, at);
CREATE INDEX georep_session_status_history_prune_idx ON georep_session_status_history (cluster_id, at);

-- Per-brick samples of a session's workers (at most one per sample interval and cluster).
CREATE TABLE georep_brick_samples (
    cluster_id    bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    session_id    bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    brick_id      bigint NOT NULL REFERENCES georep_bricks(id) ON DELETE CASCADE,
    at            timestamptz NOT NULL DEFAULT now(),
    worker_status text NOT NULL,
    entry_pending bigint,
    data_pending  bigint,
    meta_pending  bigint,
    lag_seconds   bigint                  -- at - last_synced; NULL when never synced
);
CREATE INDEX georep_brick_samples_session_idx ON georep_brick_samples (session_id, at);
CREATE INDEX georep_brick_samples_prune_idx ON georep_brick_samples (cluster_id, at);
CREATE INDEX georep_brick_samples_brick_idx ON georep_brick_samples (brick_id);
