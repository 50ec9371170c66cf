// FindItem with an IsEqualTo restriction on an extended property (how the bridge finds the item a
// lost CreateItem answer made) and GetUserAvailability (free/busy of mailboxes in a window, in the
// request's zone of bias 0; EWS reference, "GetUserAvailability operation"), for the EWS double.
import type { XmlElement } from '../../../formats/ews/response.js';
import { itemId } from './item-xml.js';
import type { EwsMailbox, FolderName } from './mailbox.js';
import { el, failure, success } from './xml-out.js';

const find = (e: XmlElement | undefined, name: string): XmlElement | undefined => {
  for (const c of e?.children ?? []) {
    if (c.name === name) return c;
    const d = find(c, name);
    if (d) return d;
  }
  return undefined;
};

export function findItem(box: EwsMailbox, op: XmlElement): string[] {
  const folderRef = find(find(op, 'ParentFolderIds'), 'DistinguishedFolderId');
  const folder = box.folders.get((folderRef?.attrs['Id'] ?? 'calendar') as FolderName);
  if (!folder)
    return [failure('FindItem', 'ErrorFolderNotFound', 'The folder could not be found.')];
  const equal = find(find(op, 'Restriction'), 'IsEqualTo');
  const uri = find(equal, 'ExtendedFieldURI');
  const value = find(equal, 'Constant')?.attrs['Value'];
  const key = `${uri?.attrs['PropertySetId'] ?? ''}/${uri?.attrs['PropertyName'] ?? ''}`;
  const hits = [...folder.items.values()].filter(
    (i) => !equal || find(i.extended.get(key), 'Value')?.text === value,
  );
  return [
    success('FindItem', [
      el(
        'm:RootFolder',
        { TotalItemsInView: String(hits.length), IncludesLastItemInRange: 'true' },
        [
          el(
            't:Items',
            {},
            hits.map((i) => el(`t:${i.type}`, {}, [itemId(i)])),
          ),
        ],
      ),
    ]),
  ];
}

/** The whole GetUserAvailabilityResponse body element. */
export function getUserAvailability(
  mailboxes: ReadonlyMap<string, EwsMailbox>,
  op: XmlElement,
  ns: { m: string; t: string },
): string {
  const window = find(op, 'TimeWindow');
  const startMs = Date.parse(`${find(window, 'StartTime')?.text ?? ''}Z`);
  const endMs = Date.parse(`${find(window, 'EndTime')?.text ?? ''}Z`);
  const answers = (find(op, 'MailboxDataArray')?.children ?? []).map((data) => {
    const address = (find(data, 'Address')?.text ?? '').trim().toLowerCase();
    const box = mailboxes.get(address);
    if (!box)
      return el('m:FreeBusyResponse', {}, [
        el('m:ResponseMessage', { ResponseClass: 'Error' }, [
          el('m:MessageText', {}, `No mailbox with such guid or address ${address}.`),
          el('m:ResponseCode', {}, 'ErrorMailRecipientNotFound'),
        ]),
      ]);
    const events = [...box.folder('calendar').items.values()].flatMap((i) => {
      const s = Date.parse(i.fields.get('Start')?.text ?? '');
      const e = Date.parse(i.fields.get('End')?.text ?? '');
      const status = i.fields.get('LegacyFreeBusyStatus')?.text ?? 'Busy';
      if (Number.isNaN(s) || Number.isNaN(e) || e <= startMs || s >= endMs) return [];
      return [
        el('t:CalendarEvent', {}, [
          el('t:StartTime', {}, new Date(s).toISOString().slice(0, 19)),
          el('t:EndTime', {}, new Date(e).toISOString().slice(0, 19)),
          el('t:BusyType', {}, status),
        ]),
      ];
    });
    return el('m:FreeBusyResponse', {}, [
      el('m:ResponseMessage', { ResponseClass: 'Success' }, [el('m:ResponseCode', {}, 'NoError')]),
      el('m:FreeBusyView', {}, [
        el('t:FreeBusyViewType', {}, 'FreeBusy'),
        el('t:CalendarEventArray', {}, events),
      ]),
    ]);
  });
  return el('m:GetUserAvailabilityResponse', { 'xmlns:m': ns.m, 'xmlns:t': ns.t }, [
    el('m:FreeBusyResponseArray', {}, answers),
  ]);
}
