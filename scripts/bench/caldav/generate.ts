// The benchmark's calendar: N events for one user over two years (mid-2025 to mid-2027), a tenth of
// them recurring — weekly or monthly series with COUNT/UNTIL, weekly and daily endless ones, some
// with EXDATE or a Europe/Berlin VTIMEZONE — generated from a fixed seed so every run is the same.
const DAY = 86_400_000;
const START = Date.UTC(2025, 6, 1);

const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export interface BenchObject {
  readonly name: string;
  readonly ics: string;
}

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const utc = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const local = (ms: number): string => utc(ms).slice(0, 15);

/** The rule lines of the i-th recurring object (i counts recurring objects only). */
function rule(i: number, startMs: number): string[] {
  const kind = i % 20;
  if (kind === 0) return ['RRULE:FREQ=DAILY'];
  if (kind <= 4) return ['RRULE:FREQ=WEEKLY', `EXDATE:${utc(startMs + 14 * DAY)}`];
  if (kind <= 12) return ['RRULE:FREQ=WEEKLY;COUNT=20'];
  return [`RRULE:FREQ=MONTHLY;UNTIL=${utc(startMs + 365 * DAY)}`];
}

export function benchEvent(
  i: number,
  summary: string,
  random: () => number = seeded(i + 1),
): BenchObject {
  const startMs =
    START + Math.floor(random() * 730) * DAY + (7 + Math.floor(random() * 10)) * 3_600_000;
  const endMs = startMs + (1 + Math.floor(random() * 3)) * 1_800_000;
  const recurring = i % 10 === 0;
  const zoned = recurring && i % 40 === 0;
  const times = zoned
    ? [`DTSTART;TZID=Europe/Berlin:${local(startMs)}`, `DTEND;TZID=Europe/Berlin:${local(endMs)}`]
    : [`DTSTART:${utc(startMs)}`, `DTEND:${utc(endMs)}`];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bench//EN',
    ...(zoned ? BERLIN : []),
    'BEGIN:VEVENT',
    `UID:bench-${i}@bench.test`,
    'DTSTAMP:20250101T000000Z',
    ...times,
    `SUMMARY:${summary}`,
    `LOCATION:Room ${i % 50}`,
    ...(recurring ? rule(i / 10, startMs) : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ];
  return { name: `bench-${i}.ics`, ics: lines.join('\r\n') };
}

export function benchCalendar(count: number): BenchObject[] {
  return Array.from({ length: count }, (_, i) => benchEvent(i, `Meeting ${i}`));
}
