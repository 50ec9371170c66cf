// Profile rights as vtiger 8.2 grants them per module: view, create, edit and delete
// (README.md "### Roles and profiles"). `*` stands for every module a profile does not name.
// The text form is the command line's: `Contacts:view,create,edit,delete;*:view`.
import { GatewayError } from '../errors.js';
import { entityModules, findModule } from '../modules/registry.js';
import type { FieldRulesTable } from './field-rules.js';

export type Right = 'view' | 'create' | 'edit' | 'delete';
export const RIGHTS: readonly Right[] = ['view', 'create', 'edit', 'delete'];
export const ANY_MODULE = '*';

/** Module name (or `*`) → the rights granted on it. */
export type RightsTable = Readonly<Record<string, readonly Right[]>>;

/** What a restricted actor may do; an actor without rights (admins) is unrestricted. */
export interface ModuleRights {
  readonly table: RightsTable;
  /** Hidden and read-only fields per module (./field-rules.ts); absent: none. */
  readonly fields?: FieldRulesTable;
}

function isRight(value: string): value is Right {
  return (RIGHTS as readonly string[]).includes(value);
}

/** Parses `Module:right,right;*:right`; unknown modules or rights are refused, not ignored. */
export function parseRights(text: string): RightsTable {
  const table: Record<string, Right[]> = {};
  for (const part of text.split(';')) {
    const entry = part.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const module = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const list = colon < 0 ? '' : entry.slice(colon + 1);
    if (module !== ANY_MODULE && findModule(module)?.kind !== 'entity')
      throw new GatewayError('invalid_input', `Rights name an unknown module: ${module}`);
    if (table[module]) throw new GatewayError('invalid_input', `Rights name ${module} twice`);
    const rights = list
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    for (const r of rights) {
      if (!isRight(r))
        throw new GatewayError(
          'invalid_input',
          `Unknown right ${r} for ${module}: use ${RIGHTS.join(', ')}`,
        );
    }
    // Each right implies view, as vtiger's profile editor ties create/edit/delete to view.
    const set = new Set(rights.filter(isRight));
    if (set.size > 0) set.add('view');
    table[module] = RIGHTS.filter((r) => set.has(r));
  }
  if (Object.keys(table).length === 0)
    throw new GatewayError('invalid_input', 'Rights must name at least one module, e.g. *:view');
  return table;
}

export function formatRights(table: RightsTable): string {
  const names = Object.keys(table).sort((a, b) =>
    a === ANY_MODULE ? 1 : b === ANY_MODULE ? -1 : a.localeCompare(b),
  );
  return names.map((m) => `${m}:${(table[m] ?? []).join(',')}`).join(';');
}

/**
 * The union of a role's profiles, as vtiger combines them: per module, a profile that does not
 * name the module lends its `*` rights.
 */
export function mergeRights(tables: readonly RightsTable[]): ModuleRights {
  const table: Record<string, Right[]> = {};
  for (const { name } of entityModules()) {
    const set = new Set<Right>();
    for (const t of tables) for (const r of t[name] ?? t[ANY_MODULE] ?? []) set.add(r);
    table[name] = RIGHTS.filter((r) => set.has(r));
  }
  return { table };
}

/** Whether rights allow `right` on `module`; null/undefined rights are unrestricted. */
export function can(
  rights: ModuleRights | null | undefined,
  module: string,
  right: Right,
): boolean {
  if (!rights) return true;
  return (rights.table[module] ?? []).includes(right);
}

/** The record modules on which rights allow `right` (to filter queries over every module). */
export function modulesWith(rights: ModuleRights, right: Right): string[] {
  return entityModules()
    .map((d) => d.name)
    .filter((m) => can(rights, m, right));
}
