// Calendar and timezone helpers. Report dates are the ad account's local dates (docs/tiktok-api.md §5, §6),
// so the sim needs local-midnight boundaries per IANA zone; campaign times are "YYYY-MM-DD HH:MM:SS" UTC (§1).
// Days are handled as integers (days since 1970-01-01) to keep report loops cheap; zone lookups are cached.
// Uses only Intl; no timezone database of its own.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type in out) out[part.type as keyof LocalParts] = Number(part.value);
  }
  return out;
}

/** Local time minus UTC, in ms, at the instant `epochMs`. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

export function localDayNumber(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + zoneOffsetMs(epochMs, timeZone)) / DAY_MS);
}

const dayStarts = new Map<string, number>();

/** Epoch ms of local midnight that starts `day` in `timeZone`. */
export function zonedDayStart(day: number, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  const cached = dayStarts.get(key);
  if (cached !== undefined) return cached;
  const utcMidnight = day * DAY_MS;
  const firstGuess = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
  const secondOffset = zoneOffsetMs(firstGuess, timeZone);
  const start = utcMidnight - secondOffset;
  if (dayStarts.size > 200_000) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → day number, or undefined when the text is not a real calendar date. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return Math.floor(ms / DAY_MS);
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, the format of campaign create_time/modify_time. */
export function formatUtc(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

const UTC_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function parseUtc(text: string): number | undefined {
  const m = UTC_TIME_RE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

/** "YYYY-MM-DD HH:00:00" in the zone's local time: the shape of stat_time_hour. */
export function formatLocalHour(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:00:00`;
}

/** 14-digit UTC timestamp, the prefix TikTok puts on request ids. */
export function compactUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace(/[-T:]/g, "");
}
