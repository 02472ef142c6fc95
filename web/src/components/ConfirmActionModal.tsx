// The confirmation dialog of every session action (start, stop, pause, resume, delete), for one session or
// a selection: names the sessions, offers `force` (explained), runs the action on each in turn and shows
// each failure with the engine's own message; the dialog closes only when all succeeded. Keyboard: focus
// starts on the confirm button, Tab cycles inside (PatternFly's focus trap), Escape cancels.
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import type { ApiClient } from '../api/client';
import type { Session, SessionVerb } from '../api/types';

export type SessionAction = SessionVerb | 'delete';

const forceHelp: Record<SessionAction, string> = {
  start: 'Start even if some primary nodes are down or the session is in an unexpected state.',
  stop: 'Stop even if some primary nodes are down (their workers are left as they are).',
  pause: 'Pause even if some primary nodes are down.',
  resume: 'Resume even if some primary nodes are down.',
  delete: 'Delete whatever state georep has stored (running workers must still be stopped first).',
};

export function describeSession(s: Session): string {
  return `${s.cluster}/${s.master_volume} → ${s.secondary_host}::${s.secondary_volume}`;
}

export interface ConfirmActionModalProps {
  client: ApiClient;
  action: SessionAction;
  sessions: Session[];
  onClose: () => void;
  onDone: () => void;
}

export function ConfirmActionModal({ client, action, sessions, onClose, onDone }: ConfirmActionModalProps) {
  const [force, setForce] = useState(false);
  const [running, setRunning] = useState(false);
  const [failures, setFailures] = useState<{ session: Session; message: string }[]>([]);
  const verb = action[0].toUpperCase() + action.slice(1);
  const titleId = `confirm-${action}-title`;
  const destructive = action === 'delete' || action === 'stop';

  const confirm = async () => {
    setRunning(true);
    const failed: { session: Session; message: string }[] = [];
    for (const s of sessions) {
      try {
        if (action === 'delete') await client.deleteSession(s, force);
        else await client.sessionAction(s, action, force);
      } catch (e) {
        failed.push({ session: s, message: (e as Error).message });
      }
    }
    setRunning(false);
    setFailures(failed);
    if (failed.length === 0) onDone();
  };

  return (
    <Modal isOpen variant="small" onClose={running ? undefined : onClose} aria-labelledby={titleId}
      elementToFocus="#confirm-action-button">
      <ModalHeader title={`${verb} ${sessions.length === 1 ? 'session' : `${sessions.length} sessions`}?`}
        labelId={titleId} titleIconVariant={destructive ? 'warning' : undefined} />
      <ModalBody>
        <List aria-label="Sessions">
          {sessions.map((s) => (
            <ListItem key={s.session_id}>
              #{s.session_id} {describeSession(s)} ({s.status})
            </ListItem>
          ))}
        </List>
        <Checkbox id="confirm-action-force" label="Force" description={forceHelp[action]} isChecked={force}
          onChange={(_e, checked) => setForce(checked)} isDisabled={running} />
        {failures.map((f) => (
          <Alert key={f.session.session_id} variant="danger" isInline isPlain
            title={`#${f.session.session_id}: ${f.message}`} />
        ))}
      </ModalBody>
      <ModalFooter>
        <Button id="confirm-action-button" variant={destructive ? 'danger' : 'primary'} onClick={() => void confirm()}
          isLoading={running} isDisabled={running}>
          {verb}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={running}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
