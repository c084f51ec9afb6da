/** The offset of an IANA time zone from UTC at instant `t`, in ms. */
function offsetAt(t: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((x) => x.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The instant (ISO, UTC) at which the clocks of `zone` show `local` (`YYYY-MM-DDTHH:MM:SS[.fff]`).
 * In the hour skipped when clocks go forward, the later reading is taken.
 */
export function zonedToUtc(local: string, zone: string): string {
  const wall = Date.parse(`${local}Z`);
  let t = wall - offsetAt(wall, zone);
  t = wall - offsetAt(t, zone);
  return new Date(t).toISOString();
}
