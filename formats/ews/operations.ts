// The EWS operations the Exchange bridge sends (EWS reference, "EWS operations in Exchange"), as
// `m:` elements for envelope.ts. Folders are distinguished ones (calendar, tasks, contacts) of the
// linked mailbox; the mailbox is named in the folder id unless the connection impersonates it
// (then the ExchangeImpersonation header says whose folders they are). Every write sends no
// meeting mail: SendToNone on create, update and delete (EWS reference, CreateItem "SendMeetingInvitations").
import { calendarItemShape, CRM_PROPERTY_NAME, CRM_PROPERTY_SET } from './calendar-item.js';
import { x, type XNode } from './xml-node.js';

/** The most changes one SyncFolderItems may ask for (EWS reference, "MaxChangesReturned"). */
export const MAX_CHANGES = 512;

export function folderId(folder: string, mailbox: string | null): XNode {
  return x(
    't:DistinguishedFolderId',
    { Id: folder },
    mailbox ? [x('t:Mailbox', {}, [x('t:EmailAddress', {}, mailbox)])] : [],
  );
}

export function getFolder(folders: readonly string[], mailbox: string | null): XNode {
  return x('m:GetFolder', {}, [
    x('m:FolderShape', {}, [x('t:BaseShape', {}, 'IdOnly')]),
    x(
      'm:FolderIds',
      {},
      folders.map((f) => folderId(f, mailbox)),
    ),
  ]);
}

export function syncFolderItems(
  folder: string,
  mailbox: string | null,
  syncState: string | null,
  max: number = MAX_CHANGES,
): XNode {
  return x('m:SyncFolderItems', {}, [
    x('m:ItemShape', {}, [x('t:BaseShape', {}, 'IdOnly')]),
    x('m:SyncFolderId', {}, [folderId(folder, mailbox)]),
    syncState ? x('m:SyncState', {}, syncState) : null,
    x('m:MaxChangesReturned', {}, String(Math.min(Math.max(1, max), MAX_CHANGES))),
    x('m:SyncScope', {}, 'NormalItems'),
  ]);
}

const itemId = (id: string, changeKey: string | null): XNode =>
  x('t:ItemId', changeKey ? { Id: id, ChangeKey: changeKey } : { Id: id });

export function getItems(ids: readonly string[]): XNode {
  return x('m:GetItem', {}, [
    calendarItemShape(),
    x(
      'm:ItemIds',
      {},
      ids.map((id) => itemId(id, null)),
    ),
  ]);
}

export function createItem(folder: string, mailbox: string | null, item: XNode): XNode {
  return x('m:CreateItem', { SendMeetingInvitations: 'SendToNone' }, [
    x('m:SavedItemFolderId', {}, [folderId(folder, mailbox)]),
    x('m:Items', {}, [item]),
  ]);
}

/** An UpdateItem that Exchange refuses (ErrorIrresolvableConflict) when the item moved past `changeKey`. */
export function updateItem(id: string, changeKey: string | null, updates: readonly XNode[]): XNode {
  return x(
    'm:UpdateItem',
    { ConflictResolution: 'AutoResolve', SendMeetingInvitationsOrCancellations: 'SendToNone' },
    [
      x('m:ItemChanges', {}, [
        x('t:ItemChange', {}, [itemId(id, changeKey), x('t:Updates', {}, [...updates])]),
      ]),
    ],
  );
}

export function deleteItem(id: string, changeKey: string | null): XNode {
  return x(
    'm:DeleteItem',
    { DeleteType: 'MoveToDeletedItems', SendMeetingCancellations: 'SendToNone' },
    [x('m:ItemIds', {}, [itemId(id, changeKey)])],
  );
}

const utcNoZone = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** Free/busy of mailboxes in a window; times in a zone of bias 0 without daylight saving (UTC). */
export function getUserAvailability(
  mailboxes: readonly string[],
  startMs: number,
  endMs: number,
): XNode {
  const never = (): XNode[] => [
    x('t:Bias', {}, '0'),
    x('t:Time', {}, '00:00:00'),
    x('t:DayOrder', {}, '1'),
    x('t:Month', {}, '1'),
    x('t:DayOfWeek', {}, 'Sunday'),
  ];
  return x('m:GetUserAvailabilityRequest', {}, [
    x('t:TimeZone', {}, [
      x('t:Bias', {}, '0'),
      x('t:StandardTime', {}, never()),
      x('t:DaylightTime', {}, never()),
    ]),
    x(
      'm:MailboxDataArray',
      {},
      mailboxes.map((m) =>
        x('t:MailboxData', {}, [
          x('t:Email', {}, [x('t:Address', {}, m)]),
          x('t:AttendeeType', {}, 'Required'),
          x('t:ExcludeConflicts', {}, 'false'),
        ]),
      ),
    ),
    x('t:FreeBusyViewOptions', {}, [
      x('t:TimeWindow', {}, [
        x('t:StartTime', {}, utcNoZone(startMs)),
        x('t:EndTime', {}, utcNoZone(endMs)),
      ]),
      x('t:MergedFreeBusyIntervalInMinutes', {}, '30'),
      x('t:RequestedView', {}, 'FreeBusy'),
    ]),
  ]);
}

/** The items of a folder whose CRM id anchor (calendar-item.ts) is `crmId`. */
export function findByCrmId(folder: string, mailbox: string | null, crmId: string): XNode {
  return x('m:FindItem', { Traversal: 'Shallow' }, [
    x('m:ItemShape', {}, [x('t:BaseShape', {}, 'IdOnly')]),
    x('m:Restriction', {}, [
      x('t:IsEqualTo', {}, [
        x('t:ExtendedFieldURI', {
          PropertySetId: CRM_PROPERTY_SET,
          PropertyName: CRM_PROPERTY_NAME,
          PropertyType: 'String',
        }),
        x('t:FieldURIOrConstant', {}, [x('t:Constant', { Value: crmId })]),
      ]),
    ]),
    x('m:ParentFolderIds', {}, [folderId(folder, mailbox)]),
  ]);
}
