-- Cluster leadership among several engines on one database (engine/src/leadership/leadership_manager.h).
-- One row per cluster that has ever had a leader: who leads it, since when, and until when its lease runs.
-- The advisory lock (held on the leader's dedicated connection) says who MAY lead; this row is the
-- fencing token: `epoch` grows by one at every hand-over, and the leader's writes (a sync cycle) check it
-- in their own transaction, so a leader that lost the cluster cannot write once another took it over.
-- lease_expires_at is set from the server's clock at every renewal; a challenger takes over only after
-- it has passed (and then ends the stale leader's lock-holding backend).
CREATE TABLE engine_cluster_leaders (
    cluster_id       bigint PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
    epoch            bigint NOT NULL CHECK (epoch > 0),
    engine_id        text NOT NULL CHECK (length(engine_id) BETWEEN 1 AND 128),
    engine_host      text NOT NULL CHECK (length(engine_host) <= 255),
    engine_pid       integer NOT NULL,
    since            timestamptz NOT NULL DEFAULT now(),
    lease_expires_at timestamptz NOT NULL,
    cycles           bigint NOT NULL DEFAULT 0,   -- sync cycles committed under this epoch
    last_cycle_at    timestamptz                  -- the cluster's last cycle, by whichever leader (kept on hand-over)
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
