// Stored items as EWS answers carry them: ItemId first, then the fields in the order of
// Microsoft's schema (ItemType, then CalendarItemType's own; types.xsd), unknown ones after.
import { el, write } from './xml-out.js';
import type { StoredItem } from './mailbox.js';

const ITEM_ORDER = [
  'MimeContent',
  'ParentFolderId',
  'ItemClass',
  'Subject',
  'Sensitivity',
  'Body',
  'Attachments',
  'DateTimeReceived',
  'Size',
  'Categories',
  'Importance',
  'InReplyTo',
  'IsSubmitted',
  'IsDraft',
  'IsFromMe',
  'IsResend',
  'IsUnmodified',
  'InternetMessageHeaders',
  'DateTimeSent',
  'DateTimeCreated',
  'ResponseObjects',
  'ReminderDueBy',
  'ReminderIsSet',
  'ReminderNextTime',
  'ReminderMinutesBeforeStart',
  'DisplayCc',
  'DisplayTo',
  'HasAttachments',
  'ExtendedProperty',
  'Culture',
  'EffectiveRights',
  'LastModifiedName',
  'LastModifiedTime',
];
const CALENDAR_ORDER = [
  'UID',
  'RecurrenceId',
  'DateTimeStamp',
  'Start',
  'End',
  'OriginalStart',
  'IsAllDayEvent',
  'LegacyFreeBusyStatus',
  'Location',
  'When',
  'IsMeeting',
  'IsCancelled',
  'IsRecurring',
  'MeetingRequestWasSent',
  'IsResponseRequested',
  'CalendarItemType',
  'MyResponseType',
  'Organizer',
  'RequiredAttendees',
  'OptionalAttendees',
  'Resources',
  'ConflictingMeetingCount',
  'AdjacentMeetingCount',
  'ConflictingMeetings',
  'AdjacentMeetings',
  'Duration',
  'TimeZone',
  'AppointmentReplyTime',
  'AppointmentSequenceNumber',
  'AppointmentState',
  'Recurrence',
  'FirstOccurrence',
  'LastOccurrence',
  'ModifiedOccurrences',
  'DeletedOccurrences',
  'MeetingTimeZone',
  'StartTimeZone',
  'EndTimeZone',
  'ConferenceType',
  'AllowNewTimeProposal',
  'IsOnlineMeeting',
  'MeetingWorkspaceUrl',
  'NetShowUrl',
  'EnhancedLocation',
  'StartWallClock',
  'EndWallClock',
  'StartTimeZoneId',
  'EndTimeZoneId',
  'IntendedFreeBusyStatus',
  'JoinOnlineMeetingUrl',
  'OnlineMeetingSettings',
  'IsOrganizer',
];
const ORDER = new Map([...ITEM_ORDER, ...CALENDAR_ORDER].map((n, i) => [n, i]));

export function itemId(item: StoredItem): string {
  return el('t:ItemId', { Id: item.id, ChangeKey: item.changeKey });
}

/** The item with every field, or its id alone (`idOnly`, BaseShape IdOnly). */
export function itemXml(item: StoredItem, idOnly: boolean): string {
  if (idOnly) return el(`t:${item.type}`, {}, [itemId(item)]);
  const parts: { at: number; xml: string }[] = [];
  for (const [name, f] of item.fields) parts.push({ at: ORDER.get(name) ?? 1000, xml: write(f) });
  const ext = ORDER.get('ExtendedProperty') ?? 0;
  for (const f of item.extended.values()) parts.push({ at: ext, xml: write(f) });
  parts.sort((a, b) => a.at - b.at);
  return el(`t:${item.type}`, {}, [itemId(item), ...parts.map((p) => p.xml)]);
}
