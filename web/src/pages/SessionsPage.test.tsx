import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionsPage } from './SessionsPage';
import { FakeEngine, loggedIn, session } from '../test/fakeEngine';

function engineWith(sessions: ReturnType<typeof session>[]) {
  return new FakeEngine()
    .on('GET', /\/api\/clusters$/, () => ({ body: { clusters: [{ id: 1, name: 'lab', transport: 'local', gluster_command: 'g', hosts: 1 }] } }))
    .on('GET', /\/api\/georeplication-sessions/, () => ({ body: { sessions, total: sessions.length }, headers: { ETag: '"1"' } }));
}

const rowOf = (secondary: string) => screen.getByText(`root@vm::${secondary}`).closest('tr') as HTMLElement;

describe('SessionsPage', () => {
  it('lists the sessions with their status labels', async () => {
    const client = await loggedIn(engineWith([session(1, 'ACTIVE'), session(2, 'FAULTY'), session(3, 'PARTIAL_FAULTY')]));
    render(<SessionsPage client={client} role="operator" navigate={() => {}} />);
    await screen.findByText('root@vm::sv1');
    expect(within(rowOf('sv1')).getByText('ACTIVE')).toBeInTheDocument();
    expect(within(rowOf('sv2')).getByText('FAULTY')).toBeInTheDocument();
    expect(within(rowOf('sv3')).getByText('PARTIAL_FAULTY')).toBeInTheDocument();
    expect(screen.getByTestId('session-count')).toHaveTextContent('3 shown of 3');
  });

  it('shows a viewer no selection, no bulk or row actions', async () => {
    const client = await loggedIn(engineWith([session(1, 'ACTIVE')]));
    render(<SessionsPage client={client} role="viewer" navigate={() => {}} />);
    await screen.findByText('root@vm::sv1');
    expect(screen.queryByRole('checkbox')).toBeNull();
    for (const name of ['Start', 'Pause', 'Resume', 'Stop', 'Delete']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByRole('button', { name: /kebab/i })).toBeNull();
  });

  it('sorts by a column and filters by text', async () => {
    const client = await loggedIn(engineWith([session(1, 'ACTIVE', 'beta'), session(2, 'STOPPED', 'alpha')]));
    render(<SessionsPage client={client} role="operator" navigate={() => {}} />);
    await screen.findByText('root@vm::beta');
    const order = () => screen.getAllByText(/^root@vm::/).map((e) => e.textContent);
    expect(order()).toEqual(['root@vm::beta', 'root@vm::alpha']);
    await userEvent.click(screen.getByRole('button', { name: 'Secondary' }));
    expect(order()).toEqual(['root@vm::alpha', 'root@vm::beta']);
    await userEvent.type(screen.getByRole('textbox', { name: 'Filter by name' }), 'beta');
    expect(order()).toEqual(['root@vm::beta']);
  });

  it('sends the status filter to the engine', async () => {
    const engine = engineWith([]);
    const client = await loggedIn(engine);
    render(<SessionsPage client={client} role="operator" navigate={() => {}} />);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'PAUSED');
    await waitFor(() => expect(engine.requests.some((r) => r.url.includes('status=PAUSED'))).toBe(true));
  });

  it('runs a bulk action only after the confirmation, with force when ticked', async () => {
    const engine = engineWith([session(1, 'ACTIVE'), session(2, 'ACTIVE')])
      .on('POST', /\/pause$/, () => ({ body: session(1, 'PAUSED') }));
    const client = await loggedIn(engine);
    render(<SessionsPage client={client} role="operator" navigate={() => {}} />);
    await screen.findByText('root@vm::sv1');
    await userEvent.click(within(rowOf('sv1')).getByRole('checkbox'));
    await userEvent.click(within(rowOf('sv2')).getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pause 2 sessions?' });
    expect(engine.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pause'))).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Force/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const sent = engine.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pause'));
    expect(sent.map((r) => r.url)).toEqual([
      '/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/1/pause',
      '/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/2/pause',
    ]);
    expect(sent.every((r) => (r.body as { force: boolean }).force)).toBe(true);
  });

  it('keeps the dialog open with the engine\'s message when an action fails', async () => {
    const engine = engineWith([session(1, 'STOPPED')]).on('POST', /\/start$/, () => ({
      status: 409, body: { ok: false, error: { code: 'conflict', message: 'another transaction is in progress' } },
    }));
    const client = await loggedIn(engine);
    render(<SessionsPage client={client} role="admin" navigate={() => {}} />);
    await screen.findByText('root@vm::sv1');
    await userEvent.click(within(rowOf('sv1')).getByRole('button', { name: /kebab/i }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Start' }));
    const dialog = await screen.findByRole('dialog', { name: 'Start session?' });
    await userEvent.keyboard('{Enter}');
    expect(await within(dialog).findByText('#1: another transaction is in progress')).toBeInTheDocument();
  });
});
