// One session: its summary, the per-brick workers (status, secondary node, crawl, pending, failures, last
// synced, checkpoint; a Faulty worker's classified reason), lag and pending over time, its DR policy and runs (DR tab), and its options. Polled with the session's ETag like the list. Operators get the
// lifecycle actions (with the same confirmation dialog) and the options editor.
import { useState } from 'react';
import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  PageSection,
  Spinner,
  Tab,
  TabTitleText,
  Tabs,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import type { Role, SessionBrick } from '../api/types';
import { BrickFaultReason } from '../components/BrickFaultReason';
import { ConfirmActionModal, type SessionAction } from '../components/ConfirmActionModal';
import { OptionsEditor } from '../components/OptionsEditor';
import { SessionHistoryCharts } from '../components/SessionHistoryCharts';
import { DrTab } from '../components/dr/DrTab';
import { StatusLabel } from '../components/StatusLabel';
import { canOperate } from '../roles';
import { usePolling } from '../usePolling';
import type { Route } from '../navigation';
import { actionsFor, POLL_MS } from './SessionsPage';

interface Props {
  client: ApiClient;
  role: Role;
  cluster: string;
  volume: string;
  sessionId: number;
  navigate: (r: Route) => void;
}

const orDash = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : String(v));

function pending(b: SessionBrick): string {
  if (b.entry_pending === null && b.data_pending === null && b.meta_pending === null) return '–';
  return `entry ${orDash(b.entry_pending)}, data ${orDash(b.data_pending)}, meta ${orDash(b.meta_pending)}`;
}

function checkpoint(b: SessionBrick): string {
  if (!b.checkpoint_time) return '–';
  return b.checkpoint_completed ? `${b.checkpoint_time} (completed ${orDash(b.checkpoint_completion_time)})` : `${b.checkpoint_time} (pending)`;
}

export function SessionDetailsPage({ client, role, cluster, volume, sessionId, navigate }: Props) {
  const ref = { cluster, master_volume: volume, session_id: sessionId };
  const details = usePolling((etag) => client.getSession(ref, etag), POLL_MS, `${cluster}/${volume}/${sessionId}`);
  const [tab, setTab] = useState<string | number>('workers');
  const [pendingAction, setPendingAction] = useState<SessionAction | null>(null);
  const operator = canOperate(role);
  const s = details.data;

  return (
    <PageSection>
      <Breadcrumb>
        <BreadcrumbItem to="/sessions" onClick={(e) => { e.preventDefault(); navigate({ page: 'sessions' }); }}>
          Sessions
        </BreadcrumbItem>
        <BreadcrumbItem isActive>#{sessionId}</BreadcrumbItem>
      </Breadcrumb>
      {details.error && <Alert variant="danger" isInline title={`Could not load the session: ${details.error.message}`} />}
      {!s && !details.error && <Spinner aria-label="Loading the session" />}
      {s && (
        <>
          <Title headingLevel="h1">
            {s.master_volume} → {s.secondary_host}::{s.secondary_volume} <StatusLabel status={s.status} />
          </Title>
          {operator && (
            <Toolbar aria-label="Session actions">
              <ToolbarContent>
                {actionsFor(s).map((a) => (
                  <ToolbarItem key={a}>
                    <Button variant={a === 'delete' ? 'danger' : 'secondary'} onClick={() => setPendingAction(a)}>
                      {a[0].toUpperCase() + a.slice(1)}
                    </Button>
                  </ToolbarItem>
                ))}
              </ToolbarContent>
            </Toolbar>
          )}
          <DescriptionList isHorizontal isCompact columnModifier={{ lg: '2Col' }}>
            {[
              ['Session ID', s.session_id],
              ['Cluster', s.cluster],
              ['Primary volume', `${s.master_volume}${s.master_volume_status ? ` (${s.master_volume_status})` : ''}`],
              ['Secondary', `${s.secondary_user}@${s.secondary_host}::${s.secondary_volume}`],
              // GlusterFS's own worker states, kept only when they did not add up to a known status (UNKNOWN).
              ...(s.raw_worker_states ? [['Worker states (as GlusterFS reported them)', s.raw_worker_states]] : []),
              ['Updated', s.updated_at],
            ].map(([term, value]) => (
              <DescriptionListGroup key={String(term)}>
                <DescriptionListTerm>{term}</DescriptionListTerm>
                <DescriptionListDescription>{orDash(value)}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
          <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k)} aria-label="Session details" role="region">
            <Tab eventKey="workers" title={<TabTitleText>Workers</TabTitleText>}>
              <Table aria-label="Workers" variant="compact" id="workers-table">
                <Thead>
                  <Tr>
                    <Th>Brick</Th>
                    <Th>Replica set</Th>
                    <Th>Status</Th>
                    <Th>Secondary node</Th>
                    <Th>Crawl</Th>
                    <Th>Pending</Th>
                    <Th>Failures</Th>
                    <Th>Last synced</Th>
                    <Th>Checkpoint</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {s.bricks.map((b) => (
                    <Tr key={b.position} data-brick={`${b.host}:${b.path}`}>
                      <Td dataLabel="Brick">{`${b.host}:${b.path}`}</Td>
                      <Td dataLabel="Replica set">{b.replica_set}</Td>
                      <Td dataLabel="Status">
                        <StatusLabel status={b.worker_status} />
                        {b.fault && <BrickFaultReason fault={b.fault} brick={`${b.host}:${b.path}`} />}
                      </Td>
                      <Td dataLabel="Secondary node">{orDash(b.secondary_node)}</Td>
                      <Td dataLabel="Crawl">{orDash(b.crawl_status)}</Td>
                      <Td dataLabel="Pending">{pending(b)}</Td>
                      <Td dataLabel="Failures">{orDash(b.failures)}</Td>
                      <Td dataLabel="Last synced">{orDash(b.last_synced)}</Td>
                      <Td dataLabel="Checkpoint">{checkpoint(b)}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Tab>
            <Tab eventKey="history" title={<TabTitleText>History</TabTitleText>}>
              <SessionHistoryCharts client={client} session={s} active={tab === 'history'} />
            </Tab>
            <Tab eventKey="dr" title={<TabTitleText>DR</TabTitleText>}>
              {tab === 'dr' && <DrTab client={client} session={ref} role={role} />}
            </Tab>
            <Tab eventKey="options" title={<TabTitleText>Options</TabTitleText>}>
              <OptionsEditor client={client} session={s} options={s.config} canEdit={operator}
                onChanged={() => void details.refresh()} />
            </Tab>
          </Tabs>
          {pendingAction && (
            <ConfirmActionModal client={client} action={pendingAction} sessions={[s]}
              onClose={() => setPendingAction(null)}
              onDone={() => {
                setPendingAction(null);
                if (pendingAction === 'delete') navigate({ page: 'sessions' });
                else void details.refresh();
              }} />
          )}
        </>
      )}
    </PageSection>
  );
}
