-- georep plugin schema: Gluster volumes and bricks as discovered (volume info), geo-replication sessions,
-- their per-brick worker details and their config. Children go with their parents (ON DELETE CASCADE).

CREATE TABLE georep_volumes (
    id             bigserial PRIMARY KEY,
    cluster_id     bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    name           text NOT NULL,
    volume_uuid    uuid NOT NULL,
    volume_type    text NOT NULL,                -- typeStr: Replicate, Distributed-Replicate, Disperse, ...
    status         text NOT NULL CHECK (status IN ('Created', 'Started', 'Stopped')),
    brick_count    integer NOT NULL CHECK (brick_count >= 0),
    dist_count     integer NOT NULL DEFAULT 1,
    replica_count  integer NOT NULL DEFAULT 1 CHECK (replica_count >= 1),
    arbiter_count  integer NOT NULL DEFAULT 0 CHECK (arbiter_count >= 0),
    disperse_count integer NOT NULL DEFAULT 0 CHECK (disperse_count >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, name),
    UNIQUE (cluster_id, volume_uuid)
);

CREATE TABLE georep_bricks (
    id          bigserial PRIMARY KEY,
    volume_id   bigint NOT NULL REFERENCES georep_volumes(id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position >= 0),     -- order in volume info
    replica_set integer NOT NULL CHECK (replica_set >= 0),  -- position / set width (replica or disperse)
    host        text NOT NULL,
    host_uuid   uuid NOT NULL,
    path        text NOT NULL,
    is_arbiter  boolean NOT NULL DEFAULT false,
    UNIQUE (volume_id, position),
    UNIQUE (volume_id, host, path)
);

CREATE TABLE georep_sessions (
    id                    bigserial PRIMARY KEY,
    cluster_id            bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    master_volume_id      bigint NOT NULL REFERENCES georep_volumes(id) ON DELETE CASCADE,
    session_key           text NOT NULL,         -- <creator uuid>:ssh://[user@]host::vol:<secondary vol uuid>
    secondary_host        text NOT NULL,
    secondary_user        text NOT NULL DEFAULT 'root',
    secondary_volume      text NOT NULL,
    secondary_volume_uuid uuid,
    status                text NOT NULL DEFAULT 'UNKNOWN' CHECK (status IN (
                              'CREATED', 'PAUSED', 'STOPPED', 'ACTIVE', 'INITIALIZING',
                              'FAULTY', 'PARTIAL_FAULTY', 'UNKNOWN')),
    raw_worker_states     text NOT NULL DEFAULT '',   -- kept for the operator when status is UNKNOWN
    missed_listings       integer NOT NULL DEFAULT 0 CHECK (missed_listings >= 0),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (master_volume_id, session_key)
);
CREATE INDEX georep_sessions_cluster_idx ON georep_sessions (cluster_id);
CREATE INDEX georep_sessions_secondary_idx ON georep_sessions (master_volume_id, secondary_host, secondary_volume);

CREATE TABLE georep_session_bricks (
    id                         bigserial PRIMARY KEY,
    session_id                 bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    brick_id                   bigint NOT NULL REFERENCES georep_bricks(id) ON DELETE CASCADE,
    worker_status              text NOT NULL CHECK (worker_status IN (
                                   'Created', 'Initializing', 'Active', 'Passive', 'Faulty', 'Paused',
                                   'Stopped', 'Offline', 'Config Corrupted', 'Unknown')),
    secondary_node             text,
    crawl_status               text,
    entry_pending              bigint,
    data_pending               bigint,
    meta_pending               bigint,
    failures                   bigint,
    last_synced                timestamptz,
    checkpoint_time            timestamptz,
    checkpoint_completed       boolean,
    checkpoint_completion_time timestamptz,
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, brick_id)
);
CREATE INDEX georep_session_bricks_brick_idx ON georep_session_bricks (brick_id);

CREATE TABLE georep_session_config (
    session_id bigint NOT NULL REFERENCES georep_sessions(id) ON DELETE CASCADE,
    key        text NOT NULL,         -- underscore form, as glusterd lists it
    value      text NOT NULL,
    is_default boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, key)
);

-- Per-cluster reconciliation state, so that reachability events are raised once per change, across restarts.
CREATE TABLE georep_cluster_sync (
    cluster_id     bigint PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
    reachable      boolean NOT NULL DEFAULT true,
    last_error     text NOT NULL DEFAULT '',
    last_success_at timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
