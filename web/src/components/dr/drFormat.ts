// Small formatting and validation helpers of the DR tab: durations in words, the schedule presets and a
// first check of a schedule before the engine (its cron parser, dr/cron_expression, is the judge and its
// message is shown on the field). Pure functions.

export const SCHEDULE_PRESETS = ['@hourly', '@daily', '@weekly'] as const;

/** "1 d 2 h", "5 min", "40 s": the two largest units. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  const units: [string, number][] = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.length ? parts.join(' ') : '0 s';
}

/** Null when the text looks like a schedule the engine may take; else why not. */
export function checkSchedule(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Enter a schedule: @hourly, @daily, @weekly or 5 cron fields.';
  if (t.length > 200) return 'The schedule must be at most 200 characters.';
  if (t.startsWith('@')) {
    return ['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually'].includes(t)
      ? null
      : 'Use @hourly, @daily, @weekly, @monthly or @yearly.';
  }
  const fields = t.split(/\s+/);
  if (fields.length !== 5) return `A cron schedule has 5 fields (minute hour day-of-month month day-of-week); this has ${fields.length}.`;
  if (fields.some((f) => !/^[A-Za-z0-9*,/-]+$/.test(f))) return 'Cron fields take digits, names, *, ranges (-), lists (,) and steps (/).';
  return null;
}

/** The IANA zones this browser knows (the engine checks against the OS tzdata), UTC first. */
export function timeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

export const RPO_UNITS: { label: string; seconds: number }[] = [
  { label: 'minutes', seconds: 60 },
  { label: 'hours', seconds: 3600 },
  { label: 'days', seconds: 86400 },
];

/** The largest unit that divides the seconds exactly (86400 -> 1 days). */
export function splitSeconds(seconds: number): { amount: number; unit: number } {
  for (const u of [...RPO_UNITS].reverse()) if (seconds % u.seconds === 0) return { amount: seconds / u.seconds, unit: u.seconds };
  return { amount: Math.round(seconds / 60), unit: 60 };
}
