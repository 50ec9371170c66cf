// add_related (gateway/rest/README.md §2, vtiger ≥7.1): links a record with one or more others in
// crm_relations. relatedRecordId is "encoded": a JSON string or list, though many clients send a
// bare id, which is accepted too. relationIdLabel, when given, must name a related list.
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { loadRecord } from '../record-access.js';
import { findRelation } from '../relations.js';
import { wsError } from '../ws-errors.js';

function relatedIdList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string' || raw.trim() === '')
    throw wsError('INTERNAL_SERVER_ERROR', 'relatedRecordId is missing');
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [raw];
  }
}

export async function addRelated(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const source = await loadRecord(ctx.deps, caller, text(ctx.params, 'sourceRecordId'), 'write');
  const ids = relatedIdList(ctx.params.relatedRecordId);
  if (ids.length > 100)
    throw wsError('INTERNAL_SERVER_ERROR', 'relatedRecordId: at most 100 ids at once');
  const label = text(ctx.params, 'relationIdLabel');
  // Every id is checked before the first link is written: a bad one leaves nothing half done.
  const targets: number[] = [];
  for (const id of ids) {
    const target = await loadRecord(ctx.deps, caller, id, 'read');
    // Without a label any related list of the target's module will do (vtiger picks the first).
    const relation = findRelation(source.def, target.def.name, /^\d+$/.test(label) ? '' : label);
    if (relation.field !== undefined)
      throw wsError(
        'FAILED_TO_CREATE_RELATION',
        `${relation.label} are read from ${relation.field}, which the 1C exchange sets; add_related cannot link them`,
      );
    targets.push(target.record.id);
  }
  for (const id of targets) await ctx.deps.store.records.relate(caller.actor, source.record.id, id);
  return { message: 'successfull' };
}
