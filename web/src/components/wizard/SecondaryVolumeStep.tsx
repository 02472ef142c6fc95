// The wizard's secondary-volume step: the volumes of the destination host with whether each can be the
// secondary of the chosen primary volume (georep.session.eligibility) and why not, each reason marked
// blocking or not. Only eligible volumes can be chosen, unless "force" is checked: then an ineligible
// one can be, and the reasons the engine will override are listed before creating.
import { useEffect, useState } from 'react';
import { Alert, Checkbox, Label, List, ListItem, Radio, Spinner } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../../api/client';
import type { Destination, Eligibility, EligibilityReason } from '../../api/contractTypes';

interface Props {
  client: ApiClient;
  cluster: string;
  volume: string;
  destination: Destination;
  selected: string;
  force: boolean;
  onChange: (volume: string, force: boolean, overridden: EligibilityReason[]) => void;
}

function Reasons({ reasons }: { reasons: EligibilityReason[] }) {
  if (reasons.length === 0) return <>–</>;
  return (
    <List isPlain>
      {reasons.map((r) => (
        <ListItem key={r.code}>
          <Label isCompact color={r.blocking ? 'red' : 'orange'}>{r.blocking ? 'blocking' : 'warning'}</Label> {r.message}
        </ListItem>
      ))}
    </List>
  );
}

export function SecondaryVolumeStep({ client, cluster, volume, destination, selected, force, onChange }: Props) {
  const [data, setData] = useState<Eligibility | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setData(null);
    setError(null);
    client.eligibility(cluster, volume, destination.host, destination.user).then(
      (d) => !cancelled && setData(d),
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [client, cluster, volume, destination.host, destination.user]);

  const candidates = data?.candidates ?? [];
  const chosen = candidates.find((c) => c.volume === selected);
  const overridden = chosen && !chosen.eligible ? chosen.reasons.filter((r) => r.blocking) : [];
  const pick = (v: string, f: boolean) => {
    const c = candidates.find((x) => x.volume === v);
    onChange(v, f, c && !c.eligible ? c.reasons.filter((r) => r.blocking) : []);
  };

  if (error) return <Alert variant="danger" isInline title={`Could not check the volumes of ${destination.host}: ${error}`} />;
  if (!data) return <Spinner size="md" aria-label="Checking the secondary volumes" />;
  return (
    <>
      <p>{`Volumes on ${destination.host} for ${volume}:`}</p>
      {candidates.length === 0 && <Alert variant="warning" isInline title={`${destination.host} has no volume to replicate to.`} />}
      {candidates.length > 0 && (
        <Table aria-label="Secondary volumes" variant="compact" id="eligibility-table">
          <Thead>
            <Tr>
              <Th screenReaderText="Choose" />
              <Th>Volume</Th>
              <Th>Eligible</Th>
              <Th>Reasons</Th>
            </Tr>
          </Thead>
          <Tbody>
            {candidates.map((c, rowIndex) => (
              <Tr key={c.volume} data-candidate={c.volume}>
                <Td className="pf-v6-c-table__check">
                  <Radio id={`candidate-${rowIndex}`} name="wizard-secondary" aria-label={`Replicate to ${c.volume}`}
                    isChecked={selected === c.volume} isDisabled={!c.eligible && !force} onChange={() => pick(c.volume, force)} />
                </Td>
                <Td dataLabel="Volume">{c.volume}{c.cluster ? ` (cluster ${c.cluster})` : ''}</Td>
                <Td dataLabel="Eligible">
                  <Label isCompact color={c.eligible ? 'green' : 'red'}>{c.eligible ? 'eligible' : 'not eligible'}</Label>
                </Td>
                <Td dataLabel="Reasons"><Reasons reasons={c.reasons} /></Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Checkbox id="wizard-force" isChecked={force}
        label="Force: allow a volume that is not eligible"
        description="The engine creates the session despite the blocking reasons and records that they were overridden."
        onChange={(_e, f) => {
          if (!f && chosen && !chosen.eligible) pick('', false);
          else pick(selected, f);
        }} />
      {force && overridden.length > 0 && (
        <Alert variant="warning" isInline title={`Creating a session to ${selected} overrides:`} data-testid="overridden-reasons">
          <List>{overridden.map((r) => <ListItem key={r.code}>{`${r.code}: ${r.message}`}</ListItem>)}</List>
        </Alert>
      )}
    </>
  );
}
