// ApiClient: the console's only way to the engine. Every request goes through request(), which adds the
// bearer token (kept in memory only: a reload logs out, and since nothing rides on cookies no other site
// can make the browser act for the user), sends JSON, and turns the engine's typed error body into an
// ApiError. GETs can pass the ETag they hold and get `null` back on 304 (polling without re-rendering).
// Paths follow the README's "REST resources"; everything the pages need is a method here.
import type {
  Caller,
  Cluster,
  ConfigOption,
  EventPage,
  EventSeverity,
  Host,
  LoginResult,
  Session,
  SessionDetails,
  SessionHistory,
  SessionPage,
  SessionVerb,
} from './types';
import type {
  Destination,
  DestinationKey,
  DestinationTest,
  DrPolicy,
  DrPolicySettings,
  DrRun,
  DrRunDetails,
  Eligibility,
  NewDestination,
  NewSession,
  ProbeResult,
  SshCredential,
  Volume,
} from './contractTypes';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly details?: unknown;
  readonly retryAfter?: number;

  constructor(status: number, code: string, message: string, field?: string, details?: unknown, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export interface Fetched<T> {
  data: T;
  etag: string | null;
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

const seg = (s: string | number) => encodeURIComponent(String(s));

export type SessionRef = Pick<Session, 'cluster' | 'master_volume' | 'session_id'>;

export function sessionPath(s: SessionRef): string {
  return `/api/clusters/${seg(s.cluster)}/glustervolumes/${seg(s.master_volume)}/georeplication-sessions/${seg(s.session_id)}`;
}

/** GET .../history's query: UTC times like 2026-12-01T05:56:01Z, step in seconds. */
export interface HistoryWindow {
  since: string;
  until: string;
  step: number;
}

export interface SessionQuery {
  cluster?: string;
  status?: string;
  limit?: number;
}

export class ApiClient {
  private token: string | null = null;
  private readonly fetchFn: FetchFn;
  /** Called once when a request answers 401 (the token expired or was revoked): the app logs out. */
  onUnauthenticated: (() => void) | null = null;

  constructor(fetchFn?: FetchFn) {
    this.fetchFn = fetchFn ?? ((input, init) => window.fetch(input, init));
  }

  get loggedIn(): boolean {
    return this.token !== null;
  }

  async login(user: string, password: string): Promise<LoginResult> {
    const result = await this.request<{ result: LoginResult }>('POST', '/api/auth/login', { user, password }, {
      auth: false,
    });
    this.token = result.data.result.token;
    return result.data.result;
  }

  /** Revokes the token on the engine (best effort) and forgets it. */
  async logout(): Promise<void> {
    const had = this.token;
    try {
      if (had) await this.command('auth.logout', {});
    } catch {
      // the token is forgotten below whatever the engine said
    } finally {
      this.token = null;
    }
  }

  forgetToken(): void {
    this.token = null;
  }

  whoami(): Promise<Caller> {
    return this.command<Caller>('auth.whoami', {});
  }

  async command<T>(name: string, params: Record<string, unknown>): Promise<T> {
    const r = await this.request<{ result: T }>('POST', `/api/commands/${seg(name)}`, params);
    return r.data.result;
  }

  // --- resources --------------------------------------------------------------------------------------
  listSessions(query: SessionQuery, etag?: string | null): Promise<Fetched<SessionPage> | null> {
    const params = new URLSearchParams();
    if (query.cluster) params.set('cluster', query.cluster);
    if (query.status) params.set('status', query.status);
    params.set('limit', String(query.limit ?? 1000));
    return this.get<SessionPage>(`/api/georeplication-sessions?${params}`, etag);
  }

  getSession(ref: Pick<Session, 'cluster' | 'master_volume' | 'session_id'>, etag?: string | null) {
    return this.get<SessionDetails>(sessionPath(ref), etag);
  }

  async sessionAction(s: Session, verb: SessionVerb, force: boolean): Promise<Session> {
    return (await this.request<Session>('POST', `${sessionPath(s)}/${verb}`, { force })).data;
  }

  async deleteSession(s: Session, force: boolean): Promise<unknown> {
    return (await this.request<unknown>('DELETE', sessionPath(s), { force })).data;
  }

  async listOptions(s: Session, etag?: string | null) {
    return this.get<{ session_id: number; config: ConfigOption[] }>(`${sessionPath(s)}/options`, etag);
  }

  async setOption(s: Session, key: string, value: string): Promise<unknown> {
    return (await this.request<unknown>('PUT', `${sessionPath(s)}/options/${seg(key)}`, { value })).data;
  }

  async resetOption(s: Session, key: string): Promise<unknown> {
    return (await this.request<unknown>('DELETE', `${sessionPath(s)}/options/${seg(key)}`)).data;
  }

  listClusters(etag?: string | null) {
    return this.get<{ clusters: Cluster[] }>('/api/clusters', etag);
  }

  listHosts(cluster: string, etag?: string | null) {
    return this.get<{ hosts: Host[] }>(`/api/clusters/${seg(cluster)}/hosts`, etag);
  }

  /** Audit-log events with id > since, oldest first (at most `limit`, 1000 at most); with `severity`, only
   *  that level and above (filtered by the engine). */
  async listEvents(since: number, limit = 1000, severity?: EventSeverity): Promise<EventPage> {
    const params = new URLSearchParams({ since: String(since), limit: String(limit) });
    if (severity) params.set('severity', severity);
    const r = await this.request<EventPage>('GET', `/api/events?${params}`);
    return r.data;
  }

  /** A session's per-brick samples over [since, until) in steps of `step` seconds (the engine may raise
   *  it); with the ETag of an earlier answer for the same window, null when nothing changed (304). */
  sessionHistory(ref: SessionRef, span: HistoryWindow, etag?: string | null): Promise<Fetched<SessionHistory> | null> {
    const params = new URLSearchParams({ since: span.since, until: span.until, step: String(span.step) });
    return this.get<SessionHistory>(`${sessionPath(ref)}/history?${params}`, etag);
  }

  // --- create-session wizard (CONTRACTS.md: destinations, eligibility) ---------------------------------
  async listVolumes(cluster: string): Promise<Volume[]> {
    return (await this.request<{ volumes: Volume[] }>('GET', `/api/clusters/${seg(cluster)}/glustervolumes?limit=1000`)).data
      .volumes;
  }

  private destinations(cluster: string): string {
    return `/api/clusters/${seg(cluster)}/georeplication-destinations`;
  }

  /** The cluster's destinations (the list is {destinations: [...]}; a bare array is accepted too). */
  async listDestinations(cluster: string): Promise<Destination[]> {
    const data = (await this.request<{ destinations: Destination[] } | Destination[]>('GET', this.destinations(cluster))).data;
    return Array.isArray(data) ? data : data.destinations ?? [];
  }

  /** Connects to a host the console does not know yet and reports its SSH host key (nothing is stored). */
  async probeDestination(cluster: string, target: { host: string; port: number; user: string }): Promise<ProbeResult> {
    return (await this.request<ProbeResult>('POST', `${this.destinations(cluster)}/probe`, target)).data;
  }

  /** Pins the confirmed fingerprint and sets up passwordless SSH with the credential, used once. */
  async createDestination(cluster: string, target: NewDestination, credential: SshCredential): Promise<Destination> {
    return (await this.request<Destination>('POST', this.destinations(cluster), { ...target, ...credential })).data;
  }

  async testDestination(cluster: string, id: number): Promise<DestinationTest> {
    return (await this.request<DestinationTest>('POST', `${this.destinations(cluster)}/${seg(id)}/test`, {})).data;
  }

  /** Sets passwordless SSH up again for a known destination (its fingerprint confirmed again). */
  async reestablishDestination(cluster: string, id: number, fingerprint: string, credential: SshCredential): Promise<Destination> {
    return (await this.request<Destination>('POST', `${this.destinations(cluster)}/${seg(id)}/reestablish`,
      { fingerprint, ...credential })).data;
  }

  /** The allow-listed private keys, by name (the engine never takes a path). */
  async destinationKeys(): Promise<DestinationKey[]> {
    return (await this.request<{ keys: DestinationKey[] }>('GET', '/api/georeplication-destination-keys')).data.keys;
  }

  async eligibility(cluster: string, volume: string, secondaryHost: string, secondaryUser: string): Promise<Eligibility> {
    const q = new URLSearchParams({ secondary_host: secondaryHost, secondary_user: secondaryUser });
    return (await this.request<Eligibility>('GET',
      `/api/clusters/${seg(cluster)}/glustervolumes/${seg(volume)}/georeplication-eligibility?${q}`)).data;
  }

  async createSession(cluster: string, volume: string, body: NewSession): Promise<SessionDetails & { eligibility_overridden?: unknown[] }> {
    return (await this.request<SessionDetails & { eligibility_overridden?: unknown[] }>('POST',
      `/api/clusters/${seg(cluster)}/glustervolumes/${seg(volume)}/georeplication-sessions`, body)).data;
  }

  // --- DR (policy and runs on main; run now/cancel/get per CONTRACTS.md) ----------------------------------
  async getDrPolicy(ref: SessionRef): Promise<DrPolicy | null> {
    try {
      return (await this.request<DrPolicy>('GET', `${sessionPath(ref)}/dr-policy`)).data;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.code === 'not_found' && /policy/i.test(e.message)) return null;
      throw e;
    }
  }

  async createDrPolicy(ref: SessionRef, settings: DrPolicySettings & { paused?: boolean }): Promise<DrPolicy> {
    return (await this.request<DrPolicy>('POST', `${sessionPath(ref)}/dr-policy`, settings)).data;
  }

  async updateDrPolicy(ref: SessionRef, settings: Partial<DrPolicySettings>): Promise<DrPolicy> {
    return (await this.request<DrPolicy>('PUT', `${sessionPath(ref)}/dr-policy`, settings)).data;
  }

  async deleteDrPolicy(ref: SessionRef): Promise<void> {
    await this.request<unknown>('DELETE', `${sessionPath(ref)}/dr-policy`);
  }

  async setDrPolicyPaused(ref: SessionRef, paused: boolean): Promise<DrPolicy> {
    return (await this.request<DrPolicy>('POST', `${sessionPath(ref)}/dr-policy/${paused ? 'pause' : 'resume'}`, {})).data;
  }

  async listDrRuns(ref: SessionRef, limit = 50): Promise<DrRun[]> {
    return (await this.request<{ runs: DrRun[] }>('GET', `${sessionPath(ref)}/dr-runs?limit=${limit}`)).data.runs;
  }

  async runDrNow(ref: SessionRef): Promise<{ run_id: number; session_id: number }> {
    return (await this.request<{ run_id: number; session_id: number }>('POST', `${sessionPath(ref)}/dr-runs`, {})).data;
  }

  async cancelDrRun(ref: SessionRef): Promise<unknown> {
    return (await this.request<unknown>('POST', `${sessionPath(ref)}/dr-runs/cancel`, {})).data;
  }

  async getDrRun(ref: SessionRef, runId: number): Promise<DrRunDetails> {
    return (await this.request<DrRunDetails>('GET', `${sessionPath(ref)}/dr-runs/${seg(runId)}`)).data;
  }

  // --- plumbing ---------------------------------------------------------------------------------------
  /** GET with If-None-Match: null when the resource did not change (304). */
  async get<T>(path: string, etag?: string | null): Promise<Fetched<T> | null> {
    const r = await this.request<T>('GET', path, undefined, { etag: etag ?? undefined });
    return r.notModified ? null : { data: r.data, etag: r.etag };
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { auth?: boolean; etag?: string } = {},
  ): Promise<{ data: T; etag: string | null; notModified: boolean }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.auth !== false) {
      if (!this.token) throw new ApiError(401, 'unauthenticated', 'not logged in');
      headers.Authorization = `Bearer ${this.token}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.etag) headers['If-None-Match'] = options.etag;
    let response: Response;
    try {
      response = await this.fetchFn(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'unavailable', `the engine cannot be reached (${(e as Error).message})`);
    }
    const etag = response.headers.get('ETag');
    if (response.status === 304) return { data: undefined as T, etag, notModified: true };
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; field?: string; details?: unknown } } | null)
        ?.error;
      const retry = Number(response.headers.get('Retry-After'));
      const apiError = new ApiError(
        response.status,
        error?.code ?? 'internal',
        error?.message ?? `HTTP ${response.status}`,
        error?.field,
        error?.details,
        Number.isFinite(retry) && retry > 0 ? retry : undefined,
      );
      if (response.status === 401 && options.auth !== false && this.token) {
        this.token = null;
        this.onUnauthenticated?.();
      }
      throw apiError;
    }
    return { data: json as T, etag, notModified: false };
  }
}
