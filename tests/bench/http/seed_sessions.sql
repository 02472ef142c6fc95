-- scripts/bench-http's data: 1,000 geo-replication sessions as the sync job stores them, in one cluster
-- "bench" (transport local, never reached: the sync job is off): 250 primary volumes (2 x 2
-- distributed-replicate, 4 bricks on 4 nodes) with 4 sessions each, every session with 4 worker rows
-- and 30 config keys. The same shape as tests/bench/sync (1,000 sessions x 4 bricks).
BEGIN;
INSERT INTO clusters (name, transport) VALUES ('bench', 'local');
INSERT INTO hosts (cluster_id, address) SELECT id, 'n0' FROM clusters WHERE name = 'bench';
INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count, dist_count, replica_count)
SELECT c.id, 'pvol' || v, md5('vol' || v)::uuid, 'Distributed-Replicate', 'Started', 4, 2, 2
FROM clusters c, generate_series(0, 249) v WHERE c.name = 'bench';
INSERT INTO georep_bricks (volume_id, position, replica_set, host, host_uuid, path)
SELECT vol.id, b, b / 2, 'n' || b, md5('node' || b)::uuid, '/bricks/' || vol.name || '/b' || b
FROM georep_volumes vol, generate_series(0, 3) b;
INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, secondary_volume,
                             secondary_volume_uuid, status)
SELECT vol.cluster_id, vol.id,
       md5('node0')::uuid || ':ssh://sec::' || vol.name || 's' || s || ':' || md5(vol.name || s)::uuid,
       'sec', vol.name || 's' || s, md5(vol.name || s)::uuid,
       (ARRAY['ACTIVE', 'ACTIVE', 'STOPPED', 'PAUSED'])[s + 1]
FROM georep_volumes vol, generate_series(0, 3) s;
INSERT INTO georep_session_bricks (session_id, brick_id, worker_status, secondary_node, crawl_status,
                                   entry_pending, data_pending, meta_pending, failures, last_synced)
SELECT s.id, b.id, CASE WHEN b.position % 2 = 0 THEN 'Active' ELSE 'Passive' END, 'sec',
       'Changelog Crawl', 0, 0, 0, 0, now()
FROM georep_sessions s JOIN georep_bricks b ON b.volume_id = s.master_volume_id;
INSERT INTO georep_session_config (session_id, key, value, is_default)
SELECT s.id, 'key_' || k, 'value ' || k, k % 2 = 0 FROM georep_sessions s, generate_series(1, 30) k;
COMMIT;
SELECT count(*) AS sessions FROM georep_sessions;
