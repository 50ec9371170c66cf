// Profile rights on the webservice (README.md "### Roles and profiles"), checked before the
// record as vtiger 8.2's include/Webservices/*.php do: a module the user may not view is not in
// its listtypes, and every operation on it answers ACCESS_DENIED "Permission to perform the
// operation is denied"; then create and update need the create/edit right ("Permission to write
// is denied") and delete the delete right ("Permission to delete is denied").
// test/gateway/rest/roles.test.ts.
import type { ModuleDef } from '../../store/modules/types.js';
import { isHidden, isReadOnly } from '../../store/roles/field-rules.js';
import { can, type Right } from '../../store/roles/rights.js';
import type { Actor } from '../../store/types.js';
import { wsError } from './ws-errors.js';

export type RestAction = 'read' | 'create' | 'update' | 'delete';

const NEEDS: Record<RestAction, Right | null> = {
  read: null,
  create: 'create',
  update: 'edit',
  delete: 'delete',
};

/** Throws vtiger's ACCESS_DENIED unless the actor's profile allows `action` on the module. */
export function requireModuleRight(actor: Actor, def: ModuleDef, action: RestAction): void {
  if (def.kind !== 'entity') return;
  if (!can(actor.rights, def.name, 'view'))
    throw wsError('ACCESS_DENIED', 'Permission to perform the operation is denied');
  const right = NEEDS[action];
  if (right === null || can(actor.rights, def.name, right)) return;
  throw wsError(
    'ACCESS_DENIED',
    action === 'delete' ? 'Permission to delete is denied' : 'Permission to write is denied',
  );
}

/** describe's flags for the actor: what its profile allows on the module. */
export function describeFlags(
  actor: Actor,
  def: ModuleDef,
): { createable: boolean; updateable: boolean; deleteable: boolean; retrieveable: boolean } {
  const records = def.kind === 'entity';
  return {
    createable: records && can(actor.rights, def.name, 'create'),
    updateable: records && can(actor.rights, def.name, 'edit'),
    deleteable: records && can(actor.rights, def.name, 'delete'),
    retrieveable: !records || can(actor.rights, def.name, 'view'),
  };
}

/** Whether listtypes names the module for the actor (vtiger lists only viewable modules). */
export function listsModule(actor: Actor, def: ModuleDef): boolean {
  return def.kind !== 'entity' || can(actor.rights, def.name, 'view');
}

/**
 * describe's field list for the actor: fields its profiles hide are left out, read-only ones
 * answer editable false (README.md "### Roles and profiles"). The list is copied, since the
 * module's describe is cached for every caller.
 */
export function describeFieldsFor(actor: Actor, def: ModuleDef, fields: unknown): unknown {
  const rules = actor.rights?.fields;
  if (!rules?.[def.name] || !Array.isArray(fields)) return fields;
  const out: unknown[] = [];
  for (const field of fields as unknown[]) {
    if (typeof field !== 'object' || field === null) {
      out.push(field);
      continue;
    }
    const name = (field as { name?: unknown }).name;
    if (typeof name !== 'string') out.push(field);
    else if (isHidden(rules, def.name, name)) continue;
    else if (isReadOnly(rules, def.name, name)) out.push({ ...field, editable: false });
    else out.push(field);
  }
  return out;
}
