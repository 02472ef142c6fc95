import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CreateSessionWizard } from './CreateSessionWizard';
import { FakeEngine, loggedIn, session } from '../../test/fakeEngine';
import type { Destination } from '../../api/contractTypes';

const kFingerprint = 'SHA256:3f9yJtq0cRk5b6yJ0m2Qn0fQ2m7kzq0kC5u3S3c2x0E';
const kPassword = 'sekrit-Pa55';

function destination(id: number, host: string, status: string): Destination {
  return {
    id, cluster: 'lab', source_host: 'node1', host, port: 22, user: 'root', fingerprint: kFingerprint, status,
    last_tested_at: null, nodes: [], mountbroker: null, created_at: '2026-12-01T09:00:00Z',
  };
}

// The engine with the contract's shapes (CONTRACTS.md): the destinations/eligibility backend is another
// helper's; these answers are what its routes are agreed to return.
function engine(initial: Destination[] = []) {
  const destinations = [...initial];
  let testOk = initial.length === 0;
  const dest = '/api/clusters/lab/georeplication-destinations';
  return new FakeEngine()
    .on('GET', /^\/api\/clusters$/, () => ({ body: { clusters: [{ id: 1, name: 'lab', gluster_command: 'gluster', transport: 'ssh', hosts: 1 }] } }))
    .on('GET', /^\/api\/clusters\/lab\/glustervolumes\?/, () => ({ body: { cluster: 'lab', total: 2, volumes: [
      { name: 'mastervol', volume_uuid: 'u1', type: 'Replicate', status: 'Started', brick_count: 2 },
      { name: 'coldvol', volume_uuid: 'u2', type: 'Distribute', status: 'Stopped', brick_count: 1 },
    ] } }))
    .on('GET', /^\/api\/clusters\/lab\/hosts$/, () => ({ body: { hosts: [{ address: 'node1' }] } }))
    .on('GET', new RegExp(`^${dest}$`), () => ({ body: { destinations } }))
    .on('POST', new RegExp(`^${dest}/probe$`), (req) => ({ body: {
      host: (req.body as { host: string }).host, port: 22, fingerprint: kFingerprint, key_type: 'ssh-ed25519',
      ssh_banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2', gluster_version: '10.3', volumes: null } }))
    .on('GET', /^\/api\/georeplication-destination-keys$/, () => ({ body: { keys: [{ name: 'dr-key', fingerprint: 'SHA256:key' }] } }))
    .on('POST', new RegExp(`^${dest}$`), (req) => {
      if ((req.body as { password?: string }).password !== kPassword)
        return { status: 403, body: { ok: false, error: { code: 'permission_denied', message: 'authentication failed' } } };
      const d = destination(7, (req.body as { host: string }).host, 'connected');
      destinations.push(d);
      return { status: 201, body: d };
    })
    .on('POST', new RegExp(`^${dest}/\\d+/reestablish$`), () => {
      testOk = true;
      destinations[0] = { ...destinations[0], status: 'connected' };
      return { body: destinations[0] };
    })
    .on('POST', new RegExp(`^${dest}/(\\d+)/test$`), (req) => {
      const id = Number(/(\d+)\/test$/.exec(req.url)![1]);
      return { body: { destination: id, ok: testOk, nodes: [{ host: 'backup1', ok: testOk, error: testOk ? null : 'Permission denied (publickey)', elapsed_ms: 40 }] } };
    })
    .on('GET', /georeplication-eligibility\?/, () => ({ body: { master_volume: 'mastervol', secondary_host: 'backup1', candidates: [
      { volume: 'sv1', cluster: null, eligible: true, reasons: [{ code: 'unverifiable', message: 'free space could not be read', blocking: false }] },
      { volume: 'sv2', cluster: null, eligible: false, reasons: [{ code: 'not_empty', message: 'sv2 holds 12 files', blocking: true }] },
    ] } }))
    .on('POST', /\/glustervolumes\/mastervol\/georeplication-sessions$/, () => ({ status: 201, body: { ...session(9, 'CREATED', 'sv2'), secondary_host: 'backup1', bricks: [], config: [] } }))
    .on('PUT', /georeplication-sessions\/9\/options\/sync_jobs$/, () => ({ body: { key: 'sync_jobs', value: '5' } }))
    .on('POST', /georeplication-sessions\/9\/start$/, () => ({ body: session(9, 'ACTIVE', 'sv2') }));
}

async function toDestinationStep(user: ReturnType<typeof userEvent.setup>) {
  const wizard = await screen.findByRole('dialog', { name: 'Create a geo-replication session' });
  await waitFor(() => expect(within(wizard).getByLabelText(/^Primary volume/)).toHaveValue('mastervol'));
  expect(within(wizard).getByRole('option', { name: /coldvol .*start it first/ })).toBeDisabled();
  await user.click(within(wizard).getByRole('button', { name: 'Next' }));
  return wizard;
}

describe('CreateSessionWizard', () => {
  it('probes a new host, confirms its fingerprint, sets up SSH with a password used once, forces an ineligible volume and creates, configures and starts', async () => {
    const e = engine();
    const client = await loggedIn(e);
    const onCreated = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<CreateSessionWizard client={client} onClose={() => undefined} onCreated={onCreated} />);
    const wizard = await toDestinationStep(user);

    await screen.findByText(/This cluster has no destination yet/);
    expect(within(wizard).getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.type(within(wizard).getByLabelText(/^Secondary host/), 'backup1');
    await user.click(within(wizard).getByRole('button', { name: 'Probe host key' }));
    expect(await within(wizard).findByText(kFingerprint)).toBeInTheDocument();
    const setUp = within(wizard).getByRole('button', { name: 'Set up passwordless SSH' });
    expect(setUp).toBeDisabled();
    await user.click(within(wizard).getByLabelText(`I have checked that ${kFingerprint} is the host key of backup1`));
    await user.click(setUp);

    const ssh = await screen.findByRole('dialog', { name: 'Set up passwordless SSH' });
    const password = within(ssh).getByLabelText(/^Password/);
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveFocus();
    await user.type(password, 'wrong');
    await user.keyboard('{Enter}');
    expect(await within(ssh).findByText('SSH setup failed: authentication failed')).toBeInTheDocument();
    expect(password).toHaveValue('');
    await user.type(password, kPassword);
    await user.click(within(ssh).getByRole('button', { name: 'Set up SSH' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Set up passwordless SSH' })).toBeNull());
    const sent = e.requests.filter((r) => r.method === 'POST' && r.url === '/api/clusters/lab/georeplication-destinations').at(-1)!;
    expect(sent.body).toEqual({ source_host: 'node1', host: 'backup1', port: 22, user: 'root', fingerprint: kFingerprint, password: kPassword });
    expect(document.body.innerHTML).not.toContain(kPassword);

    const row = await within(wizard).findByText('root@backup1:22');
    await waitFor(() => expect(row.closest('tr')!).toHaveTextContent('test passed'));
    await user.click(within(wizard).getByRole('button', { name: 'Next' }));

    const sv2 = await within(wizard).findByRole('radio', { name: 'Replicate to sv2' });
    expect(sv2).toBeDisabled();
    expect(within(wizard).getByText('sv2 holds 12 files')).toBeInTheDocument();
    expect(within(wizard).getByText('free space could not be read')).toBeInTheDocument();
    await user.click(within(wizard).getByLabelText('Force: allow a volume that is not eligible'));
    await user.click(sv2);
    expect(await within(wizard).findByTestId('overridden-reasons')).toHaveTextContent('not_empty: sv2 holds 12 files');
    await user.click(within(wizard).getByRole('button', { name: 'Next' }));

    await user.click(within(wizard).getByLabelText('Use the default config'));
    await user.click(within(wizard).getByRole('button', { name: 'Add an option' }));
    const value = within(wizard).getByLabelText('Value of sync_jobs');
    await user.clear(value);
    await user.type(value, 'abc');
    expect(within(wizard).getByText('This option takes a whole number.')).toBeInTheDocument();
    expect(within(wizard).getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.clear(value);
    await user.type(value, '5');
    await user.click(within(wizard).getByRole('button', { name: 'Next' }));

    expect(within(wizard).getByText('forced, overriding not_empty')).toBeInTheDocument();
    await user.click(within(wizard).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    const create = e.requests.find((r) => r.method === 'POST' && r.url.endsWith('/glustervolumes/mastervol/georeplication-sessions'))!;
    expect(create.url).toBe('/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions');
    expect(create.body).toEqual({ secondary_host: 'backup1', secondary_volume: 'sv2', secondary_user: 'root', force: true });
    const after = e.requests.slice(e.requests.indexOf(create) + 1).map((r) => `${r.method} ${r.url}`);
    expect(after).toEqual([
      'PUT /api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/9/options/sync_jobs',
      'POST /api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/9/start',
    ]);
  }, 40000);

  it('re-establishes SSH with an allow-listed key when testing a known destination fails', async () => {
    const e = engine([destination(3, 'backup1', 'auth_failed')]);
    const client = await loggedIn(e);
    const user = userEvent.setup({ delay: null });
    render(<CreateSessionWizard client={client} onClose={() => undefined} onCreated={() => undefined} />);
    const wizard = await toDestinationStep(user);
    const row = (await within(wizard).findByText('root@backup1:22')).closest('tr')!;
    expect(row).toHaveTextContent(kFingerprint);
    expect(row).toHaveTextContent('auth_failed');
    await user.click(within(row).getByRole('radio'));
    await user.click(within(row).getByRole('button', { name: 'Test backup1' }));
    await waitFor(() => expect(row).toHaveTextContent('backup1: Permission denied (publickey)'));
    expect(within(wizard).getByRole('button', { name: 'Next' })).toBeDisabled();

    await user.click(within(row).getByRole('button', { name: 'Set up passwordless SSH to backup1' }));
    const ssh = await screen.findByRole('dialog', { name: 'Set up passwordless SSH' });
    await user.click(within(ssh).getByLabelText("A private key from the engine's allow-list"));
    await waitFor(() => expect(within(ssh).getByLabelText(/^Private key/)).toHaveValue('dr-key'));
    await user.click(within(ssh).getByRole('button', { name: 'Set up SSH' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Set up passwordless SSH' })).toBeNull());
    const sent = e.requests.find((r) => r.url.endsWith('/georeplication-destinations/3/reestablish'))!;
    expect(sent.body).toEqual({ fingerprint: kFingerprint, private_key: 'dr-key' });
    await waitFor(() => expect(row).toHaveTextContent('test passed'));
    expect(within(wizard).getByRole('button', { name: 'Next' })).toBeEnabled();
  }, 40000);

  it('keyboard: Tab stays in the SSH dialog, Escape closes it and leaves the wizard open; Escape then closes the wizard', async () => {
    const client = await loggedIn(engine());
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<CreateSessionWizard client={client} onClose={onClose} onCreated={() => undefined} />);
    const wizard = await screen.findByRole('dialog', { name: 'Create a geo-replication session' });
    await waitFor(() => expect(within(wizard).getByLabelText(/^Primary volume/)).toHaveValue('mastervol'));
    expect(within(wizard).getByLabelText(/^Cluster/)).toHaveFocus();
    // Keyboard only from here: Tab to Next, Enter.
    for (let i = 0; i < 20 && document.activeElement?.textContent !== 'Next'; ++i) await user.tab();
    expect(document.activeElement).toHaveTextContent('Next');
    await user.keyboard('{Enter}');
    await user.type(await within(wizard).findByLabelText(/^Secondary host/), 'backup1');
    await user.click(within(wizard).getByRole('button', { name: 'Probe host key' }));
    await user.click(await within(wizard).findByLabelText(/I have checked that/));
    await user.click(within(wizard).getByRole('button', { name: 'Set up passwordless SSH' }));
    const ssh = await screen.findByRole('dialog', { name: 'Set up passwordless SSH' });
    for (let i = 0; i < 15; ++i) {
      await user.tab();
      expect(ssh.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Set up passwordless SSH' })).toBeNull());
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Create a geo-replication session' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  }, 40000);
});
