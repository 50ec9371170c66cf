// From a user's directory groups to gateway groups and the admin flag. Only gateway groups named
// in a mapping are managed: memberships an admin gave by hand in other groups stay untouched.
import type { GroupMapping } from './directory-config.js';

export interface MappingDecision {
  /** Every gateway group some mapping names: membership there follows the directory. */
  readonly managedGroups: readonly string[];
  /** The managed groups this user belongs in. */
  readonly wantedGroups: readonly string[];
  /** First directory DN mapped to each wanted group (recorded on groups the sync creates). */
  readonly sourceDn: ReadonlyMap<string, string>;
  /** The admin flag the mappings give; null when no mapping grants admin (flag left alone). */
  readonly admin: boolean | null;
}

/**
 * DNs compare case-insensitively and without the spaces some tools put after commas
 * (RFC 4514 §2 allows neither to change the name for our attribute types). Escaped commas stay.
 */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/(?<!\\)\s*,\s*/g, ',')
    .replace(/\s*=\s*/g, '=')
    .toLowerCase();
}

export function decideMappings(
  mappings: readonly GroupMapping[],
  directoryGroups: readonly string[],
): MappingDecision {
  const member = new Set(directoryGroups.map(normalizeDn));
  const managed = new Set<string>();
  const wanted = new Set<string>();
  const sourceDn = new Map<string, string>();
  let adminManaged = false;
  let admin = false;
  for (const m of mappings) {
    const matches = member.has(normalizeDn(m.directoryGroup));
    if (m.gatewayGroup !== null) {
      managed.add(m.gatewayGroup);
      if (matches) {
        wanted.add(m.gatewayGroup);
        if (!sourceDn.has(m.gatewayGroup)) sourceDn.set(m.gatewayGroup, m.directoryGroup);
      }
    }
    if (m.admin) {
      adminManaged = true;
      admin ||= matches;
    }
  }
  return {
    managedGroups: [...managed],
    wantedGroups: [...wanted],
    sourceDn,
    admin: adminManaged ? admin : null,
  };
}
