// Virtual modules of the webservice: read-only modules whose records are not CRM entities (no
// crm_entities row, owner, relations, recycle bin or sync), such as RSS feeds and articles.
// listtypes, describe, query and retrieve consult them before the module registry;
// every write answers ACCESS_DENIED. A later feature adds one by writing a VirtualModule and
// listing it in registry.ts with an id prefix that is never reused.
import type { FieldDef } from '../../../store/modules/types.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { WsRecord } from '../present.js';
import type { CompiledQuery } from '../vtql/to-record-query.js';

/** Who reads and through which store: a virtual module applies the actor's visibility itself. */
export interface VirtualCall {
  readonly store: Store;
  readonly actor: Actor;
}

export interface VirtualModule {
  readonly name: string;
  readonly label: string;
  readonly singular: string;
  /** Published by describe and in every id (`<idPrefix>x<id>`); never changed. */
  readonly idPrefix: number;
  /** describe's label of the `id` pseudo-field (vtiger names it after the index column). */
  readonly idLabel: string;
  readonly labelFields: readonly string[];
  /**
   * Every field but `id`, in presentation order, with the registry's FieldDef shape so that
   * describe renders them as it renders record fields. All are readable, filterable and
   * sortable; none is editable.
   */
  readonly fields: readonly FieldDef[];
  /** One record (every field, then id) as the actor sees it; null if missing or not theirs to see. */
  retrieve(call: VirtualCall, id: number): Promise<WsRecord | null>;
  /** Records (every field, then id) or, for count(*), their number — visibility applied in the query. */
  query(call: VirtualCall, q: CompiledQuery): Promise<WsRecord[] | number>;
}

/** A read-only field: values are vtiger strings (datetimes `YYYY-MM-DD HH:MM:SS`, booleans 0/1). */
export function virtualField(
  name: string,
  label: string,
  type: FieldDef['type'],
  extra: Partial<FieldDef> = {},
): FieldDef {
  return { name, label, type, mandatory: false, editable: false, storage: 'module', ...extra };
}
