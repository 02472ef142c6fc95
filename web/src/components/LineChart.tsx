// LineChart: a small SVG line chart (one line per series over a time range) drawn without any inline style
// (the engine's CSP has style-src 'self': colours and sizes come from LineChart.css classes). The SVG is
// an image with a title for sighted users; screen readers get the same figures as a table. A null value
// breaks the line (no sample in that step). Each point carries a <title> (the browser's tooltip on hover);
// points and lines are keyed by time, so a refresh that adds a point keeps the others' elements (and a
// hovered point stays hovered).
import './LineChart.css';

export interface ChartPoint {
  t: number; // ms since the epoch
  v: number | null;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

interface Props {
  id: string;
  title: string;
  from: number;
  to: number;
  series: ChartSeries[];
  format: (v: number) => string;
}

const kWidth = 600;
const kHeight = 200;
const kLeft = 56;
const kRight = 8;
const kTop = 8;
const kBottom = 24;
const kSeriesClasses = 6;

const timeLabel = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** Consecutive non-null points: each becomes one polyline. */
function segments(points: ChartPoint[]): ChartPoint[][] {
  const out: ChartPoint[][] = [];
  let current: ChartPoint[] = [];
  for (const p of points) {
    if (p.v === null) {
      if (current.length) out.push(current);
      current = [];
    } else current.push(p);
  }
  if (current.length) out.push(current);
  return out;
}

export function LineChart({ id, title, from, to, series, format }: Props) {
  const values = series.flatMap((s) => s.points.map((p) => p.v).filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const span = Math.max(1, to - from);
  const x = (t: number) => kLeft + ((t - from) / span) * (kWidth - kLeft - kRight);
  const y = (v: number) => kTop + (1 - v / max) * (kHeight - kTop - kBottom);
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const byTime = series.map((s) => new Map(s.points.map((p) => [p.t, p.v])));
  const seriesClass = (i: number) => `georep-chart__series--${i % kSeriesClasses}`;

  return (
    <figure className="georep-chart" data-chart={id}>
      <svg className="georep-chart__svg" viewBox={`0 0 ${kWidth} ${kHeight}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{title}</title>
        <line className="georep-chart__axis" x1={kLeft} y1={kTop} x2={kLeft} y2={kHeight - kBottom} />
        <line className="georep-chart__axis" x1={kLeft} y1={kHeight - kBottom} x2={kWidth - kRight} y2={kHeight - kBottom} />
        <text className="georep-chart__label" x={kLeft - 4} y={kTop + 10} textAnchor="end">{format(max)}</text>
        <text className="georep-chart__label" x={kLeft - 4} y={kHeight - kBottom} textAnchor="end">{format(0)}</text>
        <text className="georep-chart__label" x={kLeft} y={kHeight - 6}>{timeLabel(from)}</text>
        <text className="georep-chart__label" x={kWidth - kRight} y={kHeight - 6} textAnchor="end">{timeLabel(to)}</text>
        {series.map((s, i) => (
          <g key={s.name} data-series={s.name}>
            {segments(s.points).map((seg) => (
              <polyline key={seg[0].t} className={`georep-chart__line ${seriesClass(i)}`}
                points={seg.map((p) => `${x(p.t).toFixed(1)},${y(p.v as number).toFixed(1)}`).join(' ')} />
            ))}
            {s.points.filter((p) => p.v !== null).map((p) => (
              <circle key={p.t} className={`georep-chart__point ${seriesClass(i)}`} cx={x(p.t).toFixed(1)}
                cy={y(p.v as number).toFixed(1)} r={2} data-value={p.v as number}>
                <title>{`${s.name}, ${timeLabel(p.t)}: ${format(p.v as number)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <ul className="georep-chart__legend" aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.name}><span className={`georep-chart__swatch ${seriesClass(i)}`} />{s.name}</li>
        ))}
      </ul>
      <table className="pf-v6-screen-reader" aria-label={title}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            {series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {times.map((t) => (
            <tr key={t}>
              <th scope="row">{timeLabel(t)}</th>
              {series.map((s, i) => {
                const v = byTime[i].get(t);
                return <td key={s.name}>{v === null || v === undefined ? '–' : format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
