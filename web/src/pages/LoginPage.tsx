// The login page: user and password to POST /api/auth/login. A wrong password shows the engine's answer;
// while the engine backs off (429) it says how long to wait. The password is dropped from memory once sent.
import { useState } from 'react';
import { LoginForm, LoginPage as PfLoginPage } from '@patternfly/react-core';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import { ApiError } from '../api/client';

interface Props {
  onLogin: (user: string, password: string) => Promise<void>;
  notice?: string | null;
}

export function loginErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Wrong user name or password.';
    if (e.status === 429) return `Too many failed logins: try again in ${e.retryAfter ?? 'a few'} seconds.`;
    return e.message;
  }
  return (e as Error).message;
}

export function LoginPage({ onLogin, notice }: Props) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.MouseEvent<HTMLButtonElement, MouseEvent>) => {
    event.preventDefault();
    if (!user || !password) {
      setError('Enter a user name and a password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onLogin(user, password);
    } catch (e) {
      setError(loginErrorText(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const shown = error ?? notice ?? null;
  return (
    <PfLoginPage loginTitle="Log in to georep" loginSubtitle="Geo-replication management console">
      <LoginForm
        showHelperText={shown !== null}
        helperText={<span role="alert">{shown}</span>}
        helperTextIcon={<ExclamationCircleIcon />}
        usernameLabel="User name"
        usernameValue={user}
        onChangeUsername={(_e, v) => setUser(v)}
        isValidUsername={error === null}
        passwordLabel="Password"
        passwordValue={password}
        onChangePassword={(_e, v) => setPassword(v)}
        isValidPassword={error === null}
        onLoginButtonClick={(e) => void submit(e)}
        loginButtonLabel="Log in"
        isLoginButtonDisabled={busy}
      />
    </PfLoginPage>
  );
}
