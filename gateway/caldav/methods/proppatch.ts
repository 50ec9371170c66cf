// PROPPATCH (RFC 4918 §9.2) of the user's own calendars: display name, description (RFC 4791
// §5.2.1), Apple's calendar-color and calendar-order, stored per user and calendar. Instructions
// apply in document order and all or nothing: one refused property (403 not settable, 409 a bad
// value) leaves the others 424 Failed Dependency and nothing stored. Group calendars are read-only.
import { NO_PROPS, type CalendarProps } from '../../../store/caldav/calendar-props.js';
import { GatewayError } from '../../../store/errors.js';
import { calendarFor } from '../calendar-store.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { slugName } from '../paths.js';
import { ownPath, parseOrNotFound } from '../resources.js';
import { propEl, statusLine, type PropName } from '../../../formats/webdav/multistatus.js';
import {
  CALDAV_NS,
  DAV_NS,
  ICAL_NS,
  parseXml,
  type XmlElement,
} from '../../../formats/webdav/parse-xml.js';
import { create } from 'xmlbuilder2';

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

interface Outcome {
  readonly name: PropName;
  status: number;
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
  ops: readonly XmlElement[],
  start: CalendarProps,
  writable: boolean,
): { props: CalendarProps; outcomes: Outcome[] } {
  let props = start;
  const outcomes: Outcome[] = [];
  for (const op of ops) {
    const remove = op.ns === DAV_NS && op.name === 'remove';
    for (const el of op.children
      .filter((c) => c.ns === DAV_NS && c.name === 'prop')
      .flatMap((p) => p.children)) {
      const field = SETTABLE.find(([ns, name]) => ns === el.ns && name === el.name)?.[2];
      const value =
        field && writable ? (remove ? null : valueOf(field, el.text)) : { error: 'not settable' };
      const bad = value !== null && typeof value === 'object';
      if (!bad && field) props = withField(props, field, value);
      outcomes.push({
        name: { ns: el.ns, name: el.name },
        status: bad ? (field && writable ? 409 : 403) : 200,
      });
    }
  }
  if (outcomes.some((o) => o.status !== 200))
    for (const o of outcomes) if (o.status === 200) o.status = 424;
  return { props, outcomes };
}

function body(href: string, outcomes: readonly Outcome[]): string {
  const ms = create({ version: '1.0', encoding: 'utf-8' }).ele(DAV_NS, 'd:multistatus');
  const resp = ms.ele(DAV_NS, 'd:response');
  resp.ele(DAV_NS, 'd:href').txt(href);
  for (const status of [...new Set(outcomes.map((o) => o.status))]) {
    const ps = resp.ele(DAV_NS, 'd:propstat');
    const prop = ps.ele(DAV_NS, 'd:prop');
    for (const o of outcomes.filter((x) => x.status === status)) propEl(prop, o.name);
    ps.ele(DAV_NS, 'd:status').txt(statusLine(status));
  }
  return ms.end();
}

export async function proppatch(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const root = parseXml(req.body);
  if (!root || root.ns !== DAV_NS || root.name !== 'propertyupdate')
    throw new GatewayError('invalid_input', 'Expected a DAV:propertyupdate body');
  const path = parseOrNotFound(req.path);
  ownPath(req.principal, path);
  const ops = root.children.filter(
    (c) => c.ns === DAV_NS && (c.name === 'set' || c.name === 'remove'),
  );
  const cal =
    path.kind === 'calendar' ? await calendarFor(deps, req.principal, path.calendar) : null;
  const segment = cal ? slugName(cal.slug) : '';
  const start = cal ? await deps.props.get(cal.userId, segment) : null;
  const writable = cal !== null && cal.writable && req.principal.canWrite;
  const { props, outcomes } = apply(ops, start ?? NO_PROPS, writable);
  if (cal && outcomes.length > 0 && outcomes.every((o) => o.status === 200))
    await deps.props.put(cal.userId, segment, props);
  return { status: 207, headers: { 'content-type': XML_TYPE }, body: body(req.path, outcomes) };
}
