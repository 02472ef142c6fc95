// The DR tab of a session: its policy (schedule in its zone, next run from the engine, mode, timeout, RPO
// target, hooks), the RPO badge (breached / ok, data consistent as of the last succeeded run's checkpoint),
// the last run and the run history, and the actions by role: admins create/edit the policy; operators
// pause/resume/delete it, run it now (then follow it live, polling GET .../dr-runs/{run} every second)
// and cancel the run in flight. Policy and history are re-read every few seconds.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient, SessionRef } from '../../api/client';
import type { DrPolicy, DrRun, DrRunDetails } from '../../api/contractTypes';
import type { Role } from '../../api/types';
import { canOperate } from '../../roles';
import { DrPolicyEditor } from './DrPolicyEditor';
import { DrRunProgress } from './DrRunProgress';
import { formatDuration } from './drFormat';

export const kDrPollMs = 5000;
export const kRunPollMs = 1000;

const resultColor = (r: string) =>
  r === 'succeeded' ? 'green' : r === 'running' ? 'blue' : r === 'skipped' || r === 'cancelled' ? 'orange' : 'red';

export function RpoBadge({ policy }: { policy: DrPolicy }) {
  const rp = policy.recovery_point;
  if (!rp) return null;
  const text = rp.data_consistent_as_of
    ? `data consistent as of ${rp.data_consistent_as_of} (RPO ${formatDuration(rp.rpo_seconds)}, target ${formatDuration(rp.rpo_target_seconds)})`
    : `no run has succeeded yet (target ${formatDuration(rp.rpo_target_seconds)})`;
  return (
    <span data-testid="rpo-badge">
      <Label color={rp.rpo_breached ? 'red' : 'green'} status={rp.rpo_breached ? 'danger' : 'success'}>
        {rp.rpo_breached ? 'RPO breached' : 'RPO ok'}
      </Label>{' '}
      {text}
    </span>
  );
}

const hooksSummary = (p: DrPolicy) => {
  const n = (p.hooks?.pre.length ?? 0) + (p.hooks?.post.length ?? 0);
  return n === 0 ? 'none' : `${p.hooks.pre.length} before, ${p.hooks.post.length} after`;
};

interface Props {
  client: ApiClient;
  session: SessionRef;
  role: Role;
}

export function DrTab({ client, session, role }: Props) {
  const [policy, setPolicy] = useState<DrPolicy | null | undefined>(undefined);
  const [runs, setRuns] = useState<DrRun[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [live, setLive] = useState<DrRunDetails | null>(null);
  const [nodes, setNodes] = useState<string[]>([]);
  const liveId = useRef<number | null>(null);
  const operator = canOperate(role);
  const admin = role === 'admin';
  const { cluster, master_volume, session_id } = session;

  const load = useCallback(async () => {
    const ref = { cluster, master_volume, session_id };
    try {
      const [p, r] = await Promise.all([client.getDrPolicy(ref), client.listDrRuns(ref, 20)]);
      setPolicy(p);
      setRuns(r);
      setLoadError(null);
      // A run in flight (scheduled, or started elsewhere) is followed live too.
      if (liveId.current === null && r[0]?.result === 'running') liveId.current = r[0].run_id;
    } catch (e) {
      setLoadError((e as Error).message);
    }
  }, [client, cluster, master_volume, session_id]);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), kDrPollMs);
    return () => window.clearInterval(timer);
  }, [load]);

  useEffect(() => {
    client.listHosts(cluster).then((r) => setNodes((r?.data.hosts ?? []).map((h) => h.address)), () => setNodes([]));
  }, [client, cluster]);

  // The run followed live: polled every second until it ends, then the history is re-read.
  useEffect(() => {
    const ref = { cluster, master_volume, session_id };
    let stopped = false;
    const timer = window.setInterval(async () => {
      const id = liveId.current;
      if (id === null || stopped) return;
      try {
        const run = await client.getDrRun(ref, id);
        if (stopped || liveId.current !== id) return;
        setLive(run);
        if (run.result !== 'running') {
          liveId.current = null;
          void load();
        }
      } catch (e) {
        if (!stopped) setActionError(`Could not follow run #${id}: ${(e as Error).message}`);
      }
    }, kRunPollMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [client, cluster, master_volume, session_id, load]);

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      await load();
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const runNow = () => act(async () => {
    const started = await client.runDrNow(session);
    liveId.current = started.run_id;
    setLive(null);
  });

  if (policy === undefined && !loadError) return <Spinner aria-label="Loading the DR policy" />;
  const running = liveId.current !== null || runs[0]?.result === 'running';
  const last = runs[0];

  return (
    <div id="dr-tab">
      {loadError && <Alert variant="danger" isInline title={`Could not load the DR policy: ${loadError}`} />}
      {actionError && <Alert variant="danger" isInline title={actionError} />}
      {policy === null && (
        <EmptyState titleText="No DR policy" headingLevel="h2">
          <EmptyStateBody>
            A DR policy syncs this session to a checkpoint on a schedule, so that the secondary is consistent as of a
            known time, and alerts when that time gets older than the RPO target.
          </EmptyStateBody>
          {admin && (
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" onClick={() => setEditing(true)}>Create DR policy</Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          )}
        </EmptyState>
      )}
      {policy && (
        <>
          <Title headingLevel="h2" size="lg" className="pf-v6-u-mt-md">
            DR policy {policy.paused && <Label color="orange">paused</Label>}
          </Title>
          <RpoBadge policy={policy} />
          {operator && (
            <Toolbar aria-label="DR actions">
              <ToolbarContent>
                <ToolbarItem>
                  <Button variant="primary" onClick={() => void runNow()} isDisabled={busy || running}>Run now</Button>
                </ToolbarItem>
                {running && (
                  <ToolbarItem>
                    <Button variant="warning" onClick={() => void act(() => client.cancelDrRun(session))} isDisabled={busy}>
                      Cancel run
                    </Button>
                  </ToolbarItem>
                )}
                {admin && (
                  <ToolbarItem>
                    <Button variant="secondary" onClick={() => setEditing(true)} isDisabled={busy}>Edit policy</Button>
                  </ToolbarItem>
                )}
                <ToolbarItem>
                  <Button variant="secondary" isDisabled={busy}
                    onClick={() => void act(() => client.setDrPolicyPaused(session, !policy.paused))}>
                    {policy.paused ? 'Resume schedule' : 'Pause schedule'}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="link" isDanger onClick={() => setConfirmDelete(true)} isDisabled={busy}>Delete policy</Button>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
          )}
          <DescriptionList isHorizontal isCompact columnModifier={{ lg: '2Col' }} aria-label="DR policy">
            {[
              ['Schedule', `${policy.schedule} (${policy.time_zone})`],
              ['Next run (engine)', policy.paused ? 'none: the schedule is paused' : policy.next_run_at ?? '–'],
              ['Mode', policy.mode === 'stop_after_sync' ? 'stop the session after each sync' : 'continuous (session kept running)'],
              ['Run timeout', formatDuration(policy.run_timeout_seconds)],
              ['RPO target', formatDuration(policy.rpo_target_seconds)],
              ['Hooks', hooksSummary(policy)],
              ['Missed runs', String(policy.missed_count)],
              ['Last run', last ? `#${last.run_id} ${last.result} (${last.started_at})` : 'never'],
            ].map(([term, value]) => (
              <DescriptionListGroup key={term}>
                <DescriptionListTerm>{term}</DescriptionListTerm>
                <DescriptionListDescription>{value}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
        </>
      )}
      {live && <div className="pf-v6-u-mt-md"><DrRunProgress run={live} /></div>}
      {(policy || runs.length > 0) && (
        <>
          <Title headingLevel="h3" size="md" className="pf-v6-u-mt-lg">Run history</Title>
          {runs.length === 0 ? (
            <p>No run yet.</p>
          ) : (
            <Table aria-label="DR run history" variant="compact" id="dr-runs-table">
              <Thead>
                <Tr>
                  <Th>Run</Th>
                  <Th>Trigger</Th>
                  <Th>Started</Th>
                  <Th>Duration</Th>
                  <Th>Result</Th>
                  <Th>Step</Th>
                  <Th>Consistent as of</Th>
                  <Th>Error</Th>
                </Tr>
              </Thead>
              <Tbody>
                {runs.map((r) => (
                  <Tr key={r.run_id} data-run={r.run_id}>
                    <Td dataLabel="Run">#{r.run_id}</Td>
                    <Td dataLabel="Trigger">{r.trigger}</Td>
                    <Td dataLabel="Started">{r.started_at}</Td>
                    <Td dataLabel="Duration">{formatDuration(r.duration_seconds)}</Td>
                    <Td dataLabel="Result"><Label isCompact color={resultColor(r.result)}>{r.result}</Label></Td>
                    <Td dataLabel="Step">{r.step}</Td>
                    <Td dataLabel="Consistent as of">{r.checkpoint_time ?? '–'}</Td>
                    <Td dataLabel="Error">{r.error ?? ''}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </>
      )}
      {editing && (
        <DrPolicyEditor client={client} session={session} policy={policy ?? null} nodes={nodes}
          onClose={() => setEditing(false)}
          onSaved={(p) => {
            setEditing(false);
            setPolicy(p);
            void load();
          }} />
      )}
      {confirmDelete && (
        <Modal isOpen variant="small" onClose={busy ? undefined : () => setConfirmDelete(false)} aria-labelledby="dr-delete-title"
          elementToFocus="#dr-delete-confirm">
          <ModalHeader title="Delete the DR policy?" labelId="dr-delete-title" titleIconVariant="warning" />
          <ModalBody>Scheduled runs stop; the run history is kept.</ModalBody>
          <ModalFooter>
            <Button id="dr-delete-confirm" variant="danger" isLoading={busy} isDisabled={busy}
              onClick={() => void act(() => client.deleteDrPolicy(session)).then(() => setConfirmDelete(false))}>
              Delete
            </Button>
            <Button variant="link" onClick={() => setConfirmDelete(false)} isDisabled={busy}>Cancel</Button>
          </ModalFooter>
        </Modal>
      )}
    </div>
  );
}
