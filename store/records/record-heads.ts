// What a bulk revise (bulk-writer.ts) needs of live records, and the one statement that writes
// new labels: a batch of 1C offers changes prices, and reading (and converting) whole 27-column
// rows only to keep owner and label was most of its cost (npm run bench:commerceml).
import type { Knex } from 'knex';
import { findField } from '../modules/registry.js';
import type { FieldDef, ModuleDef } from '../modules/types.js';
import type { Owner } from '../types.js';
import { chunked } from './bulk-writer.js';
import { fromColumn } from './field-values.js';

const LABEL_ALIAS = 'l__';

/** What a revise keeps or recomputes: the label from the same values toRecord would give. */
export interface RecordHead {
  readonly owner: Owner;
  readonly label: string;
  readonly labelValues: Record<string, string | null>;
}

/** Owner, label and the module values the label is made of, of live records by id. */
export async function readHeads(
  knex: Knex,
  def: ModuleDef,
  ids: readonly number[],
): Promise<Map<number, RecordHead>> {
  const labelDefs = def.labelFields
    .map((name) => findField(def, name))
    .filter((f): f is FieldDef => f !== null && f.storage === 'module');
  const out = new Map<number, RecordHead>();
  for (const part of chunked([...new Set(ids)], 1)) {
    const rows = (await knex({ e: 'crm_entities' })
      .join({ m: def.table }, 'm.id', 'e.id')
      .where('e.module', def.name)
      .whereIn('e.id', part)
      .where('e.deleted', false)
      .select(
        'e.id',
        'e.owner_kind',
        'e.owner_id',
        'e.label',
        ...labelDefs.map((f) => `m.${f.name} as ${LABEL_ALIAS}${f.name}`),
      )) as Record<string, unknown>[];
    for (const r of rows) {
      const labelValues: Record<string, string | null> = {};
      for (const f of labelDefs) labelValues[f.name] = fromColumn(f, r[`${LABEL_ALIAS}${f.name}`]);
      out.set(Number(r['id']), {
        owner: {
          kind: r['owner_kind'] === 'group' ? 'group' : 'user',
          id: Number(r['owner_id']),
        },
        label: String(r['label'] ?? ''),
        labelValues,
      });
    }
  }
  return out;
}

/** New labels of some records in one statement: UPDATE … SET label = CASE id WHEN … END. */
export async function relabel(
  trx: Knex.Transaction,
  rows: readonly { id: number; label: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `update ?? set ?? = case ?? ${rows.map(() => 'when ? then ?').join(' ')} end where ?? in (${rows.map(() => '?').join(', ')})`,
    [
      'crm_entities',
      'label',
      'id',
      ...rows.flatMap((r) => [r.id, r.label]),
      'id',
      ...rows.map((r) => r.id),
    ],
  );
}
