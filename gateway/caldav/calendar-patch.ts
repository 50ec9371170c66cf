// PROPPATCH of the user's own calendars (RFC 4918 §9.2): display name, description (RFC 4791
// §5.2.1), Apple's calendar-color and calendar-order, stored per user and calendar, and only when
// every instruction is accepted. Group calendars are read-only, like read-only access tokens.
import { NO_PROPS, type CalendarProps } from '../../store/caldav/calendar-props.js';
import type { DavCalendar } from './calendar-store.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import { slugName } from './paths.js';
import type { PatchInstruction, PatchStatus } from '../dav/resource.js';
import { CALDAV_NS, DAV_NS, ICAL_NS } from '../../formats/webdav/parse-xml.js';

type Field = keyof CalendarProps;

const SETTABLE: ReadonlyArray<readonly [string, string, Field]> = [
  [DAV_NS, 'displayname', 'displayName'],
  [CALDAV_NS, 'calendar-description', 'description'],
  [ICAL_NS, 'calendar-color', 'color'],
  [ICAL_NS, 'calendar-order', 'order'],
];

/** The stored value of a property, or an error text when the value is not acceptable. */
function valueOf(field: Field, text: string): string | number | null | { error: string } {
  const v = text.trim();
  if (v === '') return null;
  if (field === 'color')
    return /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(v)
      ? v
      : { error: 'a colour is #RRGGBB or #RRGGBBAA' };
  if (field === 'order')
    return /^-?\d{1,9}$/.test(v) ? Number(v) : { error: 'the order is an integer' };
  const max = field === 'displayName' ? 250 : 10_000;
  return v.length <= max ? v : { error: `at most ${max} characters` };
}

function withField(p: CalendarProps, field: Field, value: string | number | null): CalendarProps {
  const text = typeof value === 'string' ? value : null;
  if (field === 'order') return { ...p, order: typeof value === 'number' ? value : null };
  return field === 'displayName'
    ? { ...p, displayName: text }
    : field === 'color'
      ? { ...p, color: text }
      : { ...p, description: text };
}

function apply(
  instructions: readonly PatchInstruction[],
  start: CalendarProps,
  writable: boolean,
): { props: CalendarProps; statuses: PatchStatus[] } {
  let props = start;
  const statuses: PatchStatus[] = [];
  for (const ins of instructions) {
    const field = SETTABLE.find(([ns, name]) => ns === ins.name.ns && name === ins.name.name)?.[2];
    const value =
      field && writable
        ? ins.remove
          ? null
          : valueOf(field, ins.text)
        : { error: 'not settable' };
    const bad = value !== null && typeof value === 'object';
    if (!bad && field) props = withField(props, field, value);
    statuses.push(bad ? (field && writable ? 409 : 403) : 200);
  }
  return { props, statuses };
}

export async function patchCalendar(
  deps: CaldavDeps,
  cal: DavCalendar,
  instructions: readonly PatchInstruction[],
  p: DavPrincipal,
): Promise<PatchStatus[]> {
  const segment = slugName(cal.slug);
  const start = await deps.props.get(cal.userId, segment);
  const { props, statuses } = apply(instructions, start ?? NO_PROPS, cal.writable && p.canWrite);
  if (statuses.length > 0 && statuses.every((s) => s === 200))
    await deps.props.put(cal.userId, segment, props);
  return statuses;
}
