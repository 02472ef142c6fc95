// The shapes of the REST resources agreed in CONTRACTS.md (destinations, eligibility, DR runs) and of the DR
// policy/run JSON on main (commands/dr_policy_input.cc drPolicyJson, commands/dr_runs.cc drRunJson,
// recovery point); snake_case as on the wire.

export type DestinationStatus = 'connected' | 'unreachable' | 'auth_failed' | 'host_key_changed' | 'unknown';

export interface DestinationNode {
  host: string;
  fingerprint: string;
  status: DestinationStatus | string;
  error: string | null;
}

export interface Destination {
  id: number;
  cluster: string;
  source_host: string;
  host: string;
  port: number;
  user: string;
  fingerprint: string;
  status: DestinationStatus | string;
  last_tested_at: string | null;
  nodes: DestinationNode[];
  mountbroker: null | { group: string; root: string; state: string; next_step: string | null };
  created_at: string;
}

export interface ProbeResult {
  host: string;
  port: number;
  fingerprint: string;
  key_type: string;
  ssh_banner: string;
  gluster_version: string | null;
  volumes: { name: string; status: string }[] | null;
}

export interface DestinationTest {
  destination: number;
  ok: boolean;
  nodes: { host: string; ok: boolean; error: string | null; elapsed_ms: number }[];
}

export interface DestinationKey {
  name: string;
  fingerprint: string;
}

/** How the SSH setup dialog authenticates once: a password (never kept) or an allow-listed key by name. */
export type SshCredential = { password: string } | { private_key: string };

export interface NewDestination {
  source_host: string;
  host: string;
  port: number;
  user: string;
  fingerprint: string;
}

export type EligibilityCode =
  | 'not_started'
  | 'same_cluster'
  | 'already_secondary'
  | 'too_small'
  | 'not_empty'
  | 'version_mismatch'
  | 'unreachable'
  | 'unverifiable'
  | 'directory_secondary';

export interface EligibilityReason {
  code: EligibilityCode | string;
  message: string;
  blocking: boolean;
}

export interface EligibilityCandidate {
  volume: string;
  cluster: string | null;
  eligible: boolean;
  reasons: EligibilityReason[];
}

export interface Eligibility {
  master_volume: string;
  secondary_host: string;
  candidates: EligibilityCandidate[];
}

export interface NewSession {
  secondary_host: string;
  secondary_volume: string;
  secondary_user: string;
  ssh_port?: number;
  force: boolean;
}

/** georep.volume.list (commands/volume_read.cc). */
export interface Volume {
  name: string;
  volume_uuid: string;
  type: string;
  status: string;
  brick_count: number;
}

// --- DR ---------------------------------------------------------------------------------------------------
export type DrMode = 'stop_after_sync' | 'continuous';

export interface WebhookHook {
  type: 'webhook';
  url: string;
  timeout_seconds?: number;
}

export interface ProgramHook {
  type: 'program';
  program: string;
  args?: string[];
  node: string;
  timeout_seconds?: number;
}

export type DrHook = WebhookHook | ProgramHook;

export interface DrHooks {
  pre: DrHook[];
  post: DrHook[];
}

export interface RecoveryPoint {
  rpo_target_seconds: number;
  data_consistent_as_of: string | null;
  rpo_seconds: number | null;
  rpo_breached: boolean;
  last_success_run_id: number | null;
}

export interface DrPolicySettings {
  schedule: string;
  time_zone: string;
  run_timeout_seconds: number;
  mode: DrMode;
  rpo_target_seconds: number;
  hooks: DrHooks;
}

export interface DrPolicy extends DrPolicySettings {
  id: number;
  session_id: number;
  paused: boolean;
  next_run_at: string | null;
  missed_count: number;
  created_at?: string;
  updated_at?: string;
  recovery_point?: RecoveryPoint;
}

export type DrRunResult = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'skipped' | 'cancelled';

/** The steps of a run in order (dao/dr_records.h). */
export const DR_STEPS = ['pending', 'pre_hooks', 'start', 'checkpoint', 'wait', 'stop', 'post_hooks', 'done'] as const;

export interface DrRun {
  run_id: number;
  session_id: number;
  policy_id: number | null;
  trigger: 'schedule' | 'manual' | string;
  scheduled_for: string | null;
  result: DrRunResult | string;
  step: string;
  started_at: string;
  deadline_at: string | null;
  ended_at: string | null;
  checkpoint_time: string | null;
  duration_seconds: number | null;
  pending_entry: number | null;
  pending_data: number | null;
  pending_meta: number | null;
  error: string | null;
  brick: string | null;
}

export interface DrRunProgress {
  step: string;
  workers_done: number;
  workers_active: number;
  pending_entry: number | null;
  pending_data: number | null;
  pending_meta: number | null;
  elapsed_seconds: number;
}

/** georep.dr.run.get: the run record plus its live progress (CONTRACTS.md). */
export interface DrRunDetails extends DrRun {
  progress?: DrRunProgress | null;
}
