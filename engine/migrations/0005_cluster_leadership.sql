-- Cluster leadership among several engines on one database (engine/src/leadership/leadership_manager.h).
-- The advisory lock (held on the leader's dedicated connection) says who MAY lead; these rows say who
-- does, and fence its writes.
-- engine_cluster_leaders: one row per cluster that has ever had a leader. `epoch` grows by one at every
-- hand-over (the fencing token); the leader's writes (a sync cycle) update or share-lock this row in their
-- own transaction with their epoch, so a leader that lost the cluster cannot write once another took it
-- over, and a hand-over waits for a cycle in progress.
CREATE TABLE engine_cluster_leaders (
    cluster_id    bigint PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
    epoch         bigint NOT NULL CHECK (epoch > 0),
    engine_id     text NOT NULL CHECK (length(engine_id) BETWEEN 1 AND 128),
    engine_host   text NOT NULL CHECK (length(engine_host) <= 255),
    engine_pid    integer NOT NULL,
    since         timestamptz NOT NULL DEFAULT now(),
    cycles        bigint NOT NULL DEFAULT 0,  -- sync cycles committed under this epoch
    last_cycle_at timestamptz                 -- the cluster's last cycle, by whichever leader (kept on hand-over)
);

-- The leader's lease, renewed every tick from the server's clock. A row of its own, so that renewals never
-- wait for a cycle's transaction holding the leaders row. A challenger claims only after it has expired
-- (and then ends a stale leader's lock-holding backend).
CREATE TABLE engine_cluster_leases (
    cluster_id       bigint PRIMARY KEY REFERENCES engine_cluster_leaders(cluster_id) ON DELETE CASCADE,
    epoch            bigint NOT NULL,
    lease_expires_at timestamptz NOT NULL
);

-- Every sync cycle a leader committed, written in the cycle's fenced transaction: what the hand-over
-- tests count per cluster and period, and what an operator reads to see who reconciled when. The
-- leaders prune rows older than a day.
CREATE TABLE engine_leader_cycles (
    id         bigserial PRIMARY KEY,
    cluster_id bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    epoch      bigint NOT NULL,
    engine_id  text NOT NULL,
    at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX engine_leader_cycles_cluster_at_idx ON engine_leader_cycles (cluster_id, at);
CREATE INDEX engine_leader_cycles_at_idx ON engine_leader_cycles (at);
