// The engine's audit log, newest first, live: polls for events after the last id seen every few seconds
// and keeps the newest kMaxEvents. The severity filter (that level and above) is the engine's
// (`severity=`): changing it starts over from the beginning of the log; the text filter (name, actor,
// body) applies to what is loaded. On open it pages through the log in id order (the API lists oldest
// first) to show the latest ones.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  CodeBlock,
  CodeBlockCode,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import { useToggleSet } from '../useToggleSet';
import { EVENT_SEVERITIES, type EngineEvent, type EventSeverity } from '../api/types';

export const kMaxEvents = 1000;
const kPageLimit = 1000;
const kMaxPagesOnOpen = 50;
const kPollMs = 3000;

const severityColor = (s: string) =>
  s === 'error' || s === 'alert' || s === 'critical' ? 'red' : s === 'warning' ? 'orange' : 'grey';

export function EventsPage({ client }: { client: ApiClient }) {
  const [events, setEvents] = useState<EngineEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [severity, setSeverity] = useState<EventSeverity | ''>('');
  const [search, setSearch] = useState('');
  const [expanded, toggleExpanded] = useToggleSet<number>();

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const lastId = { current: 0 };
    setEvents([]);
    const add = (fresh: EngineEvent[]) => {
      if (fresh.length === 0) return;
      setEvents((prev) => [...[...fresh].reverse(), ...prev].slice(0, kMaxEvents));
    };
    const fetchNew = async (maxPages: number) => {
      for (let page = 0; page < maxPages && !cancelled; ++page) {
        const result = await client.listEvents(lastId.current, kPageLimit, severity || undefined);
        if (cancelled) return;
        lastId.current = Math.max(lastId.current, result.last_id);
        add(result.events);
        if (result.events.length < kPageLimit) break;
      }
    };
    const loop = async (maxPages: number) => {
      try {
        await fetchNew(maxPages);
        if (!cancelled) setError(null);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
      if (!cancelled) timer = window.setTimeout(() => void loop(1), kPollMs);
    };
    void loop(kMaxPagesOnOpen);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [client, severity]);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return events.filter(
      (e) =>
        !needle || `${e.name} ${e.actor} ${JSON.stringify(e.body)}`.toLowerCase().includes(needle),
    );
  }, [events, search]);

  return (
    <PageSection>
      <Title headingLevel="h1">Events</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect id="filter-severity" aria-label="Severity" value={severity} onChange={(_e, v) => setSeverity(v as EventSeverity | '')}>
              <FormSelectOption value="" label="Any severity" />
              {EVENT_SEVERITIES.filter((s) => s !== 'info').map((s) => (
                <FormSelectOption key={s} value={s} label={`${s} and above`} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <SearchInput aria-label="Filter events" placeholder="Filter by name, actor, content" value={search}
              onChange={(_e, v) => setSearch(v)} onClear={() => setSearch('')} />
          </ToolbarItem>
          <ToolbarItem align={{ default: 'alignEnd' }}>
            <span aria-live="polite">{`${rows.length} of the latest ${events.length} events`}</span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && <Alert variant="danger" isInline title={`Could not load the events: ${error}`} />}
      <Table aria-label="Events" variant="compact" id="events-table">
        <Thead>
          <Tr>
            <Th screenReaderText="Details" />
            <Th>Time</Th>
            <Th>Severity</Th>
            <Th>Event</Th>
            <Th>Actor</Th>
          </Tr>
        </Thead>
        {rows.map((e, rowIndex) => {
          const isExpanded = expanded.has(e.id);
          return (
            <Tbody key={e.id} isExpanded={isExpanded}>
              <Tr data-event={e.name}>
                <Td expand={{
                  rowIndex,
                  isExpanded,
                  onToggle: () => toggleExpanded(e.id),
                }} />
                <Td dataLabel="Time">{e.time}</Td>
                <Td dataLabel="Severity"><Label isCompact color={severityColor(e.severity)}>{e.severity}</Label></Td>
                <Td dataLabel="Event">{e.name}</Td>
                <Td dataLabel="Actor">{e.actor}</Td>
              </Tr>
              <Tr isExpanded={isExpanded}>
                <Td colSpan={5}>
                  <ExpandableRowContent>
                    <CodeBlock>
                      <CodeBlockCode>{JSON.stringify({ correlation_id: e.correlation_id, body: e.body }, null, 2)}</CodeBlockCode>
                    </CodeBlock>
                  </ExpandableRowContent>
                </Td>
              </Tr>
            </Tbody>
          );
        })}
      </Table>
    </PageSection>
  );
}
