// A directory entry becomes a gateway user: the mapped attributes, the groups the mappings give,
// and the admin flag. Shared by login (one entry) and sync (all of them) so both agree.
import type { Store } from '../../store/store.js';
import {
  applyDirectoryUser,
  type DirectoryIdentity,
  type DirectoryUserOutcome,
} from '../../store/users/directory-users.js';
import type { DirectoryConfig } from './directory-config.js';
import type { DirectoryPerson } from './entry.js';
import { decideMappings } from './group-mapping.js';

/** The identity to store, or why the entry cannot be a gateway user. */
export function identityOf(
  person: DirectoryPerson,
  config: DirectoryConfig,
): DirectoryIdentity | string {
  if (person.login === null) return `${person.dn} has no ${config.loginAttribute}`;
  return {
    dn: person.dn,
    directoryId: person.id,
    userName: person.login,
    firstName: person.firstName,
    // last_name is mandatory in the CRM; an entry without a surname shows its login instead.
    lastName: person.lastName ?? person.login,
    email: person.email,
  };
}

export async function applyPerson(
  store: Store,
  config: DirectoryConfig,
  person: DirectoryPerson,
  groups: readonly string[],
): Promise<DirectoryUserOutcome> {
  const who = identityOf(person, config);
  if (typeof who === 'string') return { kind: 'refused', reason: who };
  const decision = decideMappings(config.groupMappings, groups);
  return applyDirectoryUser(
    store.db.knex,
    who,
    { managed: decision.managedGroups, wanted: decision.wantedGroups, sourceDn: decision.sourceDn },
    decision.admin,
  );
}
