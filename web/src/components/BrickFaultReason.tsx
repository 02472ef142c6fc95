// Why a brick's worker is Faulty (README "Why a worker failed"): a label with the fault class and the
// one-line runbook hint, and the gsyncd log excerpt behind an expandable section. Every field is rendered
// as React text (never as HTML), so a log line holding markup shows as the characters it is.
import { useState } from 'react';
import { ExpandableSection, Label } from '@patternfly/react-core';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import type { BrickFault } from '../api/types';
import './BrickFaultReason.css';

export function BrickFaultReason({ fault, brick }: { fault: BrickFault; brick: string }) {
  const [open, setOpen] = useState(false);
  const when = fault.logged_at ? `logged ${fault.logged_at}, read ${fault.read_at}` : `read ${fault.read_at}`;
  return (
    <div className="georep-fault" data-fault-class={fault.class}>
      <Label color="red" icon={<ExclamationCircleIcon />} isCompact>
        {fault.class}
      </Label>{' '}
      <span className="georep-fault__hint">{fault.hint}</span>
      {fault.read_error && <div className="georep-fault__read-error">{`Log not read: ${fault.read_error}`}</div>}
      {fault.excerpt && (
        <ExpandableSection
          toggleText={open ? 'Hide the log excerpt' : 'Show the log excerpt'}
          onToggle={(_e, v) => setOpen(v)}
          isExpanded={open}
          aria-label={`Log excerpt of ${brick}`}
        >
          <div className="georep-fault__when">{`${fault.log_path} (${when})`}</div>
          <pre className="georep-fault__excerpt">{fault.excerpt}</pre>
        </ExpandableSection>
      )}
    </div>
  );
}
