// What the push producers read from the change log (gateway/push/README.md §5): changes after a
// cursor kept in the settings table, the owner a record had before a change (to tell an
// assignment from an edit), and the few record facts a notification shows.
import type { Knex } from 'knex';
import { ChangeLog } from '../change-log.js';
import { nowUtc } from '../db.js';
import type { Change, Owner } from '../types.js';

const CURSOR = 'push.changes.cursor';

export interface RecordFacts {
  readonly label: string;
  /** ModComments: the record the comment is on, and its module. */
  readonly commentOn: { readonly id: number; readonly module: string } | null;
  readonly owner: Owner;
}

export class PushChangeFeed {
  private readonly log: ChangeLog;

  constructor(private readonly knex: Knex) {
    this.log = new ChangeLog(knex);
  }

  /** The next changes; the first run starts at the newest change, so history is not pushed. */
  async next(limit: number): Promise<Change[]> {
    const row = await this.knex('settings')
      .where({ key: CURSOR })
      .first<{ value: string } | undefined>('value');
    if (!row) {
      await this.advance(await this.log.latestSeq());
      return [];
    }
    return this.log.since(Number(JSON.parse(row.value)), { limit });
  }

  async advance(seq: number): Promise<void> {
    await this.knex('settings')
      .insert({ key: CURSOR, value: JSON.stringify(seq), updated_at: nowUtc() })
      .onConflict('key')
      .merge();
  }

  async ownerBefore(change: Change): Promise<Owner | null> {
    const row = await this.knex('change_log')
      .where({ record_id: change.recordId })
      .where('seq', '<', change.seq)
      .orderBy('seq', 'desc')
      .first<{ owner_kind: string | null; owner_id: number | null } | undefined>(
        'owner_kind',
        'owner_id',
      );
    if (!row || (row.owner_kind !== 'user' && row.owner_kind !== 'group')) return null;
    return { kind: row.owner_kind, id: Number(row.owner_id) };
  }

  async facts(recordId: number, module: string): Promise<RecordFacts | null> {
    const entity = await this.knex('crm_entities')
      .where({ id: recordId, deleted: false })
      .first<{ label: string; owner_kind: string; owner_id: number } | undefined>(
        'label',
        'owner_kind',
        'owner_id',
      );
    if (!entity) return null;
    let commentOn: RecordFacts['commentOn'] = null;
    if (module === 'ModComments') {
      const comment = await this.knex('mod_modcomments as c')
        .join('crm_entities as e', 'e.id', 'c.related_to')
        .where('c.id', recordId)
        .first<{ id: number; module: string } | undefined>('e.id', 'e.module');
      commentOn = comment ? { id: Number(comment.id), module: comment.module } : null;
    }
    return {
      label: entity.label,
      commentOn,
      owner: {
        kind: entity.owner_kind === 'group' ? 'group' : 'user',
        id: Number(entity.owner_id),
      },
    };
  }
}
