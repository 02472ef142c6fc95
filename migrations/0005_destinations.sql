-- Geo-replication destinations (georep.destination.*): where a source cluster's geo-replication logs in
-- over SSH, with the host key pinned per destination node and what georep put in the destination user's
-- authorized_keys (public keys only, so that remove takes away exactly those lines). No password and no
-- private key is ever stored: the password of create/reestablish is used for one connection and wiped;
-- a private key is referred to by its allow-list NAME only, and not kept either.

CREATE TABLE georep_destinations (
    id              bigserial PRIMARY KEY,
    cluster_id      bigint NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,   -- the source cluster
    source_host     text NOT NULL CHECK (length(source_host) BETWEEN 1 AND 253), -- a host of that cluster
    host            text NOT NULL CHECK (length(host) BETWEEN 1 AND 253),        -- the destination node given
    port            integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    user_name       text NOT NULL CHECK (length(user_name) BETWEEN 1 AND 32),
    fingerprint     text NOT NULL CHECK (fingerprint LIKE 'SHA256:%'),           -- pinned, of `host`
    status          text NOT NULL DEFAULT 'unknown' CHECK (status IN (
                        'connected', 'unreachable', 'auth_failed', 'host_key_changed', 'unknown')),
    last_tested_at  timestamptz,
    mountbroker     jsonb,                                                     -- null | {group, root, state, next_step}
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, host, port, user_name)
);

CREATE TABLE georep_destination_nodes (
    id              bigserial PRIMARY KEY,
    destination_id  bigint NOT NULL REFERENCES georep_destinations(id) ON DELETE CASCADE,
    host            text NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    fingerprint     text NOT NULL CHECK (fingerprint LIKE 'SHA256:%'),
    host_key_type   text NOT NULL CHECK (length(host_key_type) BETWEEN 1 AND 64),
    host_key        text NOT NULL CHECK (length(host_key) BETWEEN 1 AND 16384),  -- public key blob (base64)
    status          text NOT NULL DEFAULT 'unknown' CHECK (status IN (
                        'connected', 'unreachable', 'auth_failed', 'host_key_changed', 'unknown')),
    error           text,
    added_keys      jsonb NOT NULL DEFAULT '[]'::jsonb,  -- authorized_keys lines georep appended (public)
    UNIQUE (destination_id, host)
);
