import { describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionDetailsPage } from './SessionDetailsPage';
import { FakeEngine, loggedIn, session } from '../test/fakeEngine';
import type { BrickFault, SessionBrick, SessionHistory } from '../api/types';

const kHostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> E [repce(0):120:__call__] call failed';

function brick(position: number, worker_status: string, fault: BrickFault | null): SessionBrick {
  return {
    position, replica_set: 0, host: `n${position}`, path: `/bricks/b${position}`, worker_status, secondary_node: null,
    crawl_status: null, entry_pending: null, data_pending: null, meta_pending: null, failures: null, last_synced: null,
    checkpoint_time: null, checkpoint_completed: null, checkpoint_completion_time: null,
    updated_at: '2026-12-01T00:00:00Z', fault,
  };
}

const sshFault: BrickFault = {
  class: 'ssh_auth',
  hint: 'The secondary refused the geo-replication SSH key: re-run push-pem.',
  excerpt: kHostile,
  logged_at: '2026-12-01T05:56:01Z',
  log_path: '/var/log/glusterfs/geo-replication/mv_vm_sv1/gsyncd.log',
  read_error: null,
  attempts: 1,
  first_seen_at: '2026-12-01T05:56:10Z',
  read_at: '2026-12-01T05:56:11Z',
};

const history: SessionHistory = {
  session_id: 1,
  since: '2026-12-01T00:00:00Z',
  until: '2026-12-01T01:00:00Z',
  step: 60,
  transitions: [],
  bricks: [
    {
      brick: 'n1:/bricks/b1', host: 'n1', path: '/bricks/b1', points: [
        { t: '2026-12-01T00:00:00Z', worker_status: 'Active', entry_pending: 1, data_pending: 2, meta_pending: 3, lag_seconds: 30, samples: 1 },
        { t: '2026-12-01T00:01:00Z', worker_status: 'Active', entry_pending: null, data_pending: null, meta_pending: null, lag_seconds: null, samples: 1 },
        { t: '2026-12-01T00:02:00Z', worker_status: 'Faulty', entry_pending: 40, data_pending: 0, meta_pending: 2, lag_seconds: 7200, samples: 1 },
      ],
    },
    {
      brick: 'n2:/bricks/b2', host: 'n2', path: '/bricks/b2', points: [
        { t: '2026-12-01T00:00:00Z', worker_status: 'Passive', entry_pending: 0, data_pending: 0, meta_pending: 0, lag_seconds: 5, samples: 1 },
      ],
    },
  ],
};

function engine() {
  const details = { ...session(1, 'PARTIAL_FAULTY'), config: [], bricks: [brick(1, 'Faulty', sshFault), brick(2, 'Active', null)] };
  return new FakeEngine()
    .on('GET', /georeplication-sessions\/1$/, () => ({ body: details, headers: { ETag: '"1"' } }))
    .on('GET', /georeplication-sessions\/1\/history\?/, () => ({ body: history }));
}

async function open(e: FakeEngine) {
  const client = await loggedIn(e);
  render(<SessionDetailsPage client={client} role="viewer" cluster="lab" volume="mastervol" sessionId={1} navigate={() => {}} />);
  await screen.findByRole('grid', { name: 'Workers' });
}

const rowOf = (brickName: string) =>
  within(screen.getByRole('grid', { name: 'Workers' })).getByText(brickName).closest('tr') as HTMLElement;
const historyRequests = (e: FakeEngine) => e.requests.filter((r) => r.url.includes('/history?')).map((r) => new URL(r.url, 'http://x'));

describe('SessionDetailsPage', () => {
  it('shows a Faulty brick\'s fault class and hint, and nothing on a healthy brick', async () => {
    await open(engine());
    const faulty = rowOf('n1:/bricks/b1');
    expect(within(faulty).getByText('ssh_auth')).toBeInTheDocument();
    expect(within(faulty).getByText(sshFault.hint)).toBeInTheDocument();
    expect(within(rowOf('n2:/bricks/b2')).queryByText('ssh_auth')).toBeNull();
    expect(within(rowOf('n2:/bricks/b2')).queryByRole('button', { name: /log excerpt/ })).toBeNull();
  });

  it('shows GlusterFS\'s raw worker states only when the session is UNKNOWN', async () => {
    await open(engine());
    expect(screen.queryByText(/Worker states/)).toBeNull();
    cleanup();
    const unknown = { ...session(1, 'UNKNOWN'), raw_worker_states: '0:Active,1:Hybrid', config: [], bricks: [brick(1, 'Active', null)] };
    await open(new FakeEngine().on('GET', /georeplication-sessions\/1$/, () => ({ body: unknown, headers: { ETag: '"2"' } })));
    expect(screen.getByText('Worker states (as GlusterFS reported them)')).toBeInTheDocument();
    expect(screen.getByText('0:Active,1:Hybrid')).toBeInTheDocument();
  });

  it('shows the log excerpt as text on expanding it, never as HTML', async () => {
    await open(engine());
    const faulty = rowOf('n1:/bricks/b1');
    await userEvent.click(within(faulty).getByRole('button', { name: 'Show the log excerpt' }));
    const shown = within(faulty).getByText((_c, el) => el?.tagName === 'PRE' && el.textContent === kHostile);
    expect(shown).toBeVisible();
    expect(shown.children).toHaveLength(0);
    expect(faulty.querySelector('script, img')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('charts lag and pending per brick from the history reply, last 24 h by default', async () => {
    const e = engine();
    await open(e);
    await new Promise((r) => setTimeout(r, 50));
    expect(historyRequests(e)).toHaveLength(0); // not asked for (nor polled) while its tab is not shown
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await waitFor(() => expect(historyRequests(e)).toHaveLength(1));
    const first = historyRequests(e)[0];
    expect(first.pathname).toBe('/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/1/history');
    expect(first.searchParams.get('step')).toBe('300');
    const since = Date.parse(first.searchParams.get('since')!);
    const until = Date.parse(first.searchParams.get('until')!);
    expect(first.searchParams.get('since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(until - since).toBe(24 * 3600_000);
    expect(until - Date.now()).toBeGreaterThan(0); // up to the end of the current 5 min step
    expect(until - Date.now()).toBeLessThanOrEqual(300_000);

    const lag = (await screen.findByRole('img', { name: 'Lag per brick' })).closest('figure') as HTMLElement;
    const b1 = lag.querySelector('[data-series="n1:/bricks/b1"]')!;
    expect([...b1.querySelectorAll('circle')].map((c) => c.getAttribute('data-value'))).toEqual(['30', '7200']);
    expect(b1.querySelectorAll('polyline')).toHaveLength(2); // the null step breaks the line
    expect(lag.querySelectorAll('[data-series="n2:/bricks/b2"] circle')).toHaveLength(1);
    expect(lag.querySelector('[style]')).toBeNull();

    const lagTable = within(lag).getByRole('table', { name: 'Lag per brick' });
    const row = within(lagTable).getByRole('rowheader', { name: '2026-12-01 00:02' }).closest('tr') as HTMLElement;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2.0 h', '–']);

    const pending = screen.getByRole('table', { name: 'Pending per brick' });
    const first3 = within(pending).getByRole('rowheader', { name: '2026-12-01 00:00' }).closest('tr') as HTMLElement;
    expect(within(first3).getAllByRole('cell').map((c) => c.textContent)).toEqual(['6', '0']);
  });

  it('re-queries with the new since and step when the range changes', async () => {
    const e = engine();
    await open(e);
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await waitFor(() => expect(historyRequests(e)).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: '1 h' }));
    await waitFor(() => expect(historyRequests(e)).toHaveLength(2));
    const windowOf = (q: URLSearchParams) => ({ since: Date.parse(q.get('since')!), until: Date.parse(q.get('until')!) });
    let q = historyRequests(e)[1].searchParams;
    expect(q.get('step')).toBe('60');
    let w = windowOf(q);
    expect(w.until - w.since).toBe(3600_000);
    expect(w.until % 60_000).toBe(0); // ends on the step boundary after now
    expect(w.until - Date.now()).toBeGreaterThan(0);
    expect(w.until - Date.now()).toBeLessThanOrEqual(60_000);

    await userEvent.click(screen.getByRole('button', { name: '7 d' }));
    await waitFor(() => expect(historyRequests(e)).toHaveLength(3));
    q = historyRequests(e)[2].searchParams;
    expect(q.get('step')).toBe('1800');
    w = windowOf(q);
    expect(w.until - w.since).toBe(7 * 24 * 3600_000);
    expect(w.until % 1800_000).toBe(0);
    expect(w.until - Date.now()).toBeGreaterThan(0);
    expect(w.until - Date.now()).toBeLessThanOrEqual(1800_000);
  });

  it('says why when the history cannot be loaded', async () => {
    const e = engine().on('GET', /\/history\?/, () => ({
      status: 400, body: { ok: false, error: { code: 'invalid_argument', message: 'the range may span at most 366 days' } },
    }));
    await open(e);
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(await screen.findByText('Could not load the history: the range may span at most 366 days', { exact: false })).toBeInTheDocument();
  });
});
