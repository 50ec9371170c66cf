// Directory → gateway users, all at once: a paged search (RFC 2696) of every user under the user
// base, each created or refreshed with its mapped groups, and ldap users no longer found
// deactivated (never deleted: they own records). One exchange-log row per run.
import type { Store } from '../../store/store.js';
import {
  deactivateMissingDirectoryUsers,
  type DirectoryUserRef,
} from '../../store/users/directory-users.js';
import { applyPerson } from './apply-person.js';
import type { DirectoryConfig } from './directory-config.js';
import { endpointOf, withServiceSession, type DirectorySession } from './directory-client.js';
import { normalizeDn } from './group-mapping.js';

export interface DirectorySyncReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deactivated: number;
  /** Group memberships added or removed. */
  readonly groups: number;
  /** Entries that could not become gateway users (see problems). */
  readonly failed: number;
  readonly problems: readonly string[];
}

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  groups: number;
  failed: number;
  problems: string[];
  seenIds: Set<string>;
  seenDns: Set<string>;
}

const MAX_PROBLEMS = 50;

function problem(tally: Tally, text: string): void {
  tally.failed += 1;
  if (tally.problems.length < MAX_PROBLEMS) tally.problems.push(text);
}

async function syncPeople(
  session: DirectorySession,
  store: Store,
  tally: Tally,
  signal?: AbortSignal,
): Promise<void> {
  for await (const person of session.people()) {
    signal?.throwIfAborted();
    tally.seenDns.add(normalizeDn(person.dn));
    if (person.id !== null) tally.seenIds.add(person.id);
    const groups = await session.groupsOf(person);
    const outcome = await applyPerson(store, session.config, person, groups);
    if (outcome.kind === 'refused') {
      problem(tally, outcome.reason);
      continue;
    }
    tally[outcome.kind] += 1;
    tally.groups += outcome.groupChanges;
  }
}

function stillPresent(tally: Tally): (u: DirectoryUserRef) => boolean {
  return (u) =>
    (u.directoryId !== null && tally.seenIds.has(u.directoryId)) ||
    (u.directoryDn !== null && tally.seenDns.has(normalizeDn(u.directoryDn)));
}

async function deactivate(store: Store, tally: Tally): Promise<number> {
  // An empty result is far more likely a wrong base, filter or permission than a directory
  // without users; deactivating everybody on that evidence would lock the whole team out.
  if (tally.seenDns.size === 0) {
    problem(
      tally,
      'the directory returned no users: nobody was deactivated (check userBase, userFilter and the service account rights)',
    );
    return 0;
  }
  return (await deactivateMissingDirectoryUsers(store.db.knex, stillPresent(tally))).length;
}

function report(tally: Tally, deactivated: number): DirectorySyncReport {
  const { created, updated, unchanged, groups, failed, problems } = tally;
  return { created, updated, unchanged, deactivated, groups, failed, problems };
}

export async function runDirectorySync(
  store: Store,
  config: DirectoryConfig,
  signal?: AbortSignal,
): Promise<DirectorySyncReport> {
  const tally: Tally = {
    created: 0,
    updated: 0,
    unchanged: 0,
    groups: 0,
    failed: 0,
    problems: [],
    seenIds: new Set(),
    seenDns: new Set(),
  };
  const logId = await store.exchangeLog.start('ldap', 'inbound', endpointOf(config).where);
  try {
    await withServiceSession(config, (s) => syncPeople(s, store, tally, signal));
    const result = report(tally, await deactivate(store, tally));
    const counts = {
      created: result.created,
      updated: result.updated,
      deleted: result.deactivated,
      failed: result.failed,
    };
    const error = result.failed > 0 ? result.problems.join('\n') : null;
    await store.exchangeLog.finish(
      logId,
      result.failed > 0 ? 'partial' : 'ok',
      counts,
      error,
      JSON.stringify(result),
    );
    return result;
  } catch (err) {
    const counts = { created: tally.created, updated: tally.updated, failed: tally.failed };
    await store.exchangeLog.finish(
      logId,
      'error',
      counts,
      err instanceof Error ? err.message : String(err),
    );
    throw err;
  }
}
