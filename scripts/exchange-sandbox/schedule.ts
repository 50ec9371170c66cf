// calendar: getSchedule (Graph docs, "calendar: getSchedule"): busy items of each named mailbox in
// the window, and the availability view, one digit per interval (0 free, 1 tentative, 2 busy, 3 out
// of office, 4 working elsewhere). The SDK sends the parameters in PascalCase, the docs in camelCase.
import { fromUtcMs, toUtcMs, type DateTimeTimeZone } from '../../formats/graph/date-time-zone.js';
import { graphError, type SandboxReply } from './http-kit.js';
import { eventSpan } from './render.js';
import type { Json, Mailbox } from './store.js';

const VIEW: Record<string, string> = {
  free: '0',
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
};

const param = (body: Json, name: string): unknown =>
  body[name] ?? body[name.charAt(0).toUpperCase() + name.slice(1)];

export function getSchedule(
  body: Json | null,
  find: (address: string) => Mailbox | null,
): SandboxReply {
  if (!body) return graphError(400, 'RequestBodyRead', 'a JSON body is required');
  const schedules = param(body, 'schedules');
  const start = param(body, 'startTime') as DateTimeTimeZone | undefined;
  const end = param(body, 'endTime') as DateTimeTimeZone | undefined;
  const interval = Number(param(body, 'availabilityViewInterval') ?? 30);
  if (!Array.isArray(schedules) || !start || !end)
    return graphError(
      400,
      'ErrorInvalidParameter',
      'schedules, startTime and endTime are required',
    );
  let from: number;
  let to: number;
  try {
    from = toUtcMs(start);
    to = toUtcMs(end);
  } catch (err) {
    return graphError(400, 'ErrorInvalidParameter', (err as Error).message);
  }
  if (!(interval >= 5 && interval <= 1440) || to <= from)
    return graphError(400, 'ErrorInvalidParameter', 'the window or the interval is out of range');
  const value = schedules.map((address) => {
    const box = typeof address === 'string' ? find(address) : null;
    if (!box)
      return {
        scheduleId: String(address),
        availabilityView: '',
        scheduleItems: [],
        error: { message: 'The user was not found.', responseCode: 'ErrorMailRecipientNotFound' },
      };
    const items = box
      .ofKind('event')
      .map((i) => ({ i, span: eventSpan(i) }))
      .filter(
        ({ i, span }) =>
          span && span.startMs < to && span.endMs > from && (i.data['showAs'] ?? 'busy') !== 'free',
      );
    const slots = Math.ceil((to - from) / (interval * 60_000));
    let view = '';
    for (let s = 0; s < slots; s++) {
      const a = from + s * interval * 60_000;
      const b = a + interval * 60_000;
      const hit = items.find(({ span }) => span && span.startMs < b && span.endMs > a);
      view += hit ? (VIEW[String(hit.i.data['showAs'] ?? 'busy')] ?? '2') : '0';
    }
    return {
      scheduleId: box.address,
      availabilityView: view,
      scheduleItems: items.map(({ i, span }) => ({
        isPrivate: false,
        status: String(i.data['showAs'] ?? 'busy'),
        subject: String(i.data['subject'] ?? ''),
        location: String((i.data['location'] as Json | undefined)?.['displayName'] ?? ''),
        start: fromUtcMs(span?.startMs ?? 0),
        end: fromUtcMs(span?.endMs ?? 0),
      })),
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: 'UTC' },
      },
    };
  });
  return { status: 200, body: { value }, type: 'scheduleInformation' };
}
