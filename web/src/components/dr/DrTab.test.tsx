import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DrTab } from './DrTab';
import { FakeEngine, loggedIn } from '../../test/fakeEngine';
import type { DrPolicy, DrRun, DrRunDetails } from '../../api/contractTypes';

const base = '/api/clusters/lab/glustervolumes/mastervol/georeplication-sessions/1';
const ref = { cluster: 'lab', master_volume: 'mastervol', session_id: 1 };

function run(id: number, result: string, step: string): DrRun {
  return {
    run_id: id, session_id: 1, policy_id: 1, trigger: 'manual', scheduled_for: null, result, step,
    started_at: `2026-12-01T10:0${id}:00Z`, deadline_at: null, ended_at: result === 'running' ? null : `2026-12-01T10:0${id}:30Z`,
    checkpoint_time: result === 'succeeded' ? `2026-12-01T10:0${id}:05Z` : null, duration_seconds: result === 'running' ? null : 30,
    pending_entry: null, pending_data: null, pending_meta: null, error: result === 'failed' ? 'the session is FAULTY' : null, brick: null,
  };
}

// A DR backend with the contract's shapes: no policy until one is created; a run started by "run now"
// reports progress on its first two reads, then succeeds.
function drEngine(opts: { breached?: boolean } = {}) {
  let policy: DrPolicy | null = null;
  const runs: DrRun[] = [run(1, 'failed', 'wait')];
  let reads = 0;
  const e = new FakeEngine()
    .on('GET', /\/api\/clusters\/lab\/hosts$/, () => ({ body: { hosts: [{ address: 'node1' }, { address: 'node2' }] } }))
    .on('GET', new RegExp(`${base}/dr-policy$`), () =>
      policy ? { body: policy } : { status: 404, body: { ok: false, error: { code: 'not_found', message: 'session 1 has no DR policy' } } })
    .on('POST', new RegExp(`${base}/dr-policy$`), (req) => {
      const body = req.body as Record<string, unknown>;
      if (body.schedule === '61 * * * *')
        return { status: 400, body: { ok: false, error: { code: 'invalid_argument', field: 'schedule', message: 'minute 61 is out of range 0-59' } } };
      policy = {
        ...(body as unknown as DrPolicy), id: 1, session_id: 1, paused: false, next_run_at: '2026-12-02T00:00:00Z', missed_count: 0,
        recovery_point: {
          rpo_target_seconds: body.rpo_target_seconds as number, data_consistent_as_of: opts.breached ? null : '2026-12-01T09:00:00Z',
          rpo_seconds: opts.breached ? null : 3600, rpo_breached: Boolean(opts.breached), last_success_run_id: null,
        },
      };
      return { status: 201, body: policy };
    })
    .on('GET', new RegExp(`${base}/dr-runs\\?limit=`), () => ({ body: { session_id: 1, runs } }))
    .on('POST', new RegExp(`${base}/dr-runs$`), () => {
      runs.unshift(run(2, 'running', 'pending'));
      return { status: 202, body: { run_id: 2, session_id: 1 } };
    })
    .on('GET', new RegExp(`${base}/dr-runs/2$`), () => {
      reads += 1;
      const done = reads > 2;
      if (done) runs[0] = run(2, 'succeeded', 'done');
      const body: DrRunDetails = {
        ...runs[0],
        progress: done ? null : {
          step: 'wait', workers_done: 1, workers_active: 2, pending_entry: 7, pending_data: 3, pending_meta: 0, elapsed_seconds: 12,
        },
      };
      return { body };
    });
  return e;
}

describe('DrTab', () => {
  it('creates a policy with the engine refusing a bad schedule on its field, then runs it now with live progress', async () => {
    const e = drEngine();
    const client = await loggedIn(e);
    const user = userEvent.setup({ delay: null });
    render(<DrTab client={client} session={ref} role="admin" />);
    await user.click(await screen.findByRole('button', { name: 'Create DR policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a DR policy' });
    expect(within(dialog).getByLabelText('Schedule preset')).toHaveFocus();

    await user.selectOptions(within(dialog).getByLabelText('Schedule preset'), 'custom');
    const schedule = within(dialog).getByRole('textbox', { name: 'Schedule' });
    await user.clear(schedule);
    await user.type(schedule, '5 * *');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText(/A cron schedule has 5 fields/)).toBeInTheDocument();
    expect(e.requests.some((r) => r.method === 'POST' && r.url.endsWith('/dr-policy'))).toBe(false);

    await user.clear(schedule);
    await user.type(schedule, '61 * * * *');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('minute 61 is out of range 0-59')).toBeInTheDocument();

    await user.clear(schedule);
    await user.type(schedule, '30 2 * * *');
    await user.selectOptions(within(dialog).getByLabelText(/^Time zone/), 'Europe/Paris');
    await user.click(within(dialog).getByLabelText('Stop the session after each sync'));
    await user.clear(within(dialog).getByLabelText(/^RPO target \*/));
    await user.type(within(dialog).getByLabelText(/^RPO target \*/), '6');
    await user.selectOptions(within(dialog).getByLabelText('RPO target unit'), 'hours');
    await user.click(within(dialog).getByRole('button', { name: 'Add a hook before the run' }));
    await user.type(within(dialog).getByLabelText(/^URL/), 'https://app.example/quiesce');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const sent = e.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/dr-policy')).at(-1)!.body;
    expect(sent).toEqual({
      schedule: '30 2 * * *', time_zone: 'Europe/Paris', run_timeout_seconds: 3600, mode: 'stop_after_sync',
      rpo_target_seconds: 21600, hooks: { pre: [{ type: 'webhook', url: 'https://app.example/quiesce', timeout_seconds: 30 }], post: [] },
    });
    expect(await screen.findByText('30 2 * * * (Europe/Paris)')).toBeInTheDocument();
    expect(screen.getByText('2026-12-02T00:00:00Z')).toBeInTheDocument();
    expect(within(screen.getByTestId('rpo-badge')).getByText('RPO ok')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByTestId('dr-run-figures', {}, { timeout: 3000 })).toHaveTextContent(
      'Workers done 1, active 2; pending entry 7, data 3, meta 0; elapsed 12 s');
    expect(screen.getByRole('button', { name: 'Cancel run' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run now' })).toBeDisabled();
    await waitFor(() => expect(screen.getByTestId('dr-run-progress')).toHaveTextContent('succeeded'), { timeout: 5000 });
    const row = screen.getByRole('grid', { name: 'DR run history' }).querySelector('tr[data-run="2"]') as HTMLElement;
    await waitFor(() => expect(row).toHaveTextContent('succeeded'));
    expect(row).toHaveTextContent('2026-12-01T10:02:05Z');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull());
  }, 40000);

  it('shows a breached RPO, and a viewer sees no action', async () => {
    const e = drEngine({ breached: true });
    const client = await loggedIn(e);
    await client.createDrPolicy(ref, {
      schedule: '@hourly', time_zone: 'UTC', run_timeout_seconds: 600, mode: 'continuous', rpo_target_seconds: 7200, hooks: { pre: [], post: [] },
    });
    render(<DrTab client={client} session={ref} role="viewer" />);
    const badge = await screen.findByTestId('rpo-badge');
    expect(within(badge).getByText('RPO breached')).toBeInTheDocument();
    expect(badge).toHaveTextContent('no run has succeeded yet (target 2 h)');
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit|Delete|Pause/ })).toBeNull();
    expect(screen.getByRole('grid', { name: 'DR run history' })).toHaveTextContent('the session is FAULTY');
  });

  it('keeps keyboard focus inside the policy dialog and closes it with Escape', async () => {
    const client = await loggedIn(drEngine());
    const user = userEvent.setup({ delay: null });
    render(<DrTab client={client} session={ref} role="admin" />);
    await user.click(await screen.findByRole('button', { name: 'Create DR policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a DR policy' });
    const visited = new Set<Element>();
    for (let i = 0; i < 30; ++i) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
      visited.add(document.activeElement!);
    }
    expect(visited.size).toBeGreaterThan(8); // the fields, hooks button, Create, Cancel, close: not stuck on one
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  }, 40000);

  it('deletes the policy by keyboard only: focus on Delete, Escape cancels, Enter confirms', async () => {
    const e = drEngine();
    let deleted = 0;
    e.on('DELETE', new RegExp(`${base}/dr-policy$`), () => {
      deleted += 1;
      return { body: { session_id: 1, deleted: true } };
    });
    const client = await loggedIn(e);
    await client.createDrPolicy(ref, {
      schedule: '@daily', time_zone: 'UTC', run_timeout_seconds: 600, mode: 'continuous', rpo_target_seconds: 7200, hooks: { pre: [], post: [] },
    });
    const user = userEvent.setup({ delay: null });
    render(<DrTab client={client} session={ref} role="operator" />);
    expect(screen.queryByRole('button', { name: 'Edit policy' })).toBeNull(); // admins only
    (await screen.findByRole('button', { name: 'Delete policy' })).focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: /Delete the DR policy\?/ });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Delete' })).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(deleted).toBe(0);
    screen.getByRole('button', { name: 'Delete policy' }).focus();
    await user.keyboard('{Enter}');
    const again = await screen.findByRole('dialog', { name: /Delete the DR policy\?/ });
    await waitFor(() => expect(within(again).getByRole('button', { name: 'Delete' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(deleted).toBe(1));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  }, 40000);

  it('follows a run already in flight when the tab opens and cancels it', async () => {
    const e = drEngine();
    const client = await loggedIn(e);
    await client.createDrPolicy(ref, {
      schedule: '@daily', time_zone: 'UTC', run_timeout_seconds: 600, mode: 'continuous', rpo_target_seconds: 7200, hooks: { pre: [], post: [] },
    });
    let current: DrRun = run(5, 'running', 'wait');
    e.on('GET', new RegExp(`${base}/dr-runs\\?limit=`), () => ({ body: { session_id: 1, runs: [current] } }))
      .on('GET', new RegExp(`${base}/dr-runs/5$`), () => ({ body: { ...current, progress: current.result === 'running'
        ? { step: 'wait', workers_done: 0, workers_active: 2, pending_entry: 40, pending_data: 1, pending_meta: 0, elapsed_seconds: 3 } : null } }))
      .on('POST', new RegExp(`${base}/dr-runs/cancel$`), () => {
        current = { ...run(5, 'cancelled', 'post_hooks'), error: 'the run was cancelled' };
        return { status: 202, body: { run_id: 5, session_id: 1, cancelling: true } };
      });
    const user = userEvent.setup({ delay: null });
    render(<DrTab client={client} session={ref} role="operator" />);
    expect(await screen.findByTestId('dr-run-figures', {}, { timeout: 4000 })).toHaveTextContent('pending entry 40');
    await user.click(screen.getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(screen.getByTestId('dr-run-progress')).toHaveTextContent('cancelled'), { timeout: 4000 });
    expect(e.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/dr-runs/cancel'))).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Run now' })).toBeEnabled();
  });
});
