// The history charts refresh live: polled with If-None-Match over a window that only moves at step
// boundaries, a 304 changes nothing (not even a render), a new sample shows, the chosen range and the focus
// stay. A fake engine answers like the real one: 304 when If-None-Match matches the current body's ETag.
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionHistoryCharts, historyWindow } from './SessionHistoryCharts';
import { FakeEngine, loggedIn, type Recorded } from '../test/fakeEngine';
import type { HistoryPoint, SessionHistory } from '../api/types';

const kSession = { cluster: 'lab', master_volume: 'mastervol', session_id: 1 };
const kNow = Date.parse('2026-12-01T10:02:30Z');
const kPollMs = 40;

const point = (t: string, lag: number): HistoryPoint => ({
  t, worker_status: 'Active', entry_pending: 1, data_pending: 0, meta_pending: 0, lag_seconds: lag, samples: 1,
});

/** An engine whose history can change under the test; answers carry an ETag of the body. */
function historyEngine() {
  const state = {
    points: [point('2026-12-01T09:50:00Z', 30), point('2026-12-01T09:55:00Z', 45)],
    version: 1,
  };
  const answered: { status: number; query: URLSearchParams; ifNoneMatch?: string }[] = [];
  const e = new FakeEngine().on('GET', /georeplication-sessions\/1\/history\?/, (req: Recorded) => {
    const query = new URL(req.url, 'http://x').searchParams;
    const body: SessionHistory = {
      session_id: 1, since: query.get('since')!, until: query.get('until')!, step: Number(query.get('step')),
      transitions: [], bricks: [{ brick: 'n1:/bricks/b1', host: 'n1', path: '/bricks/b1', points: state.points }],
    };
    const tag = `"${query}|v${state.version}"`;
    const ifNoneMatch = req.headers['If-None-Match'];
    const status = ifNoneMatch === tag ? 304 : 200;
    answered.push({ status, query, ifNoneMatch });
    return { status, body, headers: { ETag: tag } };
  });
  const addPoint = (p: HistoryPoint) => {
    state.points = [...state.points, p];
    state.version += 1;
  };
  return { e, answered, addPoint };
}

const lagValues = () =>
  [...document.querySelectorAll('[data-chart="history-lag"] [data-series="n1:/bricks/b1"] circle')].map((c) =>
    c.getAttribute('data-value'));

describe('SessionHistoryCharts', () => {
  it('asks for a window ending at the step boundary after now, the same one until that boundary passes', () => {
    const day = { seconds: 86400, step: 300 };
    expect(historyWindow(day, kNow)).toEqual({ since: '2026-11-30T10:05:00Z', until: '2026-12-01T10:05:00Z', step: 300 });
    expect(historyWindow(day, Date.parse('2026-12-01T10:04:59Z'))).toEqual(historyWindow(day, kNow));
    expect(historyWindow(day, Date.parse('2026-12-01T10:05:00Z')).until).toBe('2026-12-01T10:10:00Z');
    expect(historyWindow({ seconds: 3600, step: 60 }, kNow)).toEqual(
      { since: '2026-12-01T09:03:00Z', until: '2026-12-01T10:03:00Z', step: 60 });
  });

  it('shows a new point brought by a later poll', async () => {
    const { e, answered, addPoint } = historyEngine();
    render(<SessionHistoryCharts client={await loggedIn(e)} session={kSession} now={() => kNow} pollMs={kPollMs} />);
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    addPoint(point('2026-12-01T10:00:00Z', 600));
    await waitFor(() => expect(lagValues()).toEqual(['30', '45', '600']));
    expect(screen.getByRole('table', { name: 'Lag per brick' })).toHaveTextContent('10.0 min');
    // every poll of the same window sent the ETag it held
    expect(answered.slice(1).every((a) => a.ifNoneMatch?.startsWith('"'))).toBe(true);
    expect(new Set(answered.map((a) => a.query.toString())).size).toBe(1);
  });

  it('keeps the chart as it was on a 304, without rendering again', async () => {
    const { e, answered } = historyEngine();
    const client = await loggedIn(e);
    let commits = 0;
    render(
      <Profiler id="history" onRender={() => { commits += 1; }}>
        <SessionHistoryCharts client={client} session={kSession} now={() => kNow} pollMs={kPollMs} />
      </Profiler>,
    );
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    await waitFor(() => expect(answered.filter((a) => a.status === 304).length).toBeGreaterThanOrEqual(1));
    const circle = document.querySelector('[data-chart="history-lag"] circle');
    const before = commits;
    const seen = answered.length;
    await waitFor(() => expect(answered.length).toBeGreaterThanOrEqual(seen + 3));
    expect(answered.slice(1).every((a) => a.status === 304)).toBe(true);
    expect(commits).toBe(before);
    expect(document.querySelector('[data-chart="history-lag"] circle')).toBe(circle);
    expect(lagValues()).toEqual(['30', '45']);
  });

  it('keeps the range the user chose, and the focus on it, across refreshes', async () => {
    const { e, answered, addPoint } = historyEngine();
    const user = userEvent.setup();
    render(<SessionHistoryCharts client={await loggedIn(e)} session={kSession} now={() => kNow} pollMs={kPollMs} />);
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    await user.click(screen.getByRole('button', { name: '1 h' }));
    await waitFor(() => expect(answered.some((a) => a.query.get('step') === '60')).toBe(true));
    const chosen = answered.findIndex((a) => a.query.get('step') === '60');
    addPoint(point('2026-12-01T10:01:00Z', 90));
    await waitFor(() => expect(lagValues()).toEqual(['30', '45', '90']));
    const later = answered.slice(chosen);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later.every((a) => a.query.get('step') === '60' && a.query.get('since') === '2026-12-01T09:03:00Z')).toBe(true);
    expect(screen.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'false');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '1 h' }));
  });

  it('moves the window when a step boundary passes', async () => {
    const { e, answered } = historyEngine();
    let now = kNow;
    render(<SessionHistoryCharts client={await loggedIn(e)} session={kSession} now={() => now} pollMs={kPollMs} />);
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    now = Date.parse('2026-12-01T10:05:01Z');
    await waitFor(() => expect(answered.some((a) => a.query.get('until') === '2026-12-01T10:10:00Z')).toBe(true));
    const moved = answered.find((a) => a.query.get('until') === '2026-12-01T10:10:00Z')!;
    expect(moved.status).toBe(200); // another window's ETag never matches
    expect(moved.query.get('since')).toBe('2026-11-30T10:10:00Z');
  });

  it('keeps the last answer on screen when a refresh fails, and says so', async () => {
    const { e } = historyEngine();
    render(<SessionHistoryCharts client={await loggedIn(e)} session={kSession} now={() => kNow} pollMs={kPollMs} />);
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    e.on('GET', /\/history\?/, () => ({ status: 503, body: { ok: false, error: { code: 'unavailable', message: 'database busy' } } }));
    expect(await screen.findByText('Could not load the history: database busy (showing the last answer)', { exact: false }))
      .toBeInTheDocument();
    expect(lagValues()).toEqual(['30', '45']);
  });

  it('does not poll while not shown, and polls again with its ETag once shown', async () => {
    const { e, answered } = historyEngine();
    const client = await loggedIn(e);
    const { rerender } = render(
      <SessionHistoryCharts client={client} session={kSession} now={() => kNow} pollMs={kPollMs} active={false} />);
    await new Promise((r) => setTimeout(r, kPollMs * 4));
    expect(answered).toHaveLength(0);
    rerender(<SessionHistoryCharts client={client} session={kSession} now={() => kNow} pollMs={kPollMs} active />);
    await waitFor(() => expect(lagValues()).toEqual(['30', '45']));
    rerender(<SessionHistoryCharts client={client} session={kSession} now={() => kNow} pollMs={kPollMs} active={false} />);
    const stopped = answered.length;
    await new Promise((r) => setTimeout(r, kPollMs * 4));
    expect(answered.length).toBeLessThanOrEqual(stopped + 1); // at most one already on its way
    expect(lagValues()).toEqual(['30', '45']); // hidden, not forgotten
  });
});
