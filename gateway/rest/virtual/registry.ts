// The virtual modules of the webservice and their id prefixes. Prefixes share one space with the
// module registry (store/modules/registry.ts) and are published, so they never change: Rss 41,
// RssArticles 42. A name or prefix that collides with a registry module stops the process at
// start rather than shadowing that module.
import type { GatewayError } from '../../../store/errors.js';
import { findModule, MODULES } from '../../../store/modules/registry.js';
import { parseWsId, formatId } from '../ws-ids.js';
import type { QueryScope } from '../vtql/to-record-query.js';
import { wsError } from '../ws-errors.js';
import { Rss, RssArticles } from './rss-modules.js';
import type { VirtualModule } from './virtual-module.js';

export const VIRTUAL_MODULES: readonly VirtualModule[] = Object.freeze([Rss, RssArticles]);

const byName = new Map(VIRTUAL_MODULES.map((m) => [m.name, m]));
const byPrefix = new Map(VIRTUAL_MODULES.map((m) => [m.idPrefix, m]));

function checkRegistry(): void {
  const names = new Set(MODULES.map((m) => m.name));
  const prefixes = new Set(MODULES.map((m) => m.idPrefix));
  if (byName.size !== VIRTUAL_MODULES.length || byPrefix.size !== VIRTUAL_MODULES.length)
    throw new Error('virtual modules: duplicate name or id prefix');
  for (const m of VIRTUAL_MODULES) {
    if (names.has(m.name) || prefixes.has(m.idPrefix))
      throw new Error(
        `virtual module ${m.name}: name or id prefix ${m.idPrefix} is a registry module's`,
      );
  }
}
checkRegistry();

/** By elementType / FROM name; case-sensitive as every module name (gateway/rest/README.md §3). */
export function findVirtualModule(name: string): VirtualModule | null {
  return byName.get(name) ?? null;
}

export interface VirtualTarget {
  readonly module: VirtualModule;
  readonly id: number;
  readonly text: string;
}

/** A ws id of a virtual module's record, or null for any other text (left to the entity path). */
export function virtualTarget(idText: unknown): VirtualTarget | null {
  const parsed = parseWsId(idText);
  const module = parsed ? byPrefix.get(parsed.prefix) : undefined;
  return parsed && module
    ? { module, id: parsed.id, text: formatId(parsed.prefix, parsed.id) }
    : null;
}

/** What VTQL compiles against: references may point to virtual modules or registry ones. */
export function virtualScope(module: VirtualModule): QueryScope {
  return {
    idPrefix: module.idPrefix,
    fields: module.fields,
    prefixOf: (name) => byName.get(name)?.idPrefix ?? findModule(name)?.idPrefix,
  };
}

/** The answer to create/update/revise/delete and every other operation a virtual module lacks. */
export function readOnly(module: VirtualModule): GatewayError {
  return wsError(
    'ACCESS_DENIED',
    `Permission to perform the operation is denied: ${module.name} is read-only (listtypes, describe, query and retrieve only)`,
  );
}
