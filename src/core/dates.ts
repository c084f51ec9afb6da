/**
 * One reading of dates for every entry point (front matter, dialogs, CLI flags, the Ghost view):
 * a date with a zone (`Z`, `+01:00`) is that instant; a date written without one is read on the
 * site's clock (Ghost's `timezone` setting), never this computer's.
 */
import { readDate } from './content/meta';
import { zonedToUtc } from './publish/timezone';

/** "YYYY-MM-DD HH:MM" in this computer's time zone (kept for callers that show local times). */
export function localDateTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The instant a writer means by `input`: `zone` gives the site's time zone, asked only when the
 * date has none. An error in words when it is not a date.
 */
export async function readWhen(input: string, zone: () => Promise<string>): Promise<{ iso: string; zoned: boolean } | { error: string }> {
  const d = readDate(input);
  if (typeof d === 'string') { return { error: d.replace(/^published_at( must be|:)/, 'The date$1') }; }
  return d.local ? { iso: zonedToUtc(d.local, await zone()), zoned: false } : { iso: d.iso, zoned: true };
}

/** "YYYY-MM-DD HH:MM" as the clocks of `zone` show instant `t`: how a dialog pre-fills and names a date. */
export function siteDateTime(t: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(t));
  const n = (type: string) => parts.find((x) => x.type === type)?.value ?? '00';
  return `${n('year')}-${n('month')}-${n('day')} ${n('hour')}:${n('minute')}`;
}

/**
 * What *Schedule…* shows in its input box: the file's date as the file writes it (a date without a
 * zone as written, on the site's clock), else the file's instant on the site's clock, else this
 * time tomorrow on the site's clock. The command and the randomized workflows both use it, so the
 * tests see the dialog's own reading.
 */
export function scheduleShown(meta: { publishedAtLocal?: string; publishedAt?: string }, zone: string, now: number): string {
  if (meta.publishedAtLocal) { return meta.publishedAtLocal.slice(0, 16).replace('T', ' '); }
  if (meta.publishedAt) { return siteDateTime(Date.parse(meta.publishedAt), zone); }
  return siteDateTime(now + 864e5, zone);
}

/** A date as the writer should see it in a confirmation: the site's clock and its zone's name. */
export function describeWhen(iso: string, zone: string): string {
  return `${siteDateTime(Date.parse(iso), zone)} (${zone})`;
}
