import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EventsPage } from './EventsPage';
import { FakeEngine, loggedIn } from '../test/fakeEngine';
import type { EngineEvent } from '../api/types';

const event = (id: number, name: string, severity: string): EngineEvent => ({
  id, time: `2026-12-01T00:00:0${id}Z`, name, severity, correlation_id: `c${id}`, actor: 'admin', body: {},
});
const all = [event(1, 'georep.session.started', 'info'), event(2, 'georep.brick.faulty', 'error'),
  event(3, 'georep.session.stalled', 'warning')];
const rank: Record<string, number> = { info: 0, warning: 1, error: 2, alert: 3 };

// A fake that filters like the engine does (severity = that level and above), so the page's rows show
// what it asked for.
function engine() {
  return new FakeEngine().on('GET', /\/api\/events\?/, (req) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const since = Number(q.get('since'));
    const floor = rank[q.get('severity') ?? 'info'];
    const events = all.filter((e) => e.id > since && rank[e.severity] >= floor);
    return { body: { events, last_id: Math.max(since, ...events.map((e) => e.id)) } };
  });
}
const eventUrls = (e: FakeEngine) => e.requests.filter((r) => r.url.startsWith('/api/events')).map((r) => new URL(r.url, 'http://x'));

describe('EventsPage', () => {
  it('asks the engine for the chosen severity and above, starting over from the beginning', async () => {
    const e = engine();
    const client = await loggedIn(e);
    render(<EventsPage client={client} />);
    await screen.findByText('georep.session.started');
    expect(eventUrls(e)[0].searchParams.has('severity')).toBe(false);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), 'warning');
    await waitFor(() => expect(eventUrls(e).some((u) => u.searchParams.get('severity') === 'warning')).toBe(true));
    const filtered = eventUrls(e).find((u) => u.searchParams.get('severity') === 'warning')!;
    expect(filtered.searchParams.get('since')).toBe('0');
    await waitFor(() => expect(screen.queryByText('georep.session.started')).toBeNull());
    expect(screen.getByText('georep.brick.faulty')).toBeInTheDocument();
    expect(screen.getByText('georep.session.stalled')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), 'error');
    await waitFor(() => expect(screen.queryByText('georep.session.stalled')).toBeNull());
    expect(eventUrls(e).at(-1)!.searchParams.get('severity')).toBe('error');
    expect(screen.getByText('georep.brick.faulty')).toBeInTheDocument();
  });

  it('pages on the engine (newest first, older, newer) and refreshes live without moving an older page', async () => {
    const log: EngineEvent[] = Array.from({ length: 120 }, (_x, i) => event(i + 1, `georep.test.e${i + 1}`, 'info'));
    const e = new FakeEngine().on('GET', /\/api\/events\?/, (req) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const since = Number(q.get('since'));
      const events = log.filter((x) => x.id > since).slice(0, Number(q.get('limit')));
      return { body: { events, last_id: Math.max(since, ...events.map((x) => x.id)) } };
    });
    const client = await loggedIn(e);
    const user = userEvent.setup({ delay: null });
    render(<EventsPage client={client} />);
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Latest events #71–#120'));
    const names = () => Array.from(document.querySelectorAll('#events-table tr[data-event]')).map((r) => r.getAttribute('data-event'));
    expect(names()).toHaveLength(50);
    expect(names()[0]).toBe('georep.test.e120');
    expect(e.requests.every((r) => Number(new URL(r.url, 'http://x').searchParams.get('limit') ?? 0) <= 1000)).toBe(true);

    // Live on the latest page: a new event comes on top, an expanded row stays expanded.
    const row = (name: string) => document.querySelector(`#events-table tr[data-event="${name}"]`) as HTMLElement;
    await user.click(within(row('georep.test.e100')).getByRole('button'));
    log.push(event(121, 'georep.test.e121', 'info'));
    await waitFor(() => expect(names()[0]).toBe('georep.test.e121'), { timeout: 5000 });
    expect(names()).toHaveLength(50);
    expect(within(row('georep.test.e100')).getByRole('button')).toHaveAttribute('aria-expanded', 'true');

    await user.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Events #22–#71'));
    const before = names();
    log.push(event(122, 'georep.test.e122', 'info'));
    await screen.findByText('1 newer events since this page was loaded', {}, { timeout: 5000 });
    expect(names()).toEqual(before);

    await user.click(screen.getByRole('button', { name: 'Newer' }));
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Events #72–#121'));
    await user.click(screen.getByRole('button', { name: 'Newer' })); // a short page: the latest one is shown
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Latest events #73–#122'));
    await user.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Events #23–#72'));
    await user.click(screen.getByRole('button', { name: 'Latest' }));
    await waitFor(() => expect(screen.getByTestId('events-range')).toHaveTextContent('Latest events #73–#122'));
  }, 40000);
});
