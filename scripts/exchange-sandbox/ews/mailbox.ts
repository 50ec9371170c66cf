// The EWS double's mailboxes: distinguished folders (calendar, tasks, contacts) holding items as
// the client's own elements, with ids, change keys that change on every write, and a per-folder
// change sequence behind SyncFolderItems' SyncState (EWS reference, "SyncFolderItems operation":
// Create for items new since the state, Update for items changed, Delete for items gone).
import { randomBytes } from 'node:crypto';
import { T_NS } from '../../../formats/ews/namespaces.js';
import type { XmlElement } from '../../../formats/ews/response.js';

export const FOLDERS = ['calendar', 'tasks', 'contacts'] as const;
export type FolderName = (typeof FOLDERS)[number];

export interface StoredItem {
  readonly id: string;
  changeKey: string;
  /** CalendarItem, Task or Contact. */
  readonly type: string;
  /** Child elements by local name (in the types namespace), ExtendedProperty apart. */
  readonly fields: Map<string, XmlElement>;
  /** ExtendedProperty elements by `set/name`. */
  readonly extended: Map<string, XmlElement>;
  readonly createdSeq: number;
  changedSeq: number;
  lastModified: string;
}

interface Tombstone {
  readonly id: string;
  readonly createdSeq: number;
  readonly deletedSeq: number;
}

const token = (): string => randomBytes(12).toString('base64');

export const textField = (name: string, text: string): XmlElement => ({
  ns: T_NS,
  name,
  attrs: {},
  children: [],
  text,
});

export class Folder {
  readonly id = `AQMk${token()}`;
  readonly items = new Map<string, StoredItem>();
  private readonly tombstones: Tombstone[] = [];
  seq = 0;

  constructor(readonly name: FolderName) {}

  private key(): string {
    return `DwAAAB${token()}`;
  }

  add(type: string, fields: readonly XmlElement[], now: string): StoredItem {
    const seq = ++this.seq;
    const item: StoredItem = {
      id: `AAMk${token()}`,
      changeKey: this.key(),
      type,
      fields: new Map(),
      extended: new Map(),
      createdSeq: seq,
      changedSeq: seq,
      lastModified: now,
    };
    for (const f of fields) this.set(item, f);
    this.items.set(item.id, item);
    return item;
  }

  set(item: StoredItem, f: XmlElement): void {
    if (f.name === 'ExtendedProperty') {
      const uri = f.children.find((c) => c.name === 'ExtendedFieldURI');
      const k = `${uri?.attrs['PropertySetId'] ?? uri?.attrs['DistinguishedPropertySetId'] ?? ''}/${uri?.attrs['PropertyName'] ?? uri?.attrs['PropertyTag'] ?? uri?.attrs['PropertyId'] ?? ''}`;
      item.extended.set(k, f);
    } else item.fields.set(f.name, f);
  }

  /** Marks an item changed: a new change key and a place in the change sequence. */
  touch(item: StoredItem, now: string): void {
    item.changeKey = this.key();
    item.changedSeq = ++this.seq;
    item.lastModified = now;
  }

  remove(id: string): boolean {
    const item = this.items.get(id);
    if (!item) return false;
    this.items.delete(id);
    this.tombstones.push({ id, createdSeq: item.createdSeq, deletedSeq: ++this.seq });
    return true;
  }

  /** The changes after `since`, oldest first, at most `max`; and the sequence reached. */
  changes(
    since: number,
    max: number,
  ): { list: { kind: 'Create' | 'Update' | 'Delete'; id: string; seq: number }[]; last: boolean } {
    const all: { kind: 'Create' | 'Update' | 'Delete'; id: string; seq: number }[] = [];
    for (const item of this.items.values())
      if (item.changedSeq > since)
        all.push({
          kind: item.createdSeq > since ? 'Create' : 'Update',
          id: item.id,
          seq: item.changedSeq,
        });
    for (const t of this.tombstones)
      if (t.deletedSeq > since && t.createdSeq <= since)
        all.push({ kind: 'Delete', id: t.id, seq: t.deletedSeq });
    all.sort((a, b) => a.seq - b.seq);
    return { list: all.slice(0, max), last: all.length <= max };
  }
}

export class EwsMailbox {
  readonly folders = new Map<FolderName, Folder>(FOLDERS.map((f) => [f, new Folder(f)]));

  constructor(readonly address: string) {}

  folder(name: FolderName): Folder {
    return this.folders.get(name) as Folder;
  }

  folderById(id: string): Folder | undefined {
    return [...this.folders.values()].find((f) => f.id === id);
  }

  find(id: string): { folder: Folder; item: StoredItem } | null {
    for (const folder of this.folders.values()) {
      const item = folder.items.get(id);
      if (item) return { folder, item };
    }
    return null;
  }
}
