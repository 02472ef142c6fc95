// The wizard's destination step: the cluster's known destinations (secondary host, user, port, the
// pinned SHA256 host key fingerprint, status) to choose from and test; or a new host, probed first so its
// host key fingerprint is shown and explicitly confirmed before anything is pinned. When passwordless SSH
// is missing (a new host, or a test that failed) the SSH setup dialog opens. The chosen destination counts
// as ready when its status is "connected" or its last test here succeeded.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  CodeBlock,
  CodeBlockCode,
  Flex,
  FlexItem,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  Radio,
  Spinner,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../../api/client';
import type { Destination, DestinationTest, ProbeResult } from '../../api/contractTypes';
import { SshSetupModal, type SshSetupTarget } from './SshSetupModal';

const statusColor = (s: string) =>
  s === 'connected' ? 'green' : s === 'unknown' ? 'grey' : s === 'unreachable' ? 'orange' : 'red';

export function destinationReady(d: Destination | null, tests: Record<number, DestinationTest>): boolean {
  if (!d) return false;
  const test = tests[d.id];
  return test ? test.ok : d.status === 'connected';
}

interface Props {
  client: ApiClient;
  cluster: string;
  sourceHosts: string[];
  selected: Destination | null;
  onSelect: (d: Destination | null) => void;
  tests: Record<number, DestinationTest>;
  onTested: (t: DestinationTest) => void;
}

export function DestinationStep({ client, cluster, sourceHosts, selected, onSelect, tests, onTested }: Props) {
  const [list, setList] = useState<Destination[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState<number | null>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('22');
  const [user, setUser] = useState('root');
  const [sourceHost, setSourceHost] = useState(sourceHosts[0] ?? '');
  const [probing, setProbing] = useState(false);
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [setup, setSetup] = useState<SshSetupTarget | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await client.listDestinations(cluster));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [client, cluster]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (!sourceHost && sourceHosts[0]) setSourceHost(sourceHosts[0]);
  }, [sourceHost, sourceHosts]);

  const test = async (d: Destination) => {
    setTesting(d.id);
    setError(null);
    try {
      onTested(await client.testDestination(cluster, d.id));
    } catch (e) {
      setError(`Testing ${d.host} failed: ${(e as Error).message}`);
    } finally {
      setTesting(null);
    }
  };

  const runProbe = async () => {
    setProbing(true);
    setProbe(null);
    setConfirmed(false);
    setError(null);
    try {
      setProbe(await client.probeDestination(cluster, { host: host.trim(), port: Number(port), user: user.trim() }));
    } catch (e) {
      setError(`Probing ${host} failed: ${(e as Error).message}`);
    } finally {
      setProbing(false);
    }
  };

  const known = (list ?? []).find((d) => d.host === host.trim() && d.user === user.trim() && String(d.port) === port);
  const portOk = /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
  const canProbe = host.trim() !== '' && user.trim() !== '' && portOk && !probing && !known;

  return (
    <>
      {error && <Alert variant="danger" isInline title={error} />}
      <Title headingLevel="h3" size="md">Known destinations of {cluster}</Title>
      {list === null && !error && <Spinner size="md" aria-label="Loading the destinations" />}
      {list && list.length === 0 && <p>This cluster has no destination yet: add one below.</p>}
      {list && list.length > 0 && (
        <Table aria-label="Destinations" variant="compact" id="destinations-table">
          <Thead>
            <Tr>
              <Th screenReaderText="Choose" />
              <Th>Secondary</Th>
              <Th>Host key fingerprint</Th>
              <Th>Status</Th>
              <Th screenReaderText="Test" />
            </Tr>
          </Thead>
          <Tbody>
            {list.map((d, rowIndex) => {
              const t = tests[d.id];
              return (
                <Tr key={d.id} data-destination={d.host}>
                  <Td className="pf-v6-c-table__check">
                    <Radio id={`destination-${rowIndex}`} name="wizard-destination" aria-label={`Use ${d.user}@${d.host}:${d.port}`}
                      isChecked={selected?.id === d.id} onChange={() => onSelect(d)} />
                  </Td>
                  <Td dataLabel="Secondary">{`${d.user}@${d.host}:${d.port}`}</Td>
                  <Td dataLabel="Host key fingerprint"><code>{d.fingerprint}</code></Td>
                  <Td dataLabel="Status">
                    <Label isCompact color={statusColor(t ? (t.ok ? 'connected' : 'auth_failed') : d.status)}>
                      {t ? (t.ok ? 'test passed' : 'test failed') : d.status}
                    </Label>
                    {t && !t.ok && (
                      <ul className="pf-v6-u-font-size-sm">
                        {t.nodes.filter((n) => !n.ok).map((n) => <li key={n.host}>{`${n.host}: ${n.error ?? 'failed'}`}</li>)}
                      </ul>
                    )}
                  </Td>
                  <Td isActionCell>
                    <Button variant="secondary" size="sm" onClick={() => void test(d)} isLoading={testing === d.id}
                      isDisabled={testing !== null} aria-label={`Test ${d.host}`}>
                      Test
                    </Button>
                    {(t ? !t.ok : d.status !== 'connected') && (
                      <Button variant="link" size="sm" onClick={() => setSetup({ kind: 'reestablish', destination: d })}
                        aria-label={`Set up passwordless SSH to ${d.host}`}>
                        Set up SSH
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}

      <Title headingLevel="h3" size="md" className="pf-v6-u-mt-lg">Add a destination</Title>
      <Flex alignItems={{ default: 'alignItemsFlexEnd' }}>
        <FlexItem>
          <FormGroup label="Secondary host" fieldId="dest-host" isRequired>
            <TextInput id="dest-host" value={host} onChange={(_e, v) => { setHost(v); setProbe(null); setConfirmed(false); }} />
          </FormGroup>
        </FlexItem>
        <FlexItem>
          <FormGroup label="SSH port" fieldId="dest-port">
            <TextInput id="dest-port" type="number" value={port} validated={portOk ? 'default' : 'error'}
              onChange={(_e, v) => { setPort(v); setProbe(null); setConfirmed(false); }} />
          </FormGroup>
        </FlexItem>
        <FlexItem>
          <FormGroup label="SSH user" fieldId="dest-user">
            <TextInput id="dest-user" value={user} onChange={(_e, v) => { setUser(v); setProbe(null); setConfirmed(false); }} />
          </FormGroup>
        </FlexItem>
        <FlexItem>
          <FormGroup label="From node" fieldId="dest-source">
            <FormSelect id="dest-source" value={sourceHost} onChange={(_e, v) => setSourceHost(v)}>
              {sourceHosts.map((h) => <FormSelectOption key={h} value={h} label={h} />)}
            </FormSelect>
          </FormGroup>
        </FlexItem>
        <FlexItem>
          <Button variant="secondary" onClick={() => void runProbe()} isDisabled={!canProbe} isLoading={probing}>
            Probe host key
          </Button>
        </FlexItem>
      </Flex>
      {known && <p>{`${known.user}@${known.host}:${known.port} is already a destination: choose it above.`}</p>}
      {probe && (
        <section aria-label="Probed host key" data-testid="probe-result">
          <p>
            {`${probe.host}:${probe.port} presents a ${probe.key_type} host key. Compare this fingerprint with the one the host itself shows `}
            (<code>ssh-keygen -lf /etc/ssh/ssh_host_{probe.key_type.replace(/^ssh-|-.*$/g, '')}_key.pub</code>) before trusting it:
          </p>
          <CodeBlock><CodeBlockCode id="probe-fingerprint">{probe.fingerprint}</CodeBlockCode></CodeBlock>
          <p className="pf-v6-u-font-size-sm">
            {`SSH banner: ${probe.ssh_banner}`}
            {probe.gluster_version ? `; GlusterFS ${probe.gluster_version}` : ''}
          </p>
          <Checkbox id="probe-confirm" isChecked={confirmed} onChange={(_e, c) => setConfirmed(c)}
            label={`I have checked that ${probe.fingerprint} is the host key of ${probe.host}`} />
          <Button variant="primary" isDisabled={!confirmed || sourceHost === ''}
            onClick={() => setSetup({
              kind: 'create',
              target: { source_host: sourceHost, host: probe.host, port: probe.port, user: user.trim(), fingerprint: probe.fingerprint },
            })}>
            Set up passwordless SSH
          </Button>
        </section>
      )}
      {setup && (
        <SshSetupModal client={client} cluster={cluster} setup={setup} onClose={() => setSetup(null)}
          onDone={(d) => {
            setSetup(null);
            setProbe(null);
            setConfirmed(false);
            setHost('');
            onSelect(d);
            void load().then(() => test(d));
          }} />
      )}
    </>
  );
}
