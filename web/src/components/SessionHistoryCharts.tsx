// A session's lag and pending over time (GET .../georeplication-sessions/{id}/history): one line per brick,
// for the last 1 h, 24 h (default) or 7 d, refreshed live. Each range asks for a step that gives a few
// hundred points; the window ends at the next step boundary after now, so successive polls within one step
// ask for the very same window and the engine answers 304 (If-None-Match) unless a sample arrived: nothing
// re-renders then. The chart spans exactly the range the engine answered for. Polling stops while the charts
// are not shown (`active`) or the browser tab is hidden; the chosen range, focus and scroll stay put.
import { memo, useMemo, useState } from 'react';
import { Alert, Spinner, Title, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import type { ApiClient, HistoryWindow } from '../api/client';
import type { HistoryPoint, Session, SessionHistory } from '../api/types';
import { usePolling } from '../usePolling';
import { LineChart, type ChartSeries } from './LineChart';

/** The sync job samples every 10 s by default: polling faster would only bring 304s. */
export const HISTORY_POLL_MS = 10_000;

export const HISTORY_RANGES = [
  { key: '1h', label: '1 h', seconds: 3600, step: 60 },
  { key: '24h', label: '24 h', seconds: 24 * 3600, step: 300 },
  { key: '7d', label: '7 d', seconds: 7 * 24 * 3600, step: 1800 },
] as const;
type Range = (typeof HISTORY_RANGES)[number];
type RangeKey = Range['key'];

/** The engine's time format: 2026-12-01T05:56:01Z (no milliseconds). */
export const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The window a range covers at time nowMs: [until - range, until), until the first step boundary after
 *  nowMs (steps are aligned on the epoch, as the engine buckets samples from `since`). */
export function historyWindow(range: { seconds: number; step: number }, nowMs: number): HistoryWindow {
  const stepMs = range.step * 1000;
  const until = (Math.floor(nowMs / stepMs) + 1) * stepMs;
  return { since: utcSeconds(until - range.seconds * 1000), until: utcSeconds(until), step: range.step };
}

function pendingTotal(p: HistoryPoint): number | null {
  const parts = [p.entry_pending, p.data_pending, p.meta_pending].filter((v): v is number => v !== null);
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

function seriesOf(h: SessionHistory, value: (p: HistoryPoint) => number | null): ChartSeries[] {
  return h.bricks.map((b) => ({ name: b.brick, points: b.points.map((p) => ({ t: Date.parse(p.t), v: value(p) })) }));
}

function formatSeconds(v: number): string {
  if (v >= 86400) return `${(v / 86400).toFixed(1)} d`;
  if (v >= 3600) return `${(v / 3600).toFixed(1)} h`;
  if (v >= 60) return `${(v / 60).toFixed(1)} min`;
  return `${Math.round(v)} s`;
}

const formatCount = (v: number) => String(Math.round(v));
const lagOf = (p: HistoryPoint) => p.lag_seconds;

/** Both charts of one answer: a 304 keeps the same answer object, so they are not even re-rendered. */
const HistoryCharts = memo(function HistoryCharts({ history }: { history: SessionHistory }) {
  const lag = useMemo(() => seriesOf(history, lagOf), [history]);
  const pending = useMemo(() => seriesOf(history, pendingTotal), [history]);
  const from = Date.parse(history.since);
  const to = Date.parse(history.until);
  return (
    <>
      <Title headingLevel="h2" size="md">Lag (time since last synced)</Title>
      <LineChart id="history-lag" title="Lag per brick" from={from} to={to} series={lag} format={formatSeconds} />
      <Title headingLevel="h2" size="md">Pending (entry + data + meta)</Title>
      <LineChart id="history-pending" title="Pending per brick" from={from} to={to} series={pending} format={formatCount} />
      <p className="pf-v6-u-font-size-sm">{`Worst value of each ${formatSeconds(history.step)} step, in UTC.`}</p>
    </>
  );
});

interface Props {
  client: ApiClient;
  session: Pick<Session, 'cluster' | 'master_volume' | 'session_id'>;
  /** False while the charts are not shown (another tab of the page): no polling then. */
  active?: boolean;
  now?: () => number;
  pollMs?: number;
}

export function SessionHistoryCharts({ client, session, active = true, now = Date.now, pollMs = HISTORY_POLL_MS }: Props) {
  const [rangeKey, setRangeKey] = useState<RangeKey>('24h');
  const { cluster, master_volume, session_id } = session;
  const range = HISTORY_RANGES.find((r) => r.key === rangeKey)!;
  const polled = usePolling(
    (etag) => client.sessionHistory({ cluster, master_volume, session_id }, historyWindow(range, now()), etag),
    pollMs,
    `${cluster}/${master_volume}/${session_id}/${rangeKey}`,
    active,
  );
  const history = polled.data;
  const empty = history !== null && history.bricks.every((b) => b.points.length === 0);
  return (
    <section aria-label="History">
      <ToggleGroup aria-label="Time range">
        {HISTORY_RANGES.map((r) => (
          <ToggleGroupItem key={r.key} text={r.label} buttonId={`history-range-${r.key}`}
            isSelected={rangeKey === r.key} onChange={() => setRangeKey(r.key)} />
        ))}
      </ToggleGroup>
      {polled.error && (
        <Alert variant={history ? 'warning' : 'danger'} isInline
          title={`Could not load the history: ${polled.error.message}${history ? ' (showing the last answer)' : ''}`} />
      )}
      {!history && !polled.error && <Spinner aria-label="Loading the history" />}
      {empty && <p>No samples in this range yet.</p>}
      {history && !empty && <HistoryCharts history={history} />}
    </section>
  );
}
