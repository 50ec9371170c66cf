// Validating a PUT body as one calendar object resource (RFC 4791 §4.1, §5.3.2.1): one
// VCALENDAR, one component type, one UID shared by the master and its overrides (RECURRENCE-ID),
// time zones we can resolve. Violations raise the CalDAV precondition the spec names.
import ICAL from 'ical.js';
import { GatewayError } from '../../store/errors.js';
import { ianaZoneKnown } from './instants.js';
import { checkZoneCost } from './zone-limits.js';
import { ownZone } from './zones.js';

export type IcalComponent = InstanceType<typeof ICAL.Component>;
export type ComponentName = 'VEVENT' | 'VTODO';

export interface ParsedObject {
  readonly calendar: IcalComponent;
  readonly kind: ComponentName;
  readonly uid: string;
  /** The component without RECURRENCE-ID (or the first override when only overrides came). */
  readonly master: IcalComponent;
  readonly overrides: readonly IcalComponent[];
}

export function preconditionError(
  kind: 'forbidden' | 'conflict',
  name: string,
  message: string,
): GatewayError {
  return new GatewayError(kind, message, {
    dav: { precondition: { ns: 'urn:ietf:params:xml:ns:caldav', name } },
  });
}

function parseCalendar(text: string): IcalComponent {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw preconditionError(
      'forbidden',
      'valid-calendar-data',
      `Not valid iCalendar: ${(err as Error).message}`,
    );
  }
  if (root.name !== 'vcalendar')
    throw preconditionError('forbidden', 'valid-calendar-data', 'The body is not a VCALENDAR');
  return root;
}

/**
 * RFC 5545 §3.6.5: a VTIMEZONE defines its TZID for the iCalendar object it is in, so a TZID is
 * resolved from this object's own VTIMEZONE (ical.js reads property times through the component
 * tree, Component#getTimeZoneByID) and, without one, as an IANA or Windows name (instants.ts).
 * Nothing is registered process-wide: one client's definition of "Asia/Tokyo" never moves another
 * client's times, and a refused body leaves nothing behind (gateway/caldav/README.md §3).
 */
function checkZones(component: IcalComponent): void {
  for (const prop of component.getAllProperties()) {
    const tzid = prop.getParameter('tzid');
    if (typeof tzid !== 'string') continue;
    if (!ownZone(component, tzid) && !ianaZoneKnown(tzid)) {
      throw preconditionError('forbidden', 'valid-calendar-data', `Unknown time zone ${tzid}`);
    }
  }
}

/** The object in a PUT body, for a calendar that holds `expected` components. */
export function parseObject(text: string, expected: ComponentName): ParsedObject {
  const calendar = parseCalendar(text);
  checkZoneCost(calendar, new Date().getUTCFullYear());
  const comps = calendar.getAllSubcomponents().filter((c) => c.name !== 'vtimezone');
  if (comps.length === 0)
    throw preconditionError(
      'forbidden',
      'valid-calendar-object-resource',
      'No VEVENT or VTODO in the body',
    );
  const names = new Set(comps.map((c) => c.name.toUpperCase()));
  if (names.size > 1)
    throw preconditionError(
      'forbidden',
      'valid-calendar-object-resource',
      'Mixed component types in one resource',
    );
  if (!names.has(expected))
    throw preconditionError(
      'forbidden',
      'supported-calendar-component',
      `This calendar holds ${expected} only`,
    );
  const uids = new Set(comps.map((c) => c.getFirstPropertyValue('uid')));
  const uid = [...uids][0];
  if (uids.size !== 1 || typeof uid !== 'string' || uid.trim() === '') {
    throw preconditionError(
      'forbidden',
      'valid-calendar-object-resource',
      'A resource holds exactly one UID',
    );
  }
  const masters = comps.filter((c) => !c.hasProperty('recurrence-id'));
  if (masters.length > 1)
    throw preconditionError(
      'forbidden',
      'valid-calendar-object-resource',
      'Two master components with one UID',
    );
  comps.forEach(checkZones);
  const master = masters[0] ?? (comps[0] as IcalComponent);
  return { calendar, kind: expected, uid, master, overrides: comps.filter((c) => c !== master) };
}
