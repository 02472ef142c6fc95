// The passwordless-SSH setup dialog: when no destination exists for a host, or testing one failed, the
// engine needs to authenticate once to the secondary to install the geo-replication key. The admin gives
// either the password (type=password, autocomplete off; it lives in this dialog's state only while typed
// and sent, and is cleared as soon as the request ends, success or not; it is never logged or kept) or the
// name of a private key from the engine's allow-list (georep.destination.keys; the engine never takes a
// path). The host key fingerprint being pinned is shown again. Create mode -> georep.destination.create;
// re-establish mode (a known destination) -> georep.destination.reestablish. Keyboard: focus starts on
// the password field, Tab stays inside, Escape cancels.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  ClipboardCopy,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
  TextInput,
} from '@patternfly/react-core';
import type { ApiClient } from '../../api/client';
import type { Destination, DestinationKey, NewDestination } from '../../api/contractTypes';

export type SshSetupTarget =
  | { kind: 'create'; target: NewDestination }
  | { kind: 'reestablish'; destination: Destination };

interface Props {
  client: ApiClient;
  cluster: string;
  setup: SshSetupTarget;
  onClose: () => void;
  onDone: (destination: Destination) => void;
}

export function SshSetupModal({ client, cluster, setup, onClose, onDone }: Props) {
  const [method, setMethod] = useState<'password' | 'key'>('password');
  const [password, setPassword] = useState('');
  const [keys, setKeys] = useState<DestinationKey[] | null>(null);
  const [keysError, setKeysError] = useState<string | null>(null);
  const [keyName, setKeyName] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = setup.kind === 'create' ? setup.target : setup.destination;
  const fingerprint = t.fingerprint;

  useEffect(() => {
    client.destinationKeys().then(
      (k) => {
        setKeys(k);
        setKeyName(k[0]?.name ?? '');
      },
      (e: Error) => setKeysError(e.message),
    );
  }, [client]);

  // Never outlive the dialog with a password in memory.
  useEffect(() => () => setPassword(''), []);

  const ready = method === 'password' ? password.length > 0 : keyName !== '';
  const submit = async () => {
    if (!ready || sending) return;
    setSending(true);
    setError(null);
    const credential = method === 'password' ? { password } : { private_key: keyName };
    try {
      const destination = setup.kind === 'create'
        ? await client.createDestination(cluster, setup.target, credential)
        : await client.reestablishDestination(cluster, setup.destination.id, fingerprint, credential);
      onDone(destination);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPassword('');
      setSending(false);
    }
  };

  const titleId = 'ssh-setup-title';
  return (
    <Modal isOpen variant="small" onClose={sending ? undefined : onClose} aria-labelledby={titleId}
      elementToFocus="#ssh-setup-password, #ssh-setup-key">
      <ModalHeader title="Set up passwordless SSH" labelId={titleId}
        description={`The engine logs in once as ${t.user}@${t.host}:${t.port} to install the geo-replication key; afterwards no password is needed.`} />
      <ModalBody>
        <Form id="ssh-setup-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <FormGroup label="Host key to pin" fieldId="ssh-setup-fingerprint">
            <ClipboardCopy id="ssh-setup-fingerprint" isReadOnly hoverTip="Copy" clickTip="Copied" variant="inline-compact">
              {fingerprint}
            </ClipboardCopy>
          </FormGroup>
          <FormGroup role="radiogroup" fieldId="ssh-setup-method" label="Authenticate once with" isStack>
            <Radio id="ssh-setup-method-password" name="ssh-setup-method" label="The password of the secondary user"
              description="Sent once over the API; never stored." isChecked={method === 'password'}
              onChange={() => !sending && setMethod('password')} />
            <Radio id="ssh-setup-method-key" name="ssh-setup-method" label="A private key from the engine's allow-list"
              isChecked={method === 'key'} onChange={() => !sending && setMethod('key')} />
          </FormGroup>
          {method === 'password' ? (
            <FormGroup label="Password" fieldId="ssh-setup-password" isRequired>
              <TextInput id="ssh-setup-password" type="password" autoComplete="off" value={password}
                onChange={(_e, v) => { setPassword(v); setError(null); }} readOnlyVariant={sending ? 'default' : undefined}
                onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void submit(); } }} />
            </FormGroup>
          ) : (
            <FormGroup label="Private key" fieldId="ssh-setup-key" isRequired>
              <FormSelect id="ssh-setup-key" value={keyName} onChange={(_e, v) => setKeyName(v)} isDisabled={sending || !keys?.length}>
                {(keys ?? []).map((k) => <FormSelectOption key={k.name} value={k.name} label={`${k.name} (${k.fingerprint})`} />)}
              </FormSelect>
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant={keysError || keys?.length === 0 ? 'warning' : 'default'}>
                    {keysError ? `Could not list the keys: ${keysError}`
                      : keys?.length === 0 ? 'The engine allows no private key (its config lists none).'
                        : 'Keys are chosen by name; the engine holds the files.'}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          )}
        </Form>
        {error && <Alert variant="danger" isInline title={`SSH setup failed: ${error}`} />}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" type="submit" form="ssh-setup-form" isDisabled={!ready || sending} isLoading={sending}>
          Set up SSH
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={sending}>Cancel</Button>
      </ModalFooter>
    </Modal>
  );
}
