// A session's aggregate status (or a worker's) as a PatternFly label: colour and icon by meaning, the
// status text itself always shown (colour is never the only cue).
import { Label } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import PauseCircleIcon from '@patternfly/react-icons/dist/esm/icons/pause-circle-icon';
import InProgressIcon from '@patternfly/react-icons/dist/esm/icons/in-progress-icon';
import OffIcon from '@patternfly/react-icons/dist/esm/icons/off-icon';
import OutlinedQuestionCircleIcon from '@patternfly/react-icons/dist/esm/icons/outlined-question-circle-icon';
import type { ReactElement } from 'react';

type Color = 'green' | 'blue' | 'orange' | 'red' | 'grey' | 'purple' | 'teal';

const styles: Record<string, { color: Color; icon: ReactElement }> = {
  ACTIVE: { color: 'green', icon: <CheckCircleIcon /> },
  PASSIVE: { color: 'teal', icon: <CheckCircleIcon /> },
  INITIALIZING: { color: 'blue', icon: <InProgressIcon /> },
  PARTIAL_FAULTY: { color: 'orange', icon: <ExclamationTriangleIcon /> },
  FAULTY: { color: 'red', icon: <ExclamationCircleIcon /> },
  PAUSED: { color: 'purple', icon: <PauseCircleIcon /> },
  STOPPED: { color: 'grey', icon: <OffIcon /> },
  CREATED: { color: 'blue', icon: <InProgressIcon /> },
  OFFLINE: { color: 'grey', icon: <OffIcon /> },
  CONFIG_CORRUPTED: { color: 'red', icon: <ExclamationCircleIcon /> },
};

export function StatusLabel({ status }: { status: string }) {
  const key = status.toUpperCase().replace(/ /g, '_');
  const style = styles[key] ?? { color: 'grey' as Color, icon: <OutlinedQuestionCircleIcon /> };
  return (
    <Label color={style.color} icon={style.icon} data-status={key}>
      {status}
    </Label>
  );
}
