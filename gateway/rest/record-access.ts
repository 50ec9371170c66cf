// The checks of retrieve/update/revise/delete in vtiger's order (gateway/rest/README.md §2
// "Records"): unknown prefix → ACCESS_DENIED "… for id"; missing or deleted record → ACCESS_DENIED
// (vtiger says nothing more; here the message tells which); prefix of another module →
// INVALID_ID_ATTRIBUTE; no right on the record → ACCESS_DENIED. Names and ids of virtual modules
// (virtual/registry.ts) answer ACCESS_DENIED here: they are read-only and have no related lists.
import { findModule } from '../../store/modules/registry.js';
import type { ModuleDef } from '../../store/modules/types.js';
import type { CrmRecord } from '../../store/types.js';
import type { AccessMode } from '../../store/visibility.js';
import type { Caller, RestDeps } from './deps.js';
import { requireModuleRight, type RestAction } from './module-rights.js';
import { findVirtualModule, readOnly, virtualTarget } from './virtual/registry.js';
import { requireWsId } from './ws-ids.js';
import { MESSAGES, wsError } from './ws-errors.js';

export interface LoadedRecord {
  readonly def: ModuleDef;
  readonly record: CrmRecord;
  readonly wsId: string;
}

/** An entity module named by an id; Users and Groups are not records of the store. */
export function recordModule(def: ModuleDef): ModuleDef {
  if (def.kind !== 'entity') {
    throw wsError(
      'ACCESS_DENIED',
      `Permission to perform the operation is denied: ${def.name} are managed in the console, not through the webservice`,
    );
  }
  return def;
}

export async function loadRecord(
  deps: RestDeps,
  caller: Caller,
  idText: unknown,
  mode: AccessMode,
  action: RestAction = mode === 'read' ? 'read' : 'update',
): Promise<LoadedRecord> {
  const virtual = virtualTarget(idText);
  if (virtual) throw readOnly(virtual.module);
  const { def: byPrefix, id, text } = requireWsId(idText);
  const def = recordModule(byPrefix);
  requireModuleRight(caller.actor, def, action);
  const record = await deps.store.records.read(def, id);
  if (!record) {
    const status = await deps.store.records.status(id);
    if (!status || status.deleted) {
      throw wsError(
        'ACCESS_DENIED',
        `Permission to perform the operation is denied: record ${text} does not exist or is in the recycle bin`,
      );
    }
    throw wsError(
      'INVALID_ID_ATTRIBUTE',
      `${MESSAGES.idIncorrect}: ${text} is not a ${def.name} record`,
    );
  }
  if (!(await deps.store.records.allowed(caller.actor, record, mode))) {
    throw wsError('ACCESS_DENIED', mode === 'read' ? MESSAGES.readDenied : MESSAGES.writeDenied);
  }
  return { def, record, wsId: text };
}

/** The module an elementType names (case-sensitive, as vtiger); unknown → ACCESS_DENIED. */
export function namedModule(name: string): ModuleDef {
  const virtual = findVirtualModule(name);
  if (virtual) throw readOnly(virtual);
  const def = findModule(name);
  if (!def)
    throw wsError(
      'ACCESS_DENIED',
      `Permission to perform the operation is denied for name : ${name.slice(0, 60)}`,
    );
  return def;
}

/** A live record of `module` that the caller may read (missing, deleted and hidden look alike). */
export async function readableRecord(
  deps: RestDeps,
  caller: Caller,
  module: string,
  id: number,
): Promise<boolean> {
  const status = await deps.store.records.status(id);
  if (!status || status.deleted || status.module !== module) return false;
  return (await deps.store.records.get(caller.actor, module, id)) !== null;
}
