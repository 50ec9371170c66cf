// The sandbox's mailboxes: events, To Do lists and tasks, contact folders and contacts, each item
// with a change key bumped on every write and a place in the mailbox's change sequence, so delta
// rounds (delta.ts) can say what changed or was removed since a token. Ids are immutable: they
// never change when an item moves (Graph docs, "immutable identifiers"); `move` only changes the
// item's folder, as a user dragging it in Outlook does.
import { randomBytes } from 'node:crypto';

export type Json = Record<string, unknown>;
export type Kind = 'event' | 'task' | 'contact';

export interface Item {
  readonly id: string;
  readonly kind: Kind;
  /** The list or folder the item lives in (`calendar` for events). */
  folder: string;
  data: Json;
  changeKey: string;
  seq: number;
  readonly createdMs: number;
  modifiedMs: number;
  /** A series master's cancelled occurrences and exceptions, by local date (series.ts). */
  series?: SeriesState;
}

export interface SeriesState {
  readonly cancelled: Set<string>;
  readonly exceptions: Map<string, Json>;
}

export interface Tombstone {
  readonly id: string;
  readonly kind: Kind;
  readonly folder: string;
  readonly seq: number;
}

export interface Folder {
  readonly id: string;
  readonly kind: 'todoTaskList' | 'contactFolder';
  displayName: string;
}

export const newId = (prefix: string): string =>
  prefix + randomBytes(24).toString('base64url').replace(/[-_]/g, 'A');

export class Mailbox {
  readonly items = new Map<string, Item>();
  readonly tombstones: Tombstone[] = [];
  readonly folders = new Map<string, Folder>();
  seq = 0;

  constructor(
    readonly address: string,
    readonly displayName: string,
    private readonly clock: () => number,
  ) {
    const tasks: Folder = { id: newId('AQMkTasks'), kind: 'todoTaskList', displayName: 'Tasks' };
    this.folders.set(tasks.id, tasks);
  }

  private changeKey(): string {
    return randomBytes(12).toString('base64');
  }

  add(kind: Kind, folder: string, data: Json): Item {
    const now = this.clock();
    const item: Item = {
      id: newId(kind === 'event' ? 'AAkALgAAAAAAHYQDEapmEc2byACqAC' : 'AAMkADAwATM'),
      kind,
      folder,
      data,
      changeKey: this.changeKey(),
      seq: ++this.seq,
      createdMs: now,
      modifiedMs: now,
    };
    this.items.set(item.id, item);
    return item;
  }

  update(item: Item, patch: Json): Item {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete item.data[key];
      else item.data[key] = value;
    }
    item.changeKey = this.changeKey();
    item.seq = ++this.seq;
    item.modifiedMs = this.clock();
    return item;
  }

  remove(item: Item): void {
    this.items.delete(item.id);
    this.tombstones.push({ id: item.id, kind: item.kind, folder: item.folder, seq: ++this.seq });
  }

  /** As a user dragging the item to another folder: the immutable id stays, the change key moves. */
  move(item: Item, folder: string): void {
    item.folder = folder;
    item.changeKey = this.changeKey();
    item.seq = ++this.seq;
  }

  find(kind: Kind, id: string): Item | null {
    const item = this.items.get(id);
    return item && item.kind === kind ? item : null;
  }

  ofKind(kind: Kind, folder?: string): Item[] {
    return [...this.items.values()].filter(
      (i) => i.kind === kind && (folder === undefined || i.folder === folder),
    );
  }

  folderNamed(kind: Folder['kind'], id: string): Folder | null {
    const f = this.folders.get(id);
    return f && f.kind === kind ? f : null;
  }

  addFolder(kind: Folder['kind'], displayName: string): Folder {
    const f: Folder = {
      id: newId(kind === 'todoTaskList' ? 'AQMkList' : 'AAMkFolder'),
      kind,
      displayName,
    };
    this.folders.set(f.id, f);
    return f;
  }
}
