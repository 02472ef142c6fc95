// A fake of the engine's HTTP API for component tests: routes (method + path regexp) answer JSON with a
// status and optional headers; every request is recorded (method, url, headers, body) so a test can check
// what the console sent. The real ApiClient runs on top of it.
import { ApiClient } from '../api/client';
import type { Session, SessionStatus } from '../api/types';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (req: Recorded) => { status?: number; body?: unknown; headers?: Record<string, string> };

export class FakeEngine {
  readonly requests: Recorded[] = [];
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[] = [];

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const req: Recorded = {
      method: init?.method ?? 'GET',
      url,
      headers: (init?.headers as Record<string, string>) ?? {},
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    this.requests.push(req);
    const route = this.routes.find((r) => r.method === req.method && r.pattern.test(url));
    if (!route) return new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'no route' } }), { status: 404 });
    const out = route.handler(req);
    const status = out.status ?? 200;
    return new Response(status === 304 ? null : JSON.stringify(out.body ?? {}), { status, headers: out.headers });
  };

  client(): ApiClient {
    return new ApiClient(this.fetch);
  }
}

export function session(id: number, status: SessionStatus, secondary = `sv${id}`): Session {
  return {
    session_id: id,
    cluster: 'lab',
    master_volume: 'mastervol',
    secondary_host: 'vm',
    secondary_user: 'root',
    secondary_volume: secondary,
    secondary_volume_uuid: null,
    session_key: `k${id}`,
    status,
    raw_worker_states: '',
    created_at: '2026-11-21T10:00:00Z',
    updated_at: `2026-11-21T10:00:0${id}Z`,
  };
}

/** A client already holding a token (the login path is tested on its own). */
export async function loggedIn(engine: FakeEngine): Promise<ApiClient> {
  engine.on('POST', /\/api\/auth\/login$/, () => ({ body: { ok: true, result: { token: 'grt_test', role: 'admin' } } }));
  const client = engine.client();
  await client.login('admin', 'pw');
  return client;
}
