// Related lists (gateway/rest/README.md §2 relatedtypes, retrieve_related, query_related,
// add_related): which modules relate to which, and the related records of one record. A record's
// related records are those linked in crm_relations (add_related, either direction), those whose
// reference fields point to it (the Contacts of an Account) and those it points to. A relation
// of a module to itself is carried by one reference field alone: the Variants of a product are the
// Products whose parent_product_id points to it (gateway/rest/README.md §2, related lists).
import { getModule } from '../../store/modules/registry.js';
import type { ModuleDef } from '../../store/modules/types.js';
import { modulesOf, referencingIds } from '../../store/records/record-links.js';
import type { CrmRecord } from '../../store/types.js';
import type { RestDeps } from './deps.js';
import { wsError } from './ws-errors.js';

const ACTIVITIES = ['Calendar', 'Events'];
const SALES = ['Quotes', 'SalesOrder', 'Invoice'];

const RELATED: Readonly<Record<string, readonly string[]>> = {
  Accounts: [
    'Contacts',
    'Potentials',
    ...SALES,
    'HelpDesk',
    ...ACTIVITIES,
    'Products',
    'Services',
    'ModComments',
  ],
  Contacts: [
    'Potentials',
    ...ACTIVITIES,
    'HelpDesk',
    ...SALES,
    'Products',
    'Services',
    'ModComments',
  ],
  Leads: [...ACTIVITIES, 'Products', 'Services', 'ModComments'],
  Potentials: [
    'Contacts',
    'Products',
    'Services',
    'Quotes',
    'SalesOrder',
    ...ACTIVITIES,
    'ModComments',
  ],
  Products: ['Accounts', 'Contacts', 'Leads', 'Potentials', 'HelpDesk', ...SALES],
  Services: ['Accounts', 'Contacts', 'Leads', 'Potentials', 'HelpDesk', ...SALES],
  HelpDesk: [...ACTIVITIES, 'Services', 'ModComments'],
  Quotes: ['SalesOrder', ...ACTIVITIES, 'ModComments'],
  SalesOrder: ['Invoice', ...ACTIVITIES, 'ModComments'],
  Invoice: [...ACTIVITIES, 'ModComments'],
  Calendar: ['Contacts'],
  Events: ['Contacts'],
  Catalogs: ['Products', 'Services'],
};

/** Relations carried by one reference field of the related module, pointing at the record. */
const BY_FIELD: Readonly<
  Record<string, readonly { module: string; label: string; field: string }[]>
> = {
  Products: [{ module: 'Products', label: 'Variants', field: 'parent_product_id' }],
};

/**
 * vtiger 8.2's relation labels (vtiger_relatedlists.label) where they are not the related module's
 * name: "Sales Order", and "Activities" for the Calendar list. Events have no list of their own in
 * vtiger (they are in "Activities" there), so they keep the name "Events" here.
 */
const VTIGER_LABEL: Readonly<Record<string, string>> = {
  SalesOrder: 'Sales Order',
  Calendar: 'Activities',
};

export interface Relation {
  readonly module: ModuleDef;
  /** vtiger's relation label (VTIGER_LABEL or the module name), or the field relation's own. */
  readonly label: string;
  /** Names accepted besides label: the module name and its console label ("Opportunities"). */
  readonly aliases: readonly string[];
  /** Set for a relation read from this reference field of the related module alone. */
  readonly field?: string;
}

export function relationsOf(def: ModuleDef): Relation[] {
  const plain = (RELATED[def.name] ?? []).map((name) => {
    const module = getModule(name);
    return { module, label: VTIGER_LABEL[name] ?? name, aliases: [name, module.label] };
  });
  const byField = (BY_FIELD[def.name] ?? []).map((r) => ({
    module: getModule(r.module),
    label: r.label,
    aliases: [],
    field: r.field,
  }));
  return [...plain, ...byField];
}

/** The relation named by a related module and/or label (either may be empty); UNKOWN_ENTITY otherwise. */
export function findRelation(def: ModuleDef, relatedType: string, label: string): Relation {
  const found = relationsOf(def).find(
    (r) =>
      (relatedType === '' || r.module.name === relatedType) &&
      (label === '' || r.label === label || r.aliases.includes(label)),
  );
  if (!found || (relatedType === '' && label === ''))
    throw wsError(
      'UNKOWN_ENTITY',
      `Relation specified is incorrect: ${def.name} has no related list ${label || relatedType}`,
    );
  return found;
}

function pointingFields(target: ModuleDef, source: string): string[] {
  return target.fields
    .filter(
      (f) =>
        f.type === 'reference' && f.storage === 'module' && (f.refersTo ?? []).includes(source),
    )
    .map((f) => f.name);
}

/** Ids of the live records of `target` related to `record`. */
export async function relatedIds(
  deps: RestDeps,
  record: CrmRecord,
  relation: Relation,
): Promise<number[]> {
  const target = relation.module;
  if (relation.field !== undefined)
    return (await referencingIds(deps.store.db.knex, target, [relation.field], record.id)).sort(
      (a, b) => a - b,
    );
  const source = getModule(record.module);
  const ids = new Set(await deps.store.records.relatedIds(record.id));
  for (const id of await referencingIds(
    deps.store.db.knex,
    target,
    pointingFields(target, source.name),
    record.id,
  ))
    ids.add(id);
  for (const f of source.fields) {
    const v = Number(record.values[f.name] ?? 0);
    if (
      f.type === 'reference' &&
      f.storage === 'module' &&
      v > 0 &&
      (f.refersTo ?? []).includes(target.name)
    )
      ids.add(v);
  }
  const modules = await modulesOf(deps.store.db.knex, ids);
  return [...ids].filter((id) => modules.get(id) === target.name).sort((a, b) => a - b);
}
