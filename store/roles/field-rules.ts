// Field visibility per profile, as vtiger 8.2's profile editor has it (README.md "### Roles and
// profiles"): per module a profile hides fields or makes them read-only. A role with several
// profiles shows a field if one profile shows it, and lets it be written if one profile does.
import { GatewayError } from '../errors.js';
import { findModule } from '../modules/registry.js';

export interface FieldRules {
  readonly hidden: readonly string[];
  readonly readonly: readonly string[];
}

/** Module name → its field rules; a module not named has every field visible and writable. */
export type FieldRulesTable = Readonly<Record<string, FieldRules>>;

function names(list: string): string[] {
  return [
    ...new Set(
      list
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    ),
  ];
}

/**
 * Checks `hidden` and `readonly` (comma lists) against the module: unknown fields are refused,
 * and so are mandatory fields, which vtiger's profile editor keeps visible and writable (a user
 * could not create or update a record otherwise), and a field in both lists.
 */
export function parseFieldRules(module: string, hidden: string, readonly: string): FieldRules {
  const def = findModule(module);
  if (def?.kind !== 'entity')
    throw new GatewayError('invalid_input', `Field rules name an unknown module: ${module}`);
  const rules = { hidden: names(hidden), readonly: names(readonly) };
  for (const name of [...rules.hidden, ...rules.readonly]) {
    if (!def.fields.some((f) => f.name === name))
      throw new GatewayError('invalid_input', `${module} has no field ${name}`);
  }
  for (const name of [...rules.hidden, ...rules.readonly]) {
    if (def.fields.find((f) => f.name === name)?.mandatory)
      throw new GatewayError('invalid_input', `${module}.${name} is mandatory and stays writable`);
    if (rules.hidden.includes(name) && rules.readonly.includes(name))
      throw new GatewayError('invalid_input', `${module}.${name} is both hidden and read-only`);
  }
  return rules;
}

/** The rules of a role's profiles together: hidden only if every profile hides the field. */
export function mergeFieldRules(tables: readonly FieldRulesTable[]): FieldRulesTable {
  const out: Record<string, FieldRules> = {};
  if (tables.length === 0) return out;
  const modules = new Set(tables.flatMap((t) => Object.keys(t)));
  for (const module of modules) {
    const all = tables.map((t) => t[module] ?? { hidden: [], readonly: [] });
    const [first] = all;
    const candidates = new Set([...(first?.hidden ?? []), ...(first?.readonly ?? [])]);
    const hidden: string[] = [];
    const readonly: string[] = [];
    for (const name of candidates) {
      if (all.every((r) => r.hidden.includes(name))) hidden.push(name);
      else if (all.every((r) => r.hidden.includes(name) || r.readonly.includes(name)))
        readonly.push(name);
    }
    if (hidden.length > 0 || readonly.length > 0) out[module] = { hidden, readonly };
  }
  return out;
}

/** Whether the rules hide `field` of `module`; no rules hide nothing. */
export function isHidden(
  rules: FieldRulesTable | null | undefined,
  module: string,
  field: string,
): boolean {
  return rules?.[module]?.hidden.includes(field) ?? false;
}

/** Whether the rules keep `field` of `module` from being written (hidden or read-only). */
export function isReadOnly(
  rules: FieldRulesTable | null | undefined,
  module: string,
  field: string,
): boolean {
  const r = rules?.[module];
  return r ? r.hidden.includes(field) || r.readonly.includes(field) : false;
}
