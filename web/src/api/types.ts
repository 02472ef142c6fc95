// The shapes the engine's REST API returns (README "REST resources"); snake_case as on the wire.

export type Role = 'viewer' | 'operator' | 'admin';

export const SESSION_STATUSES = [
  'ACTIVE',
  'PASSIVE',
  'INITIALIZING',
  'PARTIAL_FAULTY',
  'FAULTY',
  'PAUSED',
  'STOPPED',
  'CREATED',
  'UNKNOWN',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface LoginResult {
  token: string;
  token_id: number;
  expires_at: string;
  user: string;
  role: Role;
}

export interface Caller {
  actor: string;
  user: string | null;
  role: Role;
  token_id: number | null;
}

export interface Session {
  session_id: number;
  cluster: string;
  master_volume: string;
  secondary_host: string;
  secondary_user: string;
  secondary_volume: string;
  secondary_volume_uuid: string | null;
  session_key: string;
  status: SessionStatus;
  raw_worker_states: string;
  created_at: string;
  updated_at: string;
}

export interface SessionBrick {
  position: number;
  replica_set: number;
  host: string;
  path: string;
  worker_status: string;
  secondary_node: string | null;
  crawl_status: string | null;
  entry_pending: number | null;
  data_pending: number | null;
  meta_pending: number | null;
  failures: number | null;
  last_synced: string | null;
  checkpoint_time: string | null;
  checkpoint_completed: boolean | null;
  checkpoint_completion_time: string | null;
  updated_at: string;
  /** Why the worker is Faulty (README "Why a worker failed"), present only while it is. */
  fault?: BrickFault | null;
}

/** commands/fault_json.cc: the classified last error of a Faulty worker, read from its gsyncd log. */
export interface BrickFault {
  class: string;
  hint: string;
  excerpt: string;
  logged_at: string | null;
  log_path: string;
  read_error: string | null;
  attempts: number;
  first_seen_at: string;
  read_at: string;
}

export interface ConfigOption {
  key: string;
  value: string;
  is_default: boolean;
}

export interface SessionDetails extends Session {
  bricks: SessionBrick[];
  config: ConfigOption[];
  master_volume_status?: string;
}

export interface SessionPage {
  sessions: Session[];
  total?: number;
}

export interface Cluster {
  id: number;
  name: string;
  gluster_command: string;
  transport: string;
  hosts: number;
}

export interface Host {
  id: number;
  cluster: string;
  address: string;
  ssh_port: number;
  ssh_user: string;
  ssh_key: string | null;
  ssh_key_path: string;
  host_key_fingerprint: string;
  state: string;
}

export interface EngineEvent {
  id: number;
  time: string;
  name: string;
  severity: string;
  correlation_id: string;
  actor: string;
  body: unknown;
}

export interface EventPage {
  events: EngineEvent[];
  last_id: number;
}

/** georep.session.history (commands/session_history.cc): one downsampled step of one brick. */
export interface HistoryPoint {
  t: string;
  worker_status: string;
  entry_pending: number | null;
  data_pending: number | null;
  meta_pending: number | null;
  lag_seconds: number | null;
  samples: number;
}

export interface SessionHistory {
  session_id: number;
  since: string;
  until: string;
  step: number;
  transitions: { at: string; old: string | null; new: string }[];
  bricks: { brick: string; host: string; path: string; points: HistoryPoint[] }[];
}

/** The levels of GET /api/events?severity= (that one and above). */
export const EVENT_SEVERITIES = ['info', 'warning', 'error', 'alert'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export type SessionVerb = 'start' | 'stop' | 'pause' | 'resume';
