// What the webservice does with a bad value of a kind vtiger 8.2 accepts: vtiger stores an
// invalid date as empty, an invalid e-mail as "", an invalid number as 0 and a reference to a
// missing record as empty, so imports written for vtiger keep working (README "Answers as vtiger
// 8.2 gives them", gateway/rest/README.md §4 "Bad values"). GATEWAY_WS_STRICT_VALUES=true keeps
// the clear error instead. Only the webservice edge relaxes: the store (store/records/field-values.ts)
// stays strict for every other edge, and a mandatory field keeps its error, since an empty value
// would only turn it into "Mandatory fields not present".
import { GatewayError } from '../../store/errors.js';
import type { FieldDef } from '../../store/modules/types.js';
import { toColumn } from '../../store/records/field-values.js';
import type { Logger } from '../logger.js';

/** A bad value the webservice stored as vtiger does: the field and what it became (never the value). */
export interface RelaxedValue {
  readonly field: string;
  readonly kind: 'reference' | 'date' | 'email' | 'number';
  readonly storedAs: '' | '0';
}

const KINDS: Readonly<Partial<Record<FieldDef['type'], RelaxedValue['kind']>>> = {
  date: 'date',
  datetime: 'date',
  email: 'email',
  integer: 'number',
  double: 'number',
  currency: 'number',
};

/** Whether a bad value of this field may be relaxed at all (not in strict mode, not mandatory). */
export function mayRelax(strict: boolean, f: FieldDef): boolean {
  return !strict && !f.mandatory;
}

/**
 * `raw` unchanged when the store accepts it (or when strict); else vtiger's stored value, with a
 * note pushed to `relaxed`. Errors other than a bad value (too long, …) are left to the store.
 */
export function relaxValue(
  strict: boolean,
  f: FieldDef,
  raw: string | null,
  relaxed: RelaxedValue[],
): string | null {
  const kind = KINDS[f.type];
  if (raw === null || kind === undefined || !mayRelax(strict, f)) return raw;
  try {
    toColumn(f, raw);
    return raw;
  } catch (err) {
    if (!(err instanceof GatewayError) || err.kind !== 'invalid_input') throw err;
    const storedAs = kind === 'number' ? '0' : '';
    relaxed.push({ field: f.name, kind, storedAs });
    return storedAs;
  }
}

/** One warning per relaxed value, after the write, so that it names the record. */
export function logRelaxed(
  log: Logger,
  module: string,
  recordId: number,
  relaxed: readonly RelaxedValue[],
): void {
  for (const r of relaxed) {
    log.warn(
      { module, field: r.field, recordId, kind: r.kind, storedAs: r.storedAs },
      'webservice: bad value stored as vtiger 8.2 stores it (GATEWAY_WS_STRICT_VALUES=false)',
    );
  }
}
