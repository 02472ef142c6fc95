import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import { FakeEngine, loggedIn, session } from '../test/fakeEngine';

describe('ApiClient', () => {
  it('logs in without a token, then sends the token as a bearer on every call', async () => {
    const engine = new FakeEngine().on('GET', /\/api\/clusters$/, () => ({ body: { clusters: [] } }));
    const client = await loggedIn(engine);
    expect(engine.requests[0].headers.Authorization).toBeUndefined();
    expect(engine.requests[0].body).toEqual({ user: 'admin', password: 'pw' });
    await client.listClusters();
    expect(engine.requests[1].headers.Authorization).toBe('Bearer grt_test');
  });

  it('refuses to call the API before login, sending nothing', async () => {
    const engine = new FakeEngine();
    await expect(engine.client().listClusters()).rejects.toMatchObject({ status: 401 });
    expect(engine.requests).toHaveLength(0);
  });

  it('sends If-None-Match and returns null on 304', async () => {
    const engine = new FakeEngine().on('GET', /georeplication-sessions/, (req) =>
      req.headers['If-None-Match'] === '"v1"' ? { status: 304 } : { body: { sessions: [session(1, 'ACTIVE')] }, headers: { ETag: '"v1"' } },
    );
    const client = await loggedIn(engine);
    const first = await client.listSessions({ cluster: 'lab', status: 'ACTIVE' });
    expect(first?.etag).toBe('"v1"');
    expect(engine.requests[1].url).toBe('/api/georeplication-sessions?cluster=lab&status=ACTIVE&limit=1000');
    expect(await client.listSessions({}, first!.etag)).toBeNull();
  });

  it('turns the typed error body into an ApiError', async () => {
    const engine = new FakeEngine().on('PUT', /options\/sync_jobs$/, () => ({
      status: 400,
      body: { ok: false, error: { code: 'invalid_argument', message: 'sync_jobs must be an integer', field: 'value' } },
    }));
    const client = await loggedIn(engine);
    const error = await client.setOption(session(3, 'ACTIVE'), 'sync_jobs', 'x').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_argument', field: 'value', message: 'sync_jobs must be an integer' });
    expect(engine.requests[1].url).toBe('/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/3/options/sync_jobs');
    expect(engine.requests[1].body).toEqual({ value: 'x' });
  });

  it('forgets the token and tells the app on a 401', async () => {
    const engine = new FakeEngine().on('GET', /\/api\/clusters$/, () => ({ status: 401, body: { ok: false, error: { code: 'unauthenticated', message: 'expired' } } }));
    const client = await loggedIn(engine);
    const onUnauthenticated = vi.fn();
    client.onUnauthenticated = onUnauthenticated;
    await expect(client.listClusters()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
    expect(client.loggedIn).toBe(false);
  });

  it('reports Retry-After of a throttled login', async () => {
    const engine = new FakeEngine().on('POST', /\/api\/auth\/login$/, () => ({
      status: 429, body: { ok: false, error: { code: 'rate_limited', message: 'slow down' } }, headers: { 'Retry-After': '8' },
    }));
    await expect(engine.client().login('a', 'b')).rejects.toMatchObject({ status: 429, retryAfter: 8 });
  });

  it('logout revokes on the engine and forgets the token even when that fails', async () => {
    const engine = new FakeEngine().on('POST', /auth\.logout$/, () => ({ status: 503, body: { ok: false, error: { code: 'unavailable', message: 'down' } } }));
    const client = await loggedIn(engine);
    await client.logout();
    expect(engine.requests[1].url).toBe('/api/commands/auth.logout');
    expect(client.loggedIn).toBe(false);
  });

  it('sends actions and delete with force in the body', async () => {
    const engine = new FakeEngine()
      .on('POST', /\/7\/pause$/, () => ({ body: session(7, 'PAUSED') }))
      .on('DELETE', /\/7$/, () => ({ body: {} }));
    const client = await loggedIn(engine);
    await client.sessionAction(session(7, 'ACTIVE'), 'pause', true);
    await client.deleteSession(session(7, 'STOPPED'), false);
    expect(engine.requests[1]).toMatchObject({ method: 'POST', body: { force: true } });
    expect(engine.requests[2]).toMatchObject({ method: 'DELETE', body: { force: false } });
  });
});
