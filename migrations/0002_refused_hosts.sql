-- Hosts refused because they presented an SSH host key other than the pinned one (georep.host.key_mismatch).
-- A host stays refused, across restarts, while its pinned fingerprint is still the one refused; re-pinning
-- (host.remove + host.add) drops the row with the old host.
CREATE TABLE georep_refused_hosts (
    host_id               bigint PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
    pinned_fingerprint    text NOT NULL,
    presented_fingerprint text NOT NULL,
    refused_at            timestamptz NOT NULL DEFAULT now()
);
