// Geo-replication sessions of every cluster or of one: filter by cluster (on the engine), status (on the
// engine) and text (here), sort by any column, select rows for a bulk action, or act on one row from its
// menu; admins open the create-session wizard. Polled every few seconds with the list's ETag: the table keeps its sort, selection and scroll.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  PageSection,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ThProps } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import { SESSION_STATUSES } from '../api/types';
import type { Role, Session } from '../api/types';
import { ConfirmActionModal, type SessionAction } from '../components/ConfirmActionModal';
import { CreateSessionWizard } from '../components/wizard/CreateSessionWizard';
import { StatusLabel } from '../components/StatusLabel';
import { canOperate } from '../roles';
import { usePolling } from '../usePolling';
import { useToggleSet } from '../useToggleSet';
import type { Route } from '../navigation';

export const POLL_MS = 3000;

const columns = ['ID', 'Cluster', 'Primary volume', 'Secondary', 'Status', 'Updated'] as const;
const sortValue = (s: Session, column: number): string | number => {
  switch (column) {
    case 0: return s.session_id;
    case 1: return s.cluster;
    case 2: return s.master_volume;
    case 3: return `${s.secondary_host}::${s.secondary_volume}`;
    case 4: return s.status;
    default: return s.updated_at;
  }
};

/** Which actions make sense in a status (the engine checks again; force can override there). */
export function actionsFor(s: Session): SessionAction[] {
  switch (s.status) {
    case 'CREATED':
    case 'STOPPED':
      return ['start', 'delete'];
    case 'PAUSED':
      return ['resume', 'stop', 'delete'];
    case 'UNKNOWN':
      return ['start', 'stop', 'pause', 'resume', 'delete'];
    default:
      return ['pause', 'stop', 'delete'];
  }
}

interface Props {
  client: ApiClient;
  role: Role;
  navigate: (r: Route) => void;
}

export function SessionsPage({ client, role, navigate }: Props) {
  const [cluster, setCluster] = useState('');
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [sortIndex, setSortIndex] = useState(0);
  const [sortDirection, setSortDirection] = useState<'asc' | 'desc'>('asc');
  const [selected, toggle, setSelected] = useToggleSet<number>();
  const [pending, setPending] = useState<{ action: SessionAction; sessions: Session[] } | null>(null);
  const operator = canOperate(role);
  const [creating, setCreating] = useState(false);

  const clusters = usePolling((etag) => client.listClusters(etag), 30000, 'clusters');
  const list = usePolling((etag) => client.listSessions({ cluster, status }, etag), POLL_MS, `${cluster}|${status}`);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = list.data?.sessions ?? [];
    const filtered = needle
      ? all.filter((s) =>
          [s.cluster, s.master_volume, s.secondary_host, s.secondary_volume, s.status, String(s.session_id)].some((v) =>
            v.toLowerCase().includes(needle),
          ),
        )
      : all;
    return [...filtered].sort((a, b) => {
      const x = sortValue(a, sortIndex);
      const y = sortValue(b, sortIndex);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sortDirection === 'asc' ? order : -order;
    });
  }, [list.data, search, sortIndex, sortDirection]);

  // A selection only ever names sessions that are still listed.
  const selectedSessions = rows.filter((s) => selected.has(s.session_id));

  const sortParams = (index: number): ThProps['sort'] => ({
    sortBy: { index: sortIndex, direction: sortDirection },
    onSort: (_e, i, direction) => {
      setSortIndex(i);
      setSortDirection(direction);
    },
    columnIndex: index,
  });

  const bulk = (action: SessionAction) => {
    const eligible = selectedSessions.filter((s) => actionsFor(s).includes(action) || action === 'delete');
    return (
      <ToolbarItem key={action}>
        <Button variant={action === 'delete' ? 'danger' : 'secondary'} isDisabled={eligible.length === 0}
          onClick={() => setPending({ action, sessions: eligible })}>
          {action[0].toUpperCase() + action.slice(1)}
        </Button>
      </ToolbarItem>
    );
  };

  const total = list.data?.total;
  return (
    <PageSection>
      <Title headingLevel="h1">Geo-replication sessions</Title>
      <Toolbar id="sessions-toolbar">
        <ToolbarContent>
          <ToolbarGroup variant="filter-group">
            <ToolbarItem>
              <FormSelect id="filter-cluster" aria-label="Cluster" value={cluster}
                onChange={(_e, v) => { setCluster(v); setSelected(new Set()); }}>
                <FormSelectOption value="" label="All clusters" />
                {(clusters.data?.clusters ?? []).map((c) => (
                  <FormSelectOption key={c.id} value={c.name} label={c.name} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect id="filter-status" aria-label="Status" value={status}
                onChange={(_e, v) => { setStatus(v); setSelected(new Set()); }}>
                <FormSelectOption value="" label="Any status" />
                {SESSION_STATUSES.map((s) => (
                  <FormSelectOption key={s} value={s} label={s} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <SearchInput aria-label="Filter by name" placeholder="Filter by volume, host, status"
                value={search} onChange={(_e, v) => setSearch(v)} onClear={() => setSearch('')} />
            </ToolbarItem>
          </ToolbarGroup>
          {role === 'admin' && (
            <ToolbarItem>
              <Button variant="primary" onClick={() => setCreating(true)}>Create session</Button>
            </ToolbarItem>
          )}
          {operator && (
            <ToolbarGroup variant="action-group" aria-label="Actions on the selected sessions">
              {(['start', 'pause', 'resume', 'stop', 'delete'] as SessionAction[]).map(bulk)}
            </ToolbarGroup>
          )}
          <ToolbarItem align={{ default: 'alignEnd' }}>
            <span aria-live="polite" data-testid="session-count">
              {list.data ? `${rows.length} shown${total !== undefined ? ` of ${total}` : ''}` : ''}
            </span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {list.error && <Alert variant="danger" isInline title={`Could not load the sessions: ${list.error.message}`} />}
      {list.data && rows.length === 0 ? (
        <EmptyState titleText="No geo-replication sessions" headingLevel="h2">
          <EmptyStateBody>
            {list.data.sessions.length === 0 ? 'No session matches these filters.' : 'No session matches the text filter.'}
          </EmptyStateBody>
        </EmptyState>
      ) : (
        <Table aria-label="Geo-replication sessions" variant="compact" id="sessions-table">
          <Thead>
            <Tr>
              {operator && (
                <Th aria-label="Select" select={{
                  onSelect: (_e, on) => setSelected(on ? new Set(rows.map((s) => s.session_id)) : new Set()),
                  isSelected: rows.length > 0 && selectedSessions.length === rows.length,
                }} />
              )}
              {columns.map((c, i) => (
                <Th key={c} sort={sortParams(i)}>{c}</Th>
              ))}
              {operator && <Th screenReaderText="Row actions" />}
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((s, rowIndex) => (
              <Tr key={s.session_id} data-session-id={s.session_id}>
                {operator && (
                  <Td select={{ rowIndex, onSelect: (_e, on) => toggle(s.session_id, on), isSelected: selected.has(s.session_id) }} />
                )}
                <Td dataLabel="ID">{s.session_id}</Td>
                <Td dataLabel="Cluster">{s.cluster}</Td>
                <Td dataLabel="Primary volume">
                  <Button variant="link" isInline component="a" href={`/sessions/${encodeURIComponent(s.cluster)}/${encodeURIComponent(s.master_volume)}/${s.session_id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ page: 'session', cluster: s.cluster, volume: s.master_volume, sessionId: s.session_id });
                    }}>
                    {s.master_volume}
                  </Button>
                </Td>
                <Td dataLabel="Secondary">{`${s.secondary_user}@${s.secondary_host}::${s.secondary_volume}`}</Td>
                <Td dataLabel="Status"><StatusLabel status={s.status} /></Td>
                <Td dataLabel="Updated">{s.updated_at}</Td>
                {operator && (
                  <Td isActionCell>
                    <ActionsColumn items={actionsFor(s).map((action) => ({
                      title: action[0].toUpperCase() + action.slice(1),
                      onClick: () => setPending({ action, sessions: [s] }),
                    }))} />
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {creating && (
        <CreateSessionWizard client={client} onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            navigate({ page: 'session', cluster: s.cluster, volume: s.master_volume, sessionId: s.session_id });
          }} />
      )}
      {pending && (
        <ConfirmActionModal client={client} action={pending.action} sessions={pending.sessions}
          onClose={() => setPending(null)}
          onDone={() => {
            setPending(null);
            void list.refresh();
          }} />
      )}
    </PageSection>
  );
}
