// The currencies of the CRM (the Currency module) as admins manage them: list, and create or
// update one by code, with its symbol, conversion rate, active flag and the base currency.
// A 1C file naming a currency that is not active is refused (gateway/commerceml/README.md), so
// this is where an admin fixes that. Rates are relative to the base currency, whose rate is 1;
// changing the base or a rate never rewrites stored amounts (a price is kept in the currency
// of its record: test/gateway/currencies/console.test.ts).
import { GatewayError } from '../../store/errors.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import { SharingRepository } from '../../store/visibility.js';
import type { Store } from '../../store/store.js';
import type { Actor, CrmRecord } from '../../store/types.js';
import { parseCurrencyCode, parseName } from './values.js';

export interface CurrencyView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly symbol: string;
  readonly rate: string;
  readonly active: boolean;
  readonly base: boolean;
}

export interface CurrencyInput {
  /** The record to edit (the console's edit form, which may change the code); else by code. */
  readonly id?: number;
  readonly code: string;
  readonly name?: string;
  readonly symbol?: string;
  /** Already parsed (values.ts parseRate). */
  readonly rate?: string;
  readonly active?: boolean;
  /** true makes this the base currency (the others stop being it). */
  readonly base?: boolean;
}

const MODULE = 'Currency';
const LIMIT = 1000;

function view(r: CrmRecord): CurrencyView {
  const v = r.values;
  return {
    id: String(r.id),
    code: String(v['currency_code'] ?? '').toUpperCase(),
    name: v['currency_name'] ?? '',
    symbol: v['currency_symbol'] ?? '',
    rate: String(Number(v['conversion_rate'] ?? '1')),
    active: (v['currency_status'] ?? 'Active') === 'Active',
    base: v['defaultid'] === '1',
  };
}

export async function listCurrencies(store: Store, actor: Actor): Promise<CurrencyView[]> {
  const records = await store.records.list(actor, MODULE, { limit: LIMIT });
  return records.map(view).sort((a, b) => a.code.localeCompare(b.code));
}

function target(
  all: readonly CurrencyView[],
  input: CurrencyInput,
  code: string,
): CurrencyView | null {
  const byCode = all.find((c) => c.code === code) ?? null;
  if (input.id === undefined) return byCode;
  const byId = all.find((c) => c.id === String(input.id));
  if (!byId) throw new GatewayError('not_found', `Currency ${input.id} does not exist`);
  if (byCode && byCode.id !== byId.id)
    throw new GatewayError('conflict', `Currency ${code} already exists`);
  return byId;
}

/** Creates or updates one currency; every check runs before the first write. */
export async function setCurrency(
  store: Store,
  actor: Actor,
  input: CurrencyInput,
): Promise<CurrencyView> {
  const code = parseCurrencyCode(input.code);
  const all = await listCurrencies(store, actor);
  const current = target(all, input, code);
  const name = parseName('name', input.name ?? current?.name ?? code, 100);
  const symbol = (input.symbol ?? current?.symbol ?? '').trim();
  if (symbol.length > 10) throw new GatewayError('invalid_input', 'symbol: at most 10 characters');
  const rate = input.rate ?? current?.rate;
  if (rate === undefined)
    throw new GatewayError('invalid_input', `a new currency needs a rate (${code})`);
  const active = input.active ?? current?.active ?? true;
  const base = input.base === true || current?.base === true;
  if (base && !active)
    throw new GatewayError('invalid_input', `${code} is the base currency and must stay active`);
  if (base && Number(rate) !== 1)
    throw new GatewayError(
      'invalid_input',
      `the base currency's rate is 1 (other rates are relative to it); ${code} has ${rate}`,
    );
  const values = {
    currency_code: code,
    currency_name: name,
    currency_symbol: symbol,
    conversion_rate: rate,
    currency_status: active ? 'Active' : 'Inactive',
    defaultid: base ? '1' : '0',
  };
  // One transaction, so that the new base and the old one losing the flag are written together;
  // every query goes through it (on SQLite the store has one connection, which it holds).
  const saved = await store.db.knex.transaction(async (trx) => {
    const records = new RecordRepository(trx, new SharingRepository(trx), store.picklists);
    const record = current
      ? await records.update(actor, MODULE, Number(current.id), { values }, 'revise')
      : await records.create(actor, MODULE, { values });
    if (input.base === true) {
      for (const other of all)
        if (other.base && other.id !== String(record.id))
          await records.update(
            actor,
            MODULE,
            Number(other.id),
            { values: { defaultid: '0' } },
            'revise',
          );
    }
    return record;
  });
  return view(saved);
}
