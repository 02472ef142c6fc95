// A session's lag and pending over time (GET .../georeplication-sessions/{id}/history): one line per brick,
// for the last 1 h, 24 h (default) or 7 d. Each range asks the engine for a step that gives a few hundred
// points (the engine may raise it); the chart spans exactly the range the engine answered for.
import { useEffect, useState } from 'react';
import { Alert, Spinner, Title, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import type { ApiClient } from '../api/client';
import type { HistoryPoint, Session, SessionHistory } from '../api/types';
import { LineChart, type ChartSeries } from './LineChart';

export const HISTORY_RANGES = [
  { key: '1h', label: '1 h', seconds: 3600, step: 60 },
  { key: '24h', label: '24 h', seconds: 24 * 3600, step: 300 },
  { key: '7d', label: '7 d', seconds: 7 * 24 * 3600, step: 1800 },
] as const;
type RangeKey = (typeof HISTORY_RANGES)[number]['key'];

/** The engine's time format: 2026-12-01T05:56:01Z (no milliseconds). */
export const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

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

interface Props {
  client: ApiClient;
  session: Pick<Session, 'cluster' | 'master_volume' | 'session_id'>;
  now?: () => number;
}

export function SessionHistoryCharts({ client, session, now = Date.now }: Props) {
  const [rangeKey, setRangeKey] = useState<RangeKey>('24h');
  const [history, setHistory] = useState<SessionHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { cluster, master_volume, session_id } = session;

  useEffect(() => {
    const range = HISTORY_RANGES.find((r) => r.key === rangeKey)!;
    let cancelled = false;
    setHistory(null);
    setError(null);
    client
      .sessionHistory({ cluster, master_volume, session_id }, utcSeconds(now() - range.seconds * 1000), range.step)
      .then((h) => !cancelled && setHistory(h))
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [client, cluster, master_volume, session_id, rangeKey, now]);

  const from = history ? Date.parse(history.since) : 0;
  const to = history ? Date.parse(history.until) : 0;
  const empty = history !== null && history.bricks.every((b) => b.points.length === 0);
  return (
    <section aria-label="History">
      <ToggleGroup aria-label="Time range">
        {HISTORY_RANGES.map((r) => (
          <ToggleGroupItem key={r.key} text={r.label} buttonId={`history-range-${r.key}`}
            isSelected={rangeKey === r.key} onChange={() => setRangeKey(r.key)} />
        ))}
      </ToggleGroup>
      {error && <Alert variant="danger" isInline title={`Could not load the history: ${error}`} />}
      {!history && !error && <Spinner aria-label="Loading the history" />}
      {empty && <p>No samples in this range yet.</p>}
      {history && !empty && (
        <>
          <Title headingLevel="h2" size="md">Lag (time since last synced)</Title>
          <LineChart id="history-lag" title="Lag per brick" from={from} to={to}
            series={seriesOf(history, (p) => p.lag_seconds)} format={formatSeconds} />
          <Title headingLevel="h2" size="md">Pending (entry + data + meta)</Title>
          <LineChart id="history-pending" title="Pending per brick" from={from} to={to}
            series={seriesOf(history, pendingTotal)} format={(v) => String(Math.round(v))} />
          <p className="pf-v6-u-font-size-sm">{`Worst value of each ${formatSeconds(history.step)} step, in UTC.`}</p>
        </>
      )}
    </section>
  );
}
