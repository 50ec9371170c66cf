// One link's mailbox as one sync provider over two feeds: the calendar (calendar-provider.ts) and
// the "CRM" To Do list (tasks-provider.ts). The engine keeps one cursor per link, so the cursor
// holds both feeds' delta links (JSON) and which one a truncated run goes on with; a cursor of
// before tasks were carried (a bare calendar delta link) goes on with the calendar and starts the
// tasks' first round. Task ids are prefixed, so the two id spaces never meet in the link's status.
import type { ChangeSet, ItemVersion, RemoteItem, RemoteProvider } from '../../provider.js';
import { isTodoTask } from './task-mapping.js';
import type { GraphJson } from './transport.js';

const TASK = 'todo:';

interface Cursor {
  readonly e: string | null;
  readonly t: string | null;
  /** The feed a truncated run goes on with. */
  readonly p: 'e' | 't';
}

function parse(cursor: string | null): Cursor {
  if (cursor === null) return { e: null, t: null, p: 'e' };
  if (!cursor.startsWith('{')) return { e: cursor, t: null, p: 'e' };
  const c = JSON.parse(cursor) as Partial<Cursor>;
  return { e: c.e ?? null, t: c.t ?? null, p: c.p === 't' ? 't' : 'e' };
}

const isTask = (id: string): boolean => id.startsWith(TASK);
const bare = (id: string): string => id.slice(TASK.length);

export class MailboxProvider implements RemoteProvider {
  constructor(
    private readonly events: RemoteProvider,
    private readonly tasks: RemoteProvider,
  ) {}

  async changes(cursor: string | null): Promise<ChangeSet> {
    const at = parse(cursor);
    if (at.p === 'e') {
      const cs = await this.events.changes(at.e);
      const next: Cursor = { e: cs.cursor, t: at.t, p: cs.truncated ? 'e' : 't' };
      return {
        changed: cs.changed,
        removed: cs.removed,
        cursor: JSON.stringify(next),
        truncated: true,
      };
    }
    const cs = await this.tasks.changes(at.t);
    const next: Cursor = { e: at.e, t: cs.cursor, p: cs.truncated ? 't' : 'e' };
    return {
      changed: cs.changed.map((c) => ({ ...c, id: TASK + c.id })),
      removed: cs.removed.map((id) => TASK + id),
      cursor: JSON.stringify(next),
      truncated: cs.truncated,
    };
  }

  async fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    const events = await this.events.fetch(ids.filter((id) => !isTask(id)));
    const tasks = await this.tasks.fetch(ids.filter(isTask).map(bare));
    return [...events, ...tasks.map((t) => ({ ...t, id: TASK + t.id }))];
  }

  async create(uid: string, raw: string): Promise<ItemVersion> {
    if (!isTodoTask(JSON.parse(raw) as GraphJson)) return this.events.create(uid, raw);
    const made = await this.tasks.create(uid, raw);
    return { ...made, id: TASK + made.id };
  }

  update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    return isTask(id)
      ? this.tasks.update(bare(id), raw, ifVersion)
      : this.events.update(id, raw, ifVersion);
  }

  remove(id: string, ifVersion: string | null): Promise<void> {
    return isTask(id) ? this.tasks.remove(bare(id), ifVersion) : this.events.remove(id, ifVersion);
  }
}
