// A webservice `element` → the store's record input (gateway/rest/README.md §2
// Create.php/Update.php, §4). vtiger drops unknown keys silently, and so does the gateway, so
// that a record read from vtiger can be written back whole (test/gateway/rest/unknown-fields.test.ts);
// GATEWAY_WS_STRICT_FIELDS=true refuses an unknown field by name instead (ACCESS_DENIED, the code
// VTQL uses for unknown attributes), which catches typos. A value of the wrong JSON type names its field. References must be ws ids of a module the field
// refers to (REFERENCE_INVALID) and name a record the caller may read: a record hidden from the
// caller gets the same error as a missing one, so ids cannot be probed (gateway/rest/README.md
// §4 "References"). An update may send back the reference the record already holds. The owner
// goes through assign rules ("Cannot assign record …"). Bad dates, e-mails, numbers and
// references to missing records are stored as vtiger stores them unless
// GATEWAY_WS_STRICT_VALUES=true (lenient-values.ts).
import { findField, moduleByPrefix } from '../../store/modules/registry.js';
import type { FieldDef, ModuleDef } from '../../store/modules/types.js';
import type { RecordInput } from '../../store/records/record-repository.js';
import { isReadOnly } from '../../store/roles/field-rules.js';
import type { CrmRecord, Owner } from '../../store/types.js';
import type { Caller, RestDeps } from './deps.js';
import { LINE_ITEM_FIELDS } from './line-item-fields.js';
import { parseLineItems } from './line-items.js';
import { readableRecord } from './record-access.js';
import { PRODUCT_EXTRA_KEYS } from './product-extras.js';
import { scalarText } from './params.js';
import { parseOwner, parseWsId, USERS_PREFIX } from './ws-ids.js';
import { wsError } from './ws-errors.js';
import { mayRelax, relaxValue, type RelaxedValue } from './lenient-values.js';

export type ElementMode = 'create' | 'update' | 'revise';

/** Keys clients send that are not theirs to write: `source` is set on create below, `label` is
 *  the record's computed name (present.ts). */
const IGNORED_KEYS = new Set(['id', 'source', 'label']);

/**
 * What retrieve adds to SalesOrder, Invoice and Quotes besides LineItems (inventory-present.ts),
 * and the line fields describe lists on them (line-item-fields.ts): a line travels in LineItems.
 */
const INVENTORY_ANSWER_KEYS = new Set([
  'LineItems_FinalDetails',
  ...LINE_ITEM_FIELDS.map((f) => f.name),
]);

function invalidReference(name: string, why: string): Error {
  return wsError('REFERENCE_INVALID', `Invalid reference specified for ${name}: ${why}`, {
    field: name,
  });
}

async function referenceValue(
  deps: RestDeps,
  caller: Caller,
  f: FieldDef,
  raw: string | null,
  current: CrmRecord | undefined,
  relaxed: RelaxedValue[],
): Promise<string | null> {
  // vtiger stores a reference to a missing record as empty (lenient-values.ts); a malformed id
  // or one of the wrong module stays an error.
  const missingTarget = (why: string): null => {
    if (!mayRelax(deps.limits.strictValues, f)) throw invalidReference(f.name, why);
    relaxed.push({ field: f.name, kind: 'reference', storedAs: '' });
    return null;
  };
  if (raw === null || raw.trim() === '') return null;
  const ws = parseWsId(raw);
  if (!ws)
    throw invalidReference(f.name, `"${raw.slice(0, 40)}" is not a webservice id such as 12x5`);
  const target = moduleByPrefix(ws.prefix);
  if (!target || !(f.refersTo ?? []).includes(target.name)) {
    throw invalidReference(
      f.name,
      `it refers to ${(f.refersTo ?? []).join(', ')}, not to ${target?.name ?? `prefix ${ws.prefix}`}`,
    );
  }
  if (ws.prefix === USERS_PREFIX) {
    const user = await deps.store.users.findById(ws.id);
    if (!user) return missingTarget(`user ${raw} does not exist`);
    return String(ws.id);
  }
  const kept = current !== undefined && String(current.values[f.name] ?? '') === String(ws.id);
  if (!kept && !(await readableRecord(deps, caller, target.name, ws.id)))
    return missingTarget(`record ${raw} does not exist`);
  return String(ws.id);
}

/** assigned_user_id: an active user or a group; non-admins assign only to themselves or their groups in private modules. */
export async function ownerValue(
  deps: RestDeps,
  caller: Caller,
  def: ModuleDef,
  raw: string | null,
): Promise<Owner | null> {
  if (raw === null || raw.trim() === '') return null;
  const owner = parseOwner(raw);
  if (!owner)
    throw invalidReference(
      'assigned_user_id',
      `"${raw.slice(0, 40)}" is not a user (19x…) or group (20x…) id`,
    );
  const own =
    owner.kind === 'user'
      ? owner.id === caller.actor.userId
      : caller.actor.groupIds.includes(owner.id);
  // The caller is known to be active; anyone else is looked up.
  const exists =
    own ||
    (owner.kind === 'user'
      ? (await deps.callers.get(owner.id)) !== null
      : (await deps.store.groups.get(owner.id)) !== null);
  if (!exists)
    throw invalidReference('assigned_user_id', `${raw} is not an active user or an existing group`);
  if (!caller.actor.isAdmin && !own && (await deps.store.sharing.get(def.name)) === 'private') {
    throw wsError('ACCESS_DENIED', 'Cannot assign record to the given user', {
      field: 'assigned_user_id',
    });
  }
  return owner;
}

/**
 * The field `name` may write, or undefined to ignore it: unknown fields, and fields the caller's
 * profiles hide or make read-only (README.md "### Roles and profiles"), are ignored like vtiger
 * ignores them, or refused by name in strict mode (test/gateway/rest/field-visibility.test.ts).
 */
function fieldOf(
  deps: RestDeps,
  caller: Caller,
  def: ModuleDef,
  name: string,
): FieldDef | undefined {
  const f = findField(def, name);
  if (!f && deps.limits.strictFields)
    throw wsError(
      'ACCESS_DENIED',
      `Permission to access ${name} attribute denied: ${def.name} has no field ${name}`,
      { field: name },
    );
  if (f && isReadOnly(caller.actor.rights?.fields, def.name, name)) {
    if (deps.limits.strictFields)
      throw wsError(
        'ACCESS_DENIED',
        `Permission to write ${name} attribute denied: the user's profile does not allow it`,
        { field: name },
      );
    return undefined;
  }
  return f ?? undefined;
}

function missing(name: string): Error {
  return wsError('MANDATORY_FIELDS_MISSING', `${name} does not have a value`, { fields: [name] });
}

export interface ElementOptions {
  /** vtenext: a create without assigned_user_id belongs to the caller (§6). */
  readonly defaultOwnerToCaller?: boolean;
  /** The record being updated: references it already holds are kept even if hidden. */
  readonly current?: CrmRecord;
}

/** The store's input, and the bad values stored as vtiger does (to log once the id is known). */
export interface ElementInput extends RecordInput {
  readonly relaxed: readonly RelaxedValue[];
}

export async function elementToInput(
  deps: RestDeps,
  caller: Caller,
  def: ModuleDef,
  element: Readonly<Record<string, unknown>>,
  mode: ElementMode,
  options: ElementOptions = {},
): Promise<ElementInput> {
  const values: Record<string, string | null> = {};
  const relaxed: RelaxedValue[] = [];
  let owner: Owner | null = null;
  let ownerGiven = false;
  let lineItems: RecordInput['lineItems'];
  for (const [name, value] of Object.entries(element)) {
    if (IGNORED_KEYS.has(name)) continue;
    // A retrieved product sent back whole carries its read-only stock and taxes lists.
    if (def.name === 'Products' && PRODUCT_EXTRA_KEYS.has(name)) continue;
    // vtiger's retrieve adds these to an inventory record; they come back when it is written back.
    if (def.inventory && INVENTORY_ANSWER_KEYS.has(name)) continue;
    if (name === 'LineItems' && def.inventory) {
      lineItems = await parseLineItems(deps, caller, value, options.current);
      continue;
    }
    const f = fieldOf(deps, caller, def, name);
    if (!f) continue;
    const raw = scalarText(name, value);
    if (f.type === 'owner') {
      ownerGiven = true;
      owner = await ownerValue(deps, caller, def, raw);
    } else if (f.editable && f.storage === 'module') {
      values[name] =
        f.type === 'reference'
          ? await referenceValue(deps, caller, f, raw, options.current, relaxed)
          : relaxValue(deps.limits.strictValues, f, raw, relaxed);
    }
  }
  // vtiger's Create.php marks what the webservice creates; a client's `source` is ignored.
  if (mode === 'create' && findField(def, 'source')) values.source = 'WEBSERVICE';
  if (
    !owner &&
    (ownerGiven || mode === 'update' || (mode === 'create' && !options.defaultOwnerToCaller))
  )
    throw missing('assigned_user_id');
  return {
    values,
    relaxed,
    ...(owner ? { owner } : {}),
    ...(lineItems ? { lineItems } : {}),
  };
}
