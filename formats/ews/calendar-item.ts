// EWS CalendarItem ⇄ the Graph-shaped event JSON the Exchange provider speaks
// (sync/providers/exchange/transport.ts). Reading: times come in UTC (xs:dateTime with Z); an
// all-day event's Start/End are midnights *of the event's zone* expressed in UTC (EWS reference,
// "IsAllDayEvent"), so they are turned back into whole local days through
// the StartTimeZone's Windows id (CLDR windowsZones, formats/ical/windows-zones.ts). Writing: the
// synced properties only, all-day events pinned to the UTC zone so midnights stay midnights; the
// CRM id travels in a named extended property of the gateway's own property set (the Graph
// `singleValueExtendedProperties` id, sync/providers/exchange/event-mapping.ts).
import { ianaName } from '../ical/windows-zones.js';
import { tChild, tChildren, tText, type XmlElement } from './response.js';
import { x, type XNode } from './xml-node.js';

export type EventJson = Record<string, unknown>;

/** The gateway's property set and name (sync/providers/exchange/event-mapping.ts CRM_ID_PROPERTY). */
export const CRM_PROPERTY_SET = '5d1f1c5e-8f3a-4f0e-9a53-3c1f2b6a7e01';
export const CRM_PROPERTY_NAME = 'CrmRecordId';
const CRM_ID_GRAPH = `String {${CRM_PROPERTY_SET}} Name ${CRM_PROPERTY_NAME}`;

const crmField = (): XNode =>
  x('t:ExtendedFieldURI', {
    PropertySetId: CRM_PROPERTY_SET,
    PropertyName: CRM_PROPERTY_NAME,
    PropertyType: 'String',
  });

/** What GetItem asks for: the synced fields, who organises, the zone, the anchor. */
export function calendarItemShape(): XNode {
  const f = (uri: string): XNode => x('t:FieldURI', { FieldURI: uri });
  return x('m:ItemShape', {}, [
    x('t:BaseShape', {}, 'IdOnly'),
    x('t:BodyType', {}, 'Text'),
    x('t:AdditionalProperties', {}, [
      f('item:Subject'),
      f('item:Body'),
      f('item:LastModifiedTime'),
      f('calendar:UID'),
      f('calendar:Start'),
      f('calendar:End'),
      f('calendar:IsAllDayEvent'),
      f('calendar:Location'),
      f('calendar:CalendarItemType'),
      f('calendar:MyResponseType'),
      f('calendar:IsOrganizer'),
      f('calendar:StartTimeZone'),
      crmField(),
    ]),
  ]);
}

const ITEM_TYPES: Readonly<Record<string, string>> = {
  Single: 'singleInstance',
  Occurrence: 'occurrence',
  Exception: 'exception',
  RecurringMaster: 'seriesMaster',
};

function localDate(utc: string, zone: string | null): string {
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) throw new Error(`"${utc}" is not an xs:dateTime`);
  if (zone) {
    try {
      // en-CA formats as YYYY-MM-DD.
      return new Intl.DateTimeFormat('en-CA', { timeZone: ianaName(zone) }).format(ms);
    } catch {
      // An unknown zone falls back to the nearest midnight below.
    }
  }
  // Midnight of every zone between UTC-12 and UTC+12 is within 12 hours of the UTC midnight of
  // the same local day.
  return new Date(ms + 12 * 3_600_000).toISOString().slice(0, 10);
}

function utcLocal(value: string | null, name: string): string {
  if (value === null) throw new Error(`no ${name}`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`"${value}" is not an xs:dateTime`);
  return new Date(ms).toISOString().slice(0, 19);
}

/** The event JSON of a CalendarItem element (as GetItem, CreateItem or SyncFolderItems give it). */
export function calendarItemJson(el: XmlElement): EventJson {
  const id = tChild(el, 'ItemId');
  const allDay = tText(el, 'IsAllDayEvent') === 'true' || tText(el, 'IsAllDayEvent') === '1';
  const zoneEl = tChild(el, 'StartTimeZone');
  const zone = zoneEl?.attrs['Id'] ?? tText(el, 'StartTimeZoneId');
  const start = tText(el, 'Start');
  const end = tText(el, 'End');
  const out: EventJson = {
    id: id?.attrs['Id'] ?? '',
    changeKey: id?.attrs['ChangeKey'] ?? null,
    subject: tText(el, 'Subject') ?? '',
  };
  const body = tChild(el, 'Body');
  if (body)
    out['body'] = {
      contentType: body.attrs['BodyType'] === 'HTML' ? 'html' : 'text',
      content: body.text,
    };
  if (start !== null || end !== null) {
    out['start'] = allDay
      ? { dateTime: `${localDate(start ?? '', zone ?? null)}T00:00:00`, timeZone: 'UTC' }
      : { dateTime: utcLocal(start, 'Start'), timeZone: 'UTC' };
    out['end'] = allDay
      ? { dateTime: `${localDate(end ?? '', zone ?? null)}T00:00:00`, timeZone: 'UTC' }
      : { dateTime: utcLocal(end, 'End'), timeZone: 'UTC' };
  }
  out['isAllDay'] = allDay;
  const location = tText(el, 'Location');
  if (location !== null) out['location'] = { displayName: location };
  const isOrganizer = tText(el, 'IsOrganizer');
  const response = tText(el, 'MyResponseType');
  if (isOrganizer !== null) out['isOrganizer'] = isOrganizer === 'true' || isOrganizer === '1';
  else if (response !== null) out['isOrganizer'] = response === 'Organizer';
  const type = tText(el, 'CalendarItemType');
  if (type !== null) out['type'] = ITEM_TYPES[type] ?? 'singleInstance';
  const uid = tText(el, 'UID');
  if (uid !== null) out['iCalUId'] = uid;
  const modified = tText(el, 'LastModifiedTime');
  if (modified !== null) out['lastModifiedDateTime'] = modified;
  for (const prop of tChildren(el, 'ExtendedProperty')) {
    const uri = tChild(prop, 'ExtendedFieldURI');
    if (uri?.attrs['PropertyName'] !== CRM_PROPERTY_NAME) continue;
    const value = tText(prop, 'Value');
    if (value) {
      out['singleValueExtendedProperties'] = [{ id: CRM_ID_GRAPH, value }];
      out['transactionId'] = `crm-${value}@gateway`;
    }
  }
  return out;
}

interface Dt {
  dateTime?: unknown;
  timeZone?: unknown;
}

/** An xs:dateTime in UTC of a Graph dateTimeTimeZone the mapping wrote (always zone UTC). */
function utcOf(value: unknown, name: string): string {
  const v = (value ?? {}) as Dt;
  if (typeof v.dateTime !== 'string' || v.timeZone !== 'UTC')
    throw new Error(`${name} must be a UTC dateTimeTimeZone`);
  const ms = Date.parse(`${v.dateTime.replace(/Z$/, '')}Z`);
  if (Number.isNaN(ms)) throw new Error(`${name}: "${v.dateTime}" is not a date-time`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const text = (body: unknown): string => {
  const b = (body ?? {}) as { content?: unknown };
  return typeof b.content === 'string' ? b.content : '';
};

const place = (location: unknown): string => {
  const l = (location ?? {}) as { displayName?: unknown };
  return typeof l.displayName === 'string' ? l.displayName : '';
};

/** The single element each synced property writes, in CalendarItemType's sequence order. */
function elements(e: EventJson): { uri: string; node: XNode }[] {
  const out: { uri: string; node: XNode }[] = [];
  if (e['subject'] !== undefined)
    out.push({ uri: 'item:Subject', node: x('t:Subject', {}, String(e['subject'])) });
  if (e['body'] !== undefined)
    out.push({ uri: 'item:Body', node: x('t:Body', { BodyType: 'Text' }, text(e['body'])) });
  if (e['start'] !== undefined)
    out.push({ uri: 'calendar:Start', node: x('t:Start', {}, utcOf(e['start'], 'start')) });
  if (e['end'] !== undefined)
    out.push({ uri: 'calendar:End', node: x('t:End', {}, utcOf(e['end'], 'end')) });
  if (e['isAllDay'] !== undefined)
    out.push({
      uri: 'calendar:IsAllDayEvent',
      node: x('t:IsAllDayEvent', {}, e['isAllDay'] === true ? 'true' : 'false'),
    });
  if (e['location'] !== undefined)
    out.push({ uri: 'calendar:Location', node: x('t:Location', {}, place(e['location'])) });
  if (e['isAllDay'] === true) {
    // Whole days are UTC midnights on the CRM side: the item's zone is UTC so Exchange keeps them.
    out.push({ uri: 'calendar:StartTimeZone', node: x('t:StartTimeZone', { Id: 'UTC' }) });
    out.push({ uri: 'calendar:EndTimeZone', node: x('t:EndTimeZone', { Id: 'UTC' }) });
  }
  return out;
}

/** The CalendarItem of a CreateItem: the synced properties and the CRM id anchor. */
export function newCalendarItem(e: EventJson): XNode {
  const props = Array.isArray(e['singleValueExtendedProperties'])
    ? (e['singleValueExtendedProperties'] as { id?: unknown; value?: unknown }[])
    : [];
  const crmId = props.find((p) => p.id === CRM_ID_GRAPH)?.value;
  const els = elements(e).map((p) => p.node);
  // ItemType's sequence puts ExtendedProperty after Body and before CalendarItemType's own fields.
  const firstCalendar = els.findIndex((n) => n.name !== 't:Subject' && n.name !== 't:Body');
  const anchor =
    typeof crmId === 'string'
      ? [x('t:ExtendedProperty', {}, [crmField(), x('t:Value', {}, crmId)])]
      : [];
  const at = firstCalendar < 0 ? els.length : firstCalendar;
  return x('t:CalendarItem', {}, [...els.slice(0, at), ...anchor, ...els.slice(at)]);
}

/** The SetItemField updates of a patch of synced properties. */
export function calendarUpdates(patch: EventJson): XNode[] {
  return elements(patch).map(({ uri, node }) =>
    x('t:SetItemField', {}, [x('t:FieldURI', { FieldURI: uri }), x('t:CalendarItem', {}, [node])]),
  );
}
