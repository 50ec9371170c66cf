// The EWS operations of the double (EWS reference, "EWS operations in Exchange"): GetFolder,
// FindFolder, SyncFolderItems, GetItem, CreateItem, UpdateItem (ChangeKey checked: an item that
// moved on is ErrorIrresolvableConflict), DeleteItem and GetUserAvailability, on the mailbox the
// request acts for. Answers follow the shapes of the recorded responses
// (test/fixtures/exchange-oracle/ews-recorded/).
import { randomUUID } from 'node:crypto';
import { T_NS } from '../../../formats/ews/namespaces.js';
import type { XmlElement } from '../../../formats/ews/response.js';
import { itemId, itemXml } from './item-xml.js';
import { FOLDERS, textField, type EwsMailbox, type Folder, type FolderName } from './mailbox.js';
import { el, failure, success } from './xml-out.js';

export interface OpContext {
  readonly box: EwsMailbox;
  readonly now: () => string;
  /** Folders made to disappear (a fault). */
  readonly gone: ReadonlySet<FolderName>;
  /** The write attributes the client sent, for the tests (SendMeetingInvitations …). */
  readonly writes: { op: string; attrs: Readonly<Record<string, string>> }[];
}

const kids = (e: XmlElement | undefined, name: string): XmlElement[] =>
  e ? e.children.filter((c) => c.name === name) : [];
const kid = (e: XmlElement | undefined, name: string): XmlElement | undefined =>
  e?.children.find((c) => c.name === name);

const FOLDER_TAG: Record<FolderName, string> = {
  calendar: 'CalendarFolder',
  tasks: 'TasksFolder',
  contacts: 'ContactsFolder',
};
const FOLDER_OF_ITEM: Record<string, FolderName> = {
  CalendarItem: 'calendar',
  Task: 'tasks',
  Contact: 'contacts',
};

/** The folder a DistinguishedFolderId or FolderId names, or an error code. */
function folderOf(ctx: OpContext, ids: XmlElement | undefined): Folder | string {
  const ref = ids?.children[0];
  if (!ref) return 'ErrorInvalidRequest';
  const folder =
    ref.name === 'DistinguishedFolderId'
      ? FOLDERS.includes(ref.attrs['Id'] as FolderName)
        ? ctx.box.folder(ref.attrs['Id'] as FolderName)
        : undefined
      : ctx.box.folderById(ref.attrs['Id'] ?? '');
  if (!folder || ctx.gone.has(folder.name)) return 'ErrorFolderNotFound';
  return folder;
}

function getFolder(ctx: OpContext, op: XmlElement): string[] {
  return (kid(op, 'FolderIds')?.children ?? []).map((ref) => {
    const id = ref.attrs['Id'] ?? '';
    const folder = FOLDERS.includes(id as FolderName)
      ? ctx.box.folder(id as FolderName)
      : ctx.box.folderById(id);
    if (!folder && (id === 'root' || id === 'msgfolderroot'))
      return success('GetFolder', [
        el('m:Folders', {}, [
          el('t:Folder', {}, [
            el('t:FolderId', { Id: `AQMk${id}`, ChangeKey: 'AQAAAA==' }),
            el('t:DisplayName', {}, id === 'root' ? 'Root' : 'Top of Information Store'),
            el('t:ChildFolderCount', {}, '3'),
          ]),
        ]),
      ]);
    if (!folder || ctx.gone.has(folder.name))
      return failure(
        'GetFolder',
        'ErrorFolderNotFound',
        'The specified folder could not be found in the store.',
      );
    const tag = FOLDER_TAG[folder.name];
    return success('GetFolder', [
      el('m:Folders', {}, [
        el(`t:${tag}`, {}, [
          el('t:FolderId', { Id: folder.id, ChangeKey: 'AgAAAA==' }),
          el(
            't:FolderClass',
            {},
            folder.name === 'calendar'
              ? 'IPF.Appointment'
              : folder.name === 'tasks'
                ? 'IPF.Task'
                : 'IPF.Contact',
          ),
          el('t:DisplayName', {}, folder.name[0]?.toUpperCase() + folder.name.slice(1)),
          el('t:TotalCount', {}, String(folder.items.size)),
          el('t:ChildFolderCount', {}, '0'),
        ]),
      ]),
    ]);
  });
}

function findFolder(): string[] {
  return [
    success('FindFolder', [
      el('m:RootFolder', { TotalItemsInView: '0', IncludesLastItemInRange: 'true' }, [
        el('t:Folders'),
      ]),
    ]),
  ];
}

const idOnly = (shape: XmlElement | undefined): boolean =>
  kid(shape, 'BaseShape')?.text.trim() === 'IdOnly' && !kid(shape, 'AdditionalProperties');

/** SyncState: the folder and the change sequence reached (opaque to clients, as real ones are). */
const stateOf = (folder: Folder, seq: number): string =>
  Buffer.from(`sandbox-sync:${folder.id}:${seq}`).toString('base64');

function syncFolderItems(ctx: OpContext, op: XmlElement, invalidState: boolean): string[] {
  const folder = folderOf(ctx, kid(op, 'SyncFolderId'));
  if (typeof folder === 'string')
    return [
      failure(
        'SyncFolderItems',
        folder === 'ErrorFolderNotFound' ? 'ErrorSyncFolderNotFound' : folder,
        'The specified folder could not be found in the store.',
      ),
    ];
  const stateText = kid(op, 'SyncState')?.text.trim() ?? '';
  let since = 0;
  if (stateText !== '') {
    const m = /^sandbox-sync:(.+):(\d+)$/.exec(Buffer.from(stateText, 'base64').toString('utf8'));
    if (invalidState || !m || m[1] !== folder.id)
      return [
        failure(
          'SyncFolderItems',
          'ErrorInvalidSyncStateData',
          'Synchronization state data is corrupt or otherwise invalid.',
        ),
      ];
    since = Number(m[2]);
  } else if (invalidState)
    return [
      failure(
        'SyncFolderItems',
        'ErrorInvalidSyncStateData',
        'Synchronization state data is corrupt or otherwise invalid.',
      ),
    ];
  const max = Number(kid(op, 'MaxChangesReturned')?.text ?? '0');
  if (!Number.isInteger(max) || max < 1 || max > 512)
    return [
      failure(
        'SyncFolderItems',
        'ErrorInvalidRequest',
        'MaxChangesReturned must be between 1 and 512.',
      ),
    ];
  const { list, last } = folder.changes(since, max);
  const shape = idOnly(kid(op, 'ItemShape'));
  const reached = last ? folder.seq : (list[list.length - 1]?.seq ?? since);
  const changes = list.map((c) => {
    if (c.kind === 'Delete') return el('t:Delete', {}, [el('t:ItemId', { Id: c.id })]);
    const item = folder.items.get(c.id);
    return item ? el(`t:${c.kind}`, {}, [itemXml(item, shape)]) : '';
  });
  return [
    success('SyncFolderItems', [
      el('m:SyncState', {}, stateOf(folder, reached)),
      el('m:IncludesLastItemInRange', {}, last ? 'true' : 'false'),
      el('m:Changes', {}, changes),
    ]),
  ];
}

function getItem(ctx: OpContext, op: XmlElement): string[] {
  const shape = idOnly(kid(op, 'ItemShape'));
  return (kid(op, 'ItemIds')?.children ?? []).map((ref) => {
    const found = ctx.box.find(ref.attrs['Id'] ?? '');
    if (!found || ctx.gone.has(found.folder.name))
      return failure(
        'GetItem',
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    return success('GetItem', [el('m:Items', {}, [itemXml(found.item, shape)])]);
  });
}

function createItem(ctx: OpContext, op: XmlElement): string[] {
  ctx.writes.push({ op: 'CreateItem', attrs: op.attrs });
  const target = kid(op, 'SavedItemFolderId');
  return (kid(op, 'Items')?.children ?? []).map((item) => {
    const folder = target
      ? folderOf(ctx, target)
      : ctx.box.folder(FOLDER_OF_ITEM[item.name] ?? 'calendar');
    if (typeof folder === 'string')
      return failure('CreateItem', folder, 'The folder could not be found.');
    if (item.name === 'CalendarItem' && op.attrs['SendMeetingInvitations'] === undefined)
      return failure(
        'CreateItem',
        'ErrorSendMeetingInvitationsRequired',
        'SendMeetingInvitations is required for calendar items.',
      );
    const now = ctx.now();
    const fields = [...item.children];
    const has = (n: string): boolean => fields.some((f) => f.name === n);
    if (item.name === 'CalendarItem') {
      if (!has('UID'))
        fields.push(
          textField(
            'UID',
            `040000008200E00074C5B7101A82E008${randomUUID().replace(/-/g, '').toUpperCase()}`,
          ),
        );
      if (!has('IsAllDayEvent')) fields.push(textField('IsAllDayEvent', 'false'));
      if (!has('CalendarItemType')) fields.push(textField('CalendarItemType', 'Single'));
      if (!has('MyResponseType')) fields.push(textField('MyResponseType', 'Organizer'));
      if (!has('IsOrganizer')) fields.push(textField('IsOrganizer', 'true'));
    }
    if (!has('ItemClass'))
      fields.push(
        textField(
          'ItemClass',
          item.name === 'CalendarItem'
            ? 'IPM.Appointment'
            : item.name === 'Task'
              ? 'IPM.Task'
              : 'IPM.Contact',
        ),
      );
    const made = folder.add(item.name, fields, now);
    made.fields.set('LastModifiedTime', textField('LastModifiedTime', now));
    return success('CreateItem', [el('m:Items', {}, [el(`t:${item.name}`, {}, [itemId(made)])])]);
  });
}

function updateItem(ctx: OpContext, op: XmlElement): string[] {
  ctx.writes.push({ op: 'UpdateItem', attrs: op.attrs });
  const resolution = op.attrs['ConflictResolution'];
  return kids(kid(op, 'ItemChanges'), 'ItemChange').map((change) => {
    const ref = kid(change, 'ItemId');
    const found = ctx.box.find(ref?.attrs['Id'] ?? '');
    if (!found || ctx.gone.has(found.folder.name))
      return failure(
        'UpdateItem',
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    const { folder, item } = found;
    const key = ref?.attrs['ChangeKey'];
    if (key !== undefined && key !== item.changeKey && resolution !== 'AlwaysOverwrite')
      return failure(
        'UpdateItem',
        'ErrorIrresolvableConflict',
        'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
      );
    if (
      item.type === 'CalendarItem' &&
      op.attrs['SendMeetingInvitationsOrCancellations'] === undefined
    )
      return failure(
        'UpdateItem',
        'ErrorSendMeetingInvitationsRequired',
        'SendMeetingInvitationsOrCancellations is required for calendar items.',
      );
    for (const u of kid(change, 'Updates')?.children ?? []) {
      const uri = u.children.find((c) => c.ns === T_NS && /FieldURI$/.test(c.name));
      const holder = u.children.find((c) => c !== uri);
      if (u.name === 'DeleteItemField') {
        const name = (uri?.attrs['FieldURI'] ?? '').split(':')[1];
        if (name) item.fields.delete(name);
        continue;
      }
      for (const f of holder?.children ?? []) folder.set(item, f);
    }
    const now = ctx.now();
    folder.touch(item, now);
    item.fields.set('LastModifiedTime', textField('LastModifiedTime', now));
    return success('UpdateItem', [
      el('m:Items', {}, [el(`t:${item.type}`, {}, [itemId(item)])]),
      el('m:ConflictResults', {}, [el('t:Count', {}, '0')]),
    ]);
  });
}

function deleteItem(ctx: OpContext, op: XmlElement): string[] {
  ctx.writes.push({ op: 'DeleteItem', attrs: op.attrs });
  return (kid(op, 'ItemIds')?.children ?? []).map((ref) => {
    const found = ctx.box.find(ref.attrs['Id'] ?? '');
    if (!found)
      return failure(
        'DeleteItem',
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    found.folder.remove(found.item.id);
    return success('DeleteItem');
  });
}

export type OpName =
  | 'GetFolder'
  | 'FindFolder'
  | 'SyncFolderItems'
  | 'GetItem'
  | 'CreateItem'
  | 'UpdateItem'
  | 'DeleteItem';

export const OPS: ReadonlySet<string> = new Set([
  'GetFolder',
  'FindFolder',
  'SyncFolderItems',
  'GetItem',
  'CreateItem',
  'UpdateItem',
  'DeleteItem',
]);

export function runOp(ctx: OpContext, op: XmlElement, invalidState: boolean): string[] {
  switch (op.name as OpName) {
    case 'GetFolder':
      return getFolder(ctx, op);
    case 'FindFolder':
      return findFolder();
    case 'SyncFolderItems':
      return syncFolderItems(ctx, op, invalidState);
    case 'GetItem':
      return getItem(ctx, op);
    case 'CreateItem':
      return createItem(ctx, op);
    case 'UpdateItem':
      return updateItem(ctx, op);
    case 'DeleteItem':
      return deleteItem(ctx, op);
  }
}
