import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OptionsEditor } from './OptionsEditor';
import { FakeEngine, loggedIn, session } from '../test/fakeEngine';

const options = [
  { key: 'sync_jobs', value: '3', is_default: true },
  { key: 'rsync_options', value: '-a --bwlimit=100', is_default: false },
];
const rowOf = (key: string) => screen.getByText(key).closest('tr') as HTMLElement;

describe('OptionsEditor', () => {
  it('marks defaults and changed options; a viewer gets no edit control', async () => {
    const client = await loggedIn(new FakeEngine());
    render(<OptionsEditor client={client} session={session(4, 'ACTIVE')} options={options} canEdit={false} onChanged={() => {}} />);
    expect(within(rowOf('sync_jobs')).getByText('default')).toBeInTheDocument();
    expect(within(rowOf('rsync_options')).getByText('changed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit|Reset/ })).toBeNull();
  });

  it('validates before sending, then shows the engine\'s refusal on the field', async () => {
    const engine = new FakeEngine().on('PUT', /options\/sync_jobs$/, () => ({
      status: 400, body: { ok: false, error: { code: 'invalid_argument', message: 'sync_jobs must be between 1 and 100', field: 'value' } },
    }));
    const client = await loggedIn(engine);
    render(<OptionsEditor client={client} session={session(4, 'ACTIVE')} options={options} canEdit onChanged={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit sync_jobs' }));
    const input = screen.getByRole('textbox', { name: 'Value of sync_jobs' });
    await userEvent.clear(input);
    await userEvent.type(input, 'many{Enter}');
    expect(screen.getByText('This option takes a whole number.')).toBeInTheDocument();
    expect(engine.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    await userEvent.clear(input);
    await userEvent.type(input, '500{Enter}');
    expect(await screen.findByText('sync_jobs must be between 1 and 100')).toBeInTheDocument();
    expect(engine.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([{ value: '500' }]);
  });

  it('saves a valid value and resets a changed one after confirming', async () => {
    const engine = new FakeEngine()
      .on('PUT', /options\/sync_jobs$/, () => ({ body: {} }))
      .on('DELETE', /options\/rsync_options$/, () => ({ body: {} }));
    const client = await loggedIn(engine);
    const onChanged = vi.fn();
    render(<OptionsEditor client={client} session={session(4, 'ACTIVE')} options={options} canEdit onChanged={onChanged} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit sync_jobs' }));
    const input = screen.getByRole('textbox', { name: 'Value of sync_jobs' });
    await userEvent.clear(input);
    await userEvent.type(input, '6{Enter}');
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    await userEvent.click(screen.getByRole('button', { name: 'Reset rsync_options' }));
    await screen.findByRole('dialog', { name: 'Reset rsync_options?' });
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    expect(engine.requests.filter((r) => r.method !== 'POST').map((r) => `${r.method} ${r.url.split('/options/')[1]}`)).toEqual([
      'PUT sync_jobs',
      'DELETE rsync_options',
    ]);
  });
});
