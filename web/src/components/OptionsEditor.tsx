// A session's gsyncd options: every key with its value, defaults marked; operators edit one at a time
// (validated here, then by the engine, whose message lands on the field) or reset it to its default after
// a confirmation. Filter by key, or show only the changed ones. Keyboard: Enter saves, Escape cancels.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  SearchInput,
  Switch,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import type { ConfigOption, Session } from '../api/types';
import { validateOptionValue } from './optionValidation';

interface Props {
  client: ApiClient;
  session: Session;
  options: ConfigOption[];
  canEdit: boolean;
  onChanged: () => void;
}

export function OptionsEditor({ client, session, options, canEdit, onChanged }: Props) {
  const [filter, setFilter] = useState('');
  const [changedOnly, setChangedOnly] = useState(false);
  const [editing, setEditing] = useState<{ key: string; value: string; current: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [resetting, setResetting] = useState<string | null>(null);
  const [resetError, setResetError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const rows = useMemo(
    () =>
      options.filter(
        (o) => (!changedOnly || !o.is_default) && o.key.toLowerCase().includes(filter.trim().toLowerCase()),
      ),
    [options, filter, changedOnly],
  );

  const save = async () => {
    if (!editing) return;
    const problem = validateOptionValue(editing.value, editing.current);
    if (problem) {
      setFieldError(problem);
      return;
    }
    setSaving(true);
    try {
      await client.setOption(session, editing.key, editing.value.trim());
      setNotice(`${editing.key} set to ${editing.value.trim()}`);
      setEditing(null);
      setFieldError(null);
      onChanged();
    } catch (e) {
      setFieldError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const reset = async (key: string) => {
    setSaving(true);
    try {
      await client.resetOption(session, key);
      setNotice(`${key} reset to its default`);
      setResetting(null);
      setResetError(null);
      onChanged();
    } catch (e) {
      setResetError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput aria-label="Filter options by key" placeholder="Filter by key" value={filter}
              onChange={(_e, v) => setFilter(v)} onClear={() => setFilter('')} />
          </ToolbarItem>
          <ToolbarItem>
            <Switch id="options-changed-only" label="Changed only" isChecked={changedOnly}
              onChange={(_e, on) => setChangedOnly(on)} />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {notice && <Alert variant="success" isInline title={notice} actionClose={<Button variant="plain" aria-label="Dismiss" onClick={() => setNotice(null)}>×</Button>} />}
      <Table aria-label="Session options" variant="compact" id="options-table">
        <Thead>
          <Tr>
            <Th>Key</Th>
            <Th>Value</Th>
            <Th screenReaderText="Default or changed" />
            {canEdit && <Th screenReaderText="Option actions" />}
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((o) => {
            const isEditing = editing?.key === o.key;
            return (
              <Tr key={o.key} data-option={o.key}>
                <Td dataLabel="Key"><code>{o.key}</code></Td>
                <Td dataLabel="Value">
                  {isEditing ? (
                    <>
                      <TextInput id={`option-value-${o.key}`} aria-label={`Value of ${o.key}`} value={editing.value}
                        autoFocus validated={fieldError ? 'error' : 'default'}
                        onChange={(_e, v) => { setEditing({ ...editing, value: v }); setFieldError(null); }}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') void save();
                          if (e.key === 'Escape') { setEditing(null); setFieldError(null); }
                        }} />
                      {fieldError && (
                        <FormHelperText>
                          <HelperText>
                            <HelperTextItem variant="error" id={`option-error-${o.key}`}>{fieldError}</HelperTextItem>
                          </HelperText>
                        </FormHelperText>
                      )}
                    </>
                  ) : (
                    <span>{o.value === '' ? <em>(empty)</em> : o.value}</span>
                  )}
                </Td>
                <Td dataLabel="Default">{o.is_default ? <Label isCompact>default</Label> : <Label isCompact color="blue">changed</Label>}</Td>
                {canEdit && (
                  <Td dataLabel="Actions" modifier="nowrap">
                    {isEditing ? (
                      <>
                        <Button variant="primary" size="sm" onClick={() => void save()} isLoading={saving} isDisabled={saving}>Save</Button>{' '}
                        <Button variant="link" size="sm" onClick={() => { setEditing(null); setFieldError(null); }}>Cancel</Button>
                      </>
                    ) : (
                      <>
                        <Button variant="secondary" size="sm" aria-label={`Edit ${o.key}`} isDisabled={editing !== null}
                          onClick={() => { setEditing({ key: o.key, value: o.value, current: o.value }); setFieldError(null); }}>Edit</Button>{' '}
                        {!o.is_default && (
                          <Button variant="link" size="sm" aria-label={`Reset ${o.key}`} onClick={() => setResetting(o.key)}>Reset</Button>
                        )}
                      </>
                    )}
                  </Td>
                )}
              </Tr>
            );
          })}
        </Tbody>
      </Table>
      {resetting && (
        <Modal isOpen variant="small" onClose={() => setResetting(null)} aria-labelledby="reset-option-title"
          elementToFocus="#reset-option-button">
          <ModalHeader title={`Reset ${resetting}?`} labelId="reset-option-title" />
          <ModalBody>
            The option goes back to its GlusterFS default on every node of the session.
            {resetError && <Alert variant="danger" isInline isPlain title={resetError} />}
          </ModalBody>
          <ModalFooter>
            <Button id="reset-option-button" variant="primary" onClick={() => void reset(resetting)} isLoading={saving}
              isDisabled={saving}>Reset</Button>
            <Button variant="link" onClick={() => { setResetting(null); setResetError(null); }}>Cancel</Button>
          </ModalFooter>
        </Modal>
      )}
    </>
  );
}
