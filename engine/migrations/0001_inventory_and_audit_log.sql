-- The engine's own tables: the inventory of Gluster clusters and hosts, and the audit log of events.
CREATE TABLE clusters (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    gluster_command text NOT NULL DEFAULT 'gluster',
    transport       text NOT NULL DEFAULT 'ssh' CHECK (transport IN ('ssh', 'local')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hosts (
    id                   bigserial PRIMARY KEY,
    cluster_id           bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    address              text NOT NULL CHECK (length(address) BETWEEN 1 AND 253),
    ssh_port             integer NOT NULL DEFAULT 22 CHECK (ssh_port BETWEEN 1 AND 65535),
    ssh_user             text NOT NULL DEFAULT 'root',
    ssh_key_path         text NOT NULL DEFAULT '',
    host_key_fingerprint text NOT NULL DEFAULT '',
    state                text NOT NULL DEFAULT 'unknown'
                         CHECK (state IN ('unknown', 'up', 'down', 'maintenance')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, address)
);
CREATE INDEX hosts_cluster_idx ON hosts (cluster_id);

CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    time           timestamptz NOT NULL DEFAULT now(),
    name           text NOT NULL,
    severity       text NOT NULL CHECK (severity IN ('info', 'warning', 'error', 'alert')),
    correlation_id text NOT NULL DEFAULT '',
    body           jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_time_idx ON audit_log (time);
CREATE INDEX audit_log_correlation_idx ON audit_log (correlation_id);
