// A second bridge for the sync engine, kept in memory as vdirsyncer keeps storage/memory.py: a
// remote whose items are JSON objects with a uid, a subject and a time span, a change feed with
// integer cursors, version-guarded writes, and switches that make it fail the way remotes do
// (rate limits, expired cursors, failed reads, a listing that comes back empty). Its links live in
// the generic bridge tables under system 'memory-bridge'; with them it is all a new bridge has to
// provide to the engine (sync/README.md).
import { createHash } from 'node:crypto';
import type { ItemMapping, MappedItem } from '../../sync/mapping.js';
import {
  SyncError,
  type ChangeSet,
  type ItemVersion,
  type RemoteItem,
  type RemoteProvider,
} from '../../sync/provider.js';
import type { CrmRecord } from '../../store/types.js';

export interface Note {
  readonly uid: string;
  readonly subject: string;
  readonly start: string;
  readonly end: string;
  readonly changedMs: number;
}

interface Fields {
  readonly subject: string;
  readonly start: string;
  readonly end: string;
}

export class MemoryProvider implements RemoteProvider {
  readonly items = new Map<string, { version: string; raw: string }>();
  private log: { id: string; removed: boolean }[] = [];
  private epoch = 1;
  private versions = 0;
  /** The next `changes` call throws this (once). */
  failChanges: SyncError | null = null;
  /** A full listing answers with nothing, as a remote that lost its index might. */
  emptyListing = false;
  calls = { changes: 0, fetch: 0, create: 0, update: 0, remove: 0 };

  private touch(id: string, removed = false): void {
    this.log.push({ id, removed });
  }

  /** The user editing the remote directly. */
  put(note: Note): string {
    const id = `note-${note.uid}`;
    this.items.set(id, { version: `v${++this.versions}`, raw: JSON.stringify(note) });
    this.touch(id);
    return id;
  }

  drop(id: string): void {
    this.items.delete(id);
    this.touch(id, true);
  }

  /** Old cursors stop working (a remote that forgot its history). */
  expireCursors(): void {
    this.epoch++;
    this.log = [];
  }

  note(id: string): Note | null {
    const it = this.items.get(id);
    return it ? (JSON.parse(it.raw) as Note) : null;
  }

  async changes(cursor: string | null): Promise<ChangeSet> {
    this.calls.changes++;
    const fail = this.failChanges;
    this.failChanges = null;
    if (fail) throw fail;
    const end = `${this.epoch}:${this.log.length}`;
    if (cursor === null) {
      const all = this.emptyListing ? [] : [...this.items];
      return {
        changed: all.map(([id, it]) => ({ id, version: it.version })),
        removed: [],
        cursor: end,
        truncated: false,
      };
    }
    const [epoch, at] = cursor.split(':').map(Number);
    if (epoch !== this.epoch) throw new SyncError('invalid_cursor', 'the cursor expired');
    const changed = new Map<string, string>();
    const removed = new Set<string>();
    for (const e of this.log.slice(at)) {
      const it = this.items.get(e.id);
      if (e.removed || !it) {
        changed.delete(e.id);
        removed.add(e.id);
      } else {
        removed.delete(e.id);
        changed.set(e.id, it.version);
      }
    }
    return {
      changed: [...changed].map(([id, version]) => ({ id, version })),
      removed: [...removed],
      cursor: end,
      truncated: false,
    };
  }

  async fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    this.calls.fetch++;
    return ids.flatMap((id) => {
      const it = this.items.get(id);
      return it ? [{ id, version: it.version, raw: it.raw }] : [];
    });
  }

  async create(uid: string, raw: string): Promise<ItemVersion> {
    this.calls.create++;
    const id = `note-${uid}`;
    if (this.items.has(id)) throw new SyncError('precondition_failed', `${id} exists`);
    const version = `v${++this.versions}`;
    this.items.set(id, { version, raw });
    this.touch(id);
    return { id, version };
  }

  async update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    this.calls.update++;
    if ((this.items.get(id)?.version ?? null) !== ifVersion)
      throw new SyncError('precondition_failed', `${id} changed`);
    const version = `v${++this.versions}`;
    this.items.set(id, { version, raw });
    this.touch(id);
    return version;
  }

  async remove(id: string, ifVersion: string | null): Promise<void> {
    this.calls.remove++;
    const it = this.items.get(id);
    if (!it) return;
    if (ifVersion !== null && it.version !== ifVersion)
      throw new SyncError('precondition_failed', `${id} changed`);
    this.drop(id);
  }
}

const iso = (date: string | null | undefined, time: string | null | undefined): string =>
  `${date ?? ''}T${time ?? '00:00:00'}Z`;

export class NoteMapping implements ItemMapping<Fields, Note> {
  readonly modules = ['Events'];

  read(raw: string): (MappedItem<Fields> & { readonly parsed: Note }) | null {
    const note = JSON.parse(raw) as Note;
    if (typeof note.uid !== 'string') throw new Error('a note without uid');
    const fields = { subject: note.subject, start: note.start, end: note.end };
    return {
      uid: note.uid,
      module: 'Events',
      fields,
      parsed: note,
      changedMs: note.changedMs,
      values: {
        subject: note.subject,
        date_start: note.start.slice(0, 10),
        time_start: note.start.slice(11, 19),
        due_date: note.end.slice(0, 10),
        time_end: note.end.slice(11, 19),
      },
    };
  }

  fieldsOf(record: CrmRecord): Fields | null {
    const v = record.values;
    if (!v['date_start']) return null;
    return {
      subject: v['subject'] ?? '',
      start: iso(v['date_start'], v['time_start']),
      end: iso(v['due_date'], v['time_end']),
    };
  }

  hash(f: Fields): string {
    return createHash('sha256')
      .update(JSON.stringify([f.subject, f.start, f.end]))
      .digest('hex');
  }

  initial(): boolean {
    return true;
  }

  patch(raw: string, fields: Fields, nowMs: number): string {
    return JSON.stringify({ ...(JSON.parse(raw) as Note), ...fields, changedMs: nowMs });
  }

  async fresh(
    record: CrmRecord,
    fields: Fields,
    nowMs: number,
  ): Promise<{ uid: string; raw: string }> {
    const uid = `crm-${record.id}@memory`;
    return { uid, raw: JSON.stringify({ uid, ...fields, changedMs: nowMs }) };
  }

  defaults(): Record<string, string> {
    return { eventstatus: 'Planned', activitytype: 'Meeting' };
  }

  ownRecordId(uid: string): number | null {
    const m = /^crm-(\d+)@memory$/.exec(uid);
    return m ? Number(m[1]) : null;
  }
}
