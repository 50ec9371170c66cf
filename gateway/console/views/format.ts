// Small display helpers shared by console pages.
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', `${m}m`, d || h ? '' : ` ${s % 60}s`]
    .filter(Boolean)
    .join(' ')
    .trim();
}

/** Store timestamps are UTC `YYYY-MM-DD HH:MM:SS.mmm`; the console shows them to the second. */
export function when(ts: string | null): string {
  return ts ? `${ts.slice(0, 19)} UTC` : '—';
}

export function intervalText(seconds: number): string {
  if (seconds % 86400 === 0) return `every ${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}
