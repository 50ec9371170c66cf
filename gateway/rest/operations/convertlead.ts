// convertlead (gateway/rest/README.md §2, vtiger ≥7.0 element form): creates an Account, a Contact
// and/or a Potential from a Lead, links them, moves the lead's related records to the contact (or
// the account) and marks the lead converted; a second conversion gets LEAD_ALREADY_CONVERTED. The
// lead is claimed first, and records created before a failure are purged again, so a failed
// conversion leaves the store as it was.
import type { CrmRecord, Owner } from '../../../store/types.js';
import { callerOf, type Caller, type OpContext } from '../deps.js';
import { elementToInput, ownerValue } from '../element-input.js';
import { logRelaxed } from '../lenient-values.js';
import { encodedObject, isObject, text } from '../params.js';
import { loadRecord } from '../record-access.js';
import { formatId, ownerId } from '../ws-ids.js';
import { getModule } from '../../../store/modules/registry.js';
import { MESSAGES, wsError } from '../ws-errors.js';
import { mappedValues } from './convertlead-mapping.js';

const ORDER = ['Accounts', 'Contacts', 'Potentials'] as const;
type Target = (typeof ORDER)[number];

function requested(entities: Record<string, unknown>): Map<Target, Record<string, unknown>> {
  const out = new Map<Target, Record<string, unknown>>();
  for (const [name, spec] of Object.entries(entities)) {
    if (!(ORDER as readonly string[]).includes(name))
      throw wsError(
        'UNKOWN_ENTITY',
        `convertlead creates Accounts, Contacts and Potentials, not ${name.slice(0, 40)}`,
      );
    if (!isObject(spec))
      throw wsError('INTERNAL_SERVER_ERROR', `entities.${name} must be an object`);
    const create = spec.create;
    if (create === true || create === 'true' || create === 1 || create === '1')
      out.set(name as Target, spec);
  }
  if (out.has('Potentials') && !out.has('Accounts') && !out.has('Contacts')) {
    throw wsError(
      'INVALID_POTENTIAL_FOR_CONVERTLEAD',
      'A Potential is created only together with an Account or a Contact',
    );
  }
  if (out.size === 0)
    throw wsError(
      'FAILED_TO_MARK_LEAD_CONVERTED',
      'Nothing to convert: entities must create an Account or a Contact',
    );
  return out;
}

async function createEntity(
  ctx: OpContext,
  caller: Caller,
  target: Target,
  spec: Record<string, unknown>,
  lead: CrmRecord,
  owner: Owner,
  links: Record<string, string>,
): Promise<CrmRecord> {
  const def = getModule(target);
  const given = Object.fromEntries(
    Object.entries(spec).filter(([k]) => k !== 'create' && k !== 'name'),
  );
  const element = {
    ...mappedValues(target, lead.values),
    ...links,
    assigned_user_id: ownerId(owner),
    ...given,
  };
  const input = await elementToInput(ctx.deps, caller, def, element, 'create');
  // vtiger 8.2 marks every record a conversion creates.
  const record = await ctx.deps.store.records.create(caller.actor, target, {
    ...input,
    system: { isconvertedfromlead: '1' },
  });
  logRelaxed(ctx.log, target, record.id, input.relaxed);
  return record;
}

async function undo(ctx: OpContext, caller: Caller, created: readonly CrmRecord[]): Promise<void> {
  for (const r of created) await ctx.deps.store.recycleBin.delete(caller.actor, r.module, r.id);
  await ctx.deps.store.recycleBin.purge(
    caller.actor,
    created.map((r) => r.id),
  );
}

async function convert(
  ctx: OpContext,
  caller: Caller,
  lead: CrmRecord,
  wanted: Map<Target, Record<string, unknown>>,
  owner: Owner,
): Promise<CrmRecord[]> {
  const created: CrmRecord[] = [];
  const ids: Partial<Record<Target, string>> = {};
  try {
    for (const target of ORDER) {
      const spec = wanted.get(target);
      if (!spec) continue;
      const links: Record<string, string> =
        target === 'Contacts'
          ? { account_id: ids.Accounts ?? '' }
          : target === 'Potentials'
            ? { related_to: ids.Accounts ?? '', contact_id: ids.Contacts ?? '' }
            : {};
      const record = await createEntity(ctx, caller, target, spec, lead, owner, links);
      created.push(record);
      ids[target] = formatId(getModule(target).idPrefix, record.id);
    }
    const keeper = created.find((r) => r.module === 'Contacts') ?? (created[0] as CrmRecord);
    for (const relatedId of await ctx.deps.store.records.relatedIds(lead.id))
      await ctx.deps.store.records.relate(caller.actor, keeper.id, relatedId);
    await ctx.deps.store.records.update(caller.actor, 'Leads', lead.id, { values: {} }, 'revise');
    return created;
  } catch (err) {
    await undo(ctx, caller, created);
    throw err;
  }
}

export async function convertLead(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const element = encodedObject(ctx.params, 'element');
  const { def, record: lead, wsId } = await loadRecord(ctx.deps, caller, element.leadId, 'write');
  if (def.name !== 'Leads')
    throw wsError('INVALID_ID_ATTRIBUTE', `${MESSAGES.idIncorrect}: ${wsId} is not a lead`);
  if (!isObject(element.entities))
    throw wsError(
      'INTERNAL_SERVER_ERROR',
      'element.entities must be an object naming Accounts, Contacts and/or Potentials',
    );
  const wanted = requested(element.entities);
  const owner = (await ownerValue(ctx.deps, caller, def, text(element, 'assignedTo'))) ?? {
    kind: 'user',
    id: caller.actor.userId,
  };
  if (!(await ctx.deps.conversions.claim(lead.id, caller.actor.userId)))
    throw wsError('LEAD_ALREADY_CONVERTED', 'Lead is already converted');
  let created: CrmRecord[];
  try {
    created = await convert(ctx, caller, lead, wanted, owner);
  } catch (err) {
    await ctx.deps.conversions.release(lead.id);
    throw err;
  }
  const idOf = (m: string): number | null => created.find((r) => r.module === m)?.id ?? null;
  await ctx.deps.conversions.complete(lead.id, {
    accountId: idOf('Accounts'),
    contactId: idOf('Contacts'),
    potentialId: idOf('Potentials'),
  });
  return Object.fromEntries(
    created.map((r) => [r.module, formatId(getModule(r.module).idPrefix, r.id)]),
  );
}
