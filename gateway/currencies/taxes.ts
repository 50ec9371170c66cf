// Tax rates of the CRM (the Taxes module: taxname, taxlabel, percentage, active) as admins
// manage them: list, and create or update one by name. The percentages a 1C offer carries per
// product stay with that product (store/commerceml/product-extras.ts); these are the CRM's own.
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { Actor, CrmRecord } from '../../store/types.js';
import { parseName } from './values.js';

export interface TaxView {
  readonly id: string;
  readonly name: string;
  readonly rate: string;
  readonly active: boolean;
}

export interface TaxInput {
  /** The record to edit (the console's edit form, which may rename it); else by name. */
  readonly id?: number;
  readonly name: string;
  /** Already parsed (values.ts parseRate). */
  readonly rate?: string;
  readonly active?: boolean;
}

const MODULE = 'Taxes';

function view(r: CrmRecord): TaxView {
  const v = r.values;
  return {
    id: String(r.id),
    name: v['taxname'] ?? '',
    rate: String(Number(v['percentage'] ?? '0')),
    active: v['active'] !== '0',
  };
}

export async function listTaxes(store: Store, actor: Actor): Promise<TaxView[]> {
  const records = await store.records.list(actor, MODULE, { limit: 1000 });
  return records.map(view).sort((a, b) => a.name.localeCompare(b.name));
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Creates or updates one tax rate; every check runs before the write. */
export async function setTax(store: Store, actor: Actor, input: TaxInput): Promise<TaxView> {
  const name = parseName('tax name', input.name, 100);
  const all = await listTaxes(store, actor);
  const byName = all.find((t) => sameName(t.name, name)) ?? null;
  let current = byName;
  if (input.id !== undefined) {
    current = all.find((t) => t.id === String(input.id)) ?? null;
    if (!current) throw new GatewayError('not_found', `Tax ${input.id} does not exist`);
    if (byName && byName.id !== current.id)
      throw new GatewayError('conflict', `Tax ${name} already exists`);
  }
  const rate = input.rate ?? current?.rate;
  if (rate === undefined)
    throw new GatewayError('invalid_input', `a new tax needs a rate (${name})`);
  const values = {
    taxname: name,
    taxlabel: name,
    percentage: rate,
    active: (input.active ?? current?.active ?? true) ? '1' : '0',
  };
  const saved = current
    ? await store.records.update(actor, MODULE, Number(current.id), { values }, 'revise')
    : await store.records.create(actor, MODULE, { values });
  return view(saved);
}
