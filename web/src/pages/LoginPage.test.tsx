import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoginPage } from './LoginPage';
import { ApiError } from '../api/client';

async function submit(user: string, password: string) {
  await userEvent.type(screen.getByLabelText(/User name/), user);
  await userEvent.type(document.getElementById('pf-login-password-id')!, password);
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('LoginPage', () => {
  it('shows a wrong password as such and clears the password field', async () => {
    const onLogin = vi.fn().mockRejectedValue(new ApiError(401, 'unauthenticated', 'invalid user or password'));
    render(<LoginPage onLogin={onLogin} />);
    await submit('admin', 'nope');
    expect(onLogin).toHaveBeenCalledWith('admin', 'nope');
    expect(await screen.findByText('Wrong user name or password.')).toBeInTheDocument();
    expect((document.getElementById('pf-login-password-id') as HTMLInputElement).value).toBe('');
  });

  it('says how long to wait while logins are throttled', async () => {
    render(<LoginPage onLogin={vi.fn().mockRejectedValue(new ApiError(429, 'rate_limited', 'x', undefined, undefined, 16))} />);
    await submit('admin', 'nope');
    expect(await screen.findByText('Too many failed logins: try again in 16 seconds.')).toBeInTheDocument();
  });

  it('sends nothing without a user and a password', async () => {
    const onLogin = vi.fn();
    render(<LoginPage onLogin={onLogin} />);
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(onLogin).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a user name and a password.')).toBeInTheDocument();
  });
});
