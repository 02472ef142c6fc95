// The engine's audit log, newest first, paged on the engine (eventPaging.ts over since/limit): the
// newest page on open, then Older / Newer / Latest, a page size of 20 to 200. Live: every few seconds the
// events after the newest one seen are fetched; on the latest page they are added on top (the page keeps
// its size, expanded rows stay expanded); on an older page the rows stay put and a notice counts the newer
// events with a way back to the latest. The severity filter (that level and above) is the engine's and
// starts over at the latest page; the text filter (name, actor, body) applies to the page shown.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
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
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import { useToggleSet } from '../useToggleSet';
import { EVENT_SEVERITIES, type EngineEvent, type EventSeverity } from '../api/types';
import { pageAfter, pageBefore, type FetchSince } from './eventPaging';

export const kPageSizes = [20, 50, 100, 200];
const kPollMs = 3000;
const kPollLimit = 1000;

const severityColor = (s: string) =>
  s === 'error' || s === 'alert' || s === 'critical' ? 'red' : s === 'warning' ? 'orange' : 'grey';

export function EventsPage({ client }: { client: ApiClient }) {
  const [page, setPage] = useState<EngineEvent[]>([]); // newest first
  const [atLatest, setAtLatest] = useState(true);
  const [noOlder, setNoOlder] = useState(false);
  const [newer, setNewer] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [severity, setSeverity] = useState<EventSeverity | ''>('');
  const [pageSize, setPageSize] = useState(50);
  const [search, setSearch] = useState('');
  const [expanded, toggleExpanded] = useToggleSet<number>();
  const newestSeen = useRef(0);
  const atLatestRef = useRef(true);
  const generation = useRef(0);

  const fetchSince: FetchSince = useCallback(
    async (since, limit) => (await client.listEvents(since, limit, severity || undefined)).events,
    [client, severity],
  );

  const show = useCallback(async (load: () => Promise<EngineEvent[]>, latest: boolean | 'if-short') => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      let events = await load();
      let isLatest = latest === true;
      if (latest === 'if-short' && events.length < pageSize) {
        events = await pageBefore(fetchSince, null, pageSize);
        isLatest = true;
      }
      if (mine !== generation.current) return;
      setPage([...events].reverse());
      setAtLatest(isLatest);
      atLatestRef.current = isLatest;
      if (isLatest) setNewer(0);
      setNoOlder(events.length < pageSize && !isLatest);
      newestSeen.current = Math.max(isLatest ? 0 : newestSeen.current, events.at(-1)?.id ?? 0);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError((e as Error).message);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [fetchSince, pageSize]);

  const latest = useCallback(() => show(() => pageBefore(fetchSince, null, pageSize), true), [show, fetchSince, pageSize]);
  const older = () => page.length && show(() => pageBefore(fetchSince, page[page.length - 1].id, pageSize), false);
  const newerPage = () => page.length && show(() => pageAfter(fetchSince, page[0].id, pageSize), 'if-short');

  // Start over at the latest page when the filter or the page size changes.
  useEffect(() => {
    newestSeen.current = 0;
    void latest();
  }, [latest]);

  // Live: the events after the newest seen.
  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        if (newestSeen.current > 0 || atLatestRef.current) {
          const fresh = await fetchSince(newestSeen.current, kPollLimit);
          if (cancelled) return;
          if (fresh.length > 0) {
            newestSeen.current = fresh[fresh.length - 1].id;
            if (atLatestRef.current) {
              const ids = new Set(fresh.map((e) => e.id));
              setPage((prev) => [...[...fresh].reverse(), ...prev.filter((e) => !ids.has(e.id))].slice(0, pageSize));
            } else {
              setNewer((n) => n + fresh.length);
            }
          }
        }
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
      if (!cancelled) timer = window.setTimeout(() => void poll(), kPollMs);
    };
    timer = window.setTimeout(() => void poll(), kPollMs);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [fetchSince, pageSize]);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return page.filter(
      (e) =>
        !needle || `${e.name} ${e.actor} ${JSON.stringify(e.body)}`.toLowerCase().includes(needle),
    );
  }, [page, search]);
  const range = page.length ? `#${page[page.length - 1].id}–#${page[0].id}` : 'none';

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
          <ToolbarItem>
            <FormSelect id="events-page-size" aria-label="Events per page" value={pageSize}
              onChange={(_e, v) => setPageSize(Number(v))}>
              {kPageSizes.map((n) => <FormSelectOption key={n} value={n} label={`${n} per page`} />)}
            </FormSelect>
          </ToolbarItem>
          <ToolbarGroup variant="action-group" aria-label="Pages">
            <ToolbarItem>
              <Button variant="secondary" onClick={() => void newerPage()} isDisabled={atLatest || loading}>Newer</Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" onClick={() => void older()} isDisabled={noOlder || page.length < pageSize || loading}>
                Older
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="link" onClick={() => void latest()} isDisabled={atLatest || loading}>Latest</Button>
            </ToolbarItem>
          </ToolbarGroup>
          <ToolbarItem align={{ default: 'alignEnd' }}>
            <span aria-live="polite" data-testid="events-range">
              {`${atLatest ? 'Latest events' : 'Events'} ${range}${rows.length !== page.length ? ` (${rows.length} match)` : ''}`}
            </span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && <Alert variant="danger" isInline title={`Could not load the events: ${error}`} />}
      {!atLatest && newer > 0 && (
        <Alert variant="info" isInline title={`${newer}${newer >= kPollLimit ? '+' : ''} newer events since this page was loaded`}
          actionLinks={<Button variant="link" isInline onClick={() => void latest()}>Go to the latest</Button>} />
      )}
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
