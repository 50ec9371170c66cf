// A DirectoryService over a fresh SQLite store, pointed at a fresh slapd (test/helpers/slapd.ts):
// StartTLS with the slapd certificate pinned, the rootdn as service account, group search on.
import type { ExecutionContext } from 'ava';
import type { DirectoryPreset } from '../../adapters/ldap/directory-config.js';
import { DirectoryService } from '../../adapters/ldap/directory-service.js';
import type { DirectoryConfigInput } from '../../adapters/ldap/directory-settings.js';
import { requirePeer } from './peers.js';
import { startSlapd, type Slapd } from './slapd.js';
import { sqliteStore, type TestStore } from './store.js';

export interface DirectoryFixture {
  readonly slapd: Slapd;
  readonly ts: TestStore;
  readonly service: DirectoryService;
  /** Reasons the service logged for refused logins. */
  readonly refusals: string[];
}

export function baseConfig(slapd: Slapd): DirectoryConfigInput {
  return {
    enabled: true,
    url: slapd.url,
    startTls: true,
    caCert: slapd.caCert,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    userBase: slapd.peopleBase,
    groupBase: slapd.groupBase,
    timeoutMs: 3000,
  };
}

/**
 * Starts slapd and a store, configures the service (base config ← preset openldap ← change), and
 * registers teardown. Null (test passed as skipped) when slapd is missing outside CI.
 */
export async function directoryFixture(
  t: ExecutionContext,
  change: (s: Slapd) => DirectoryConfigInput = () => ({}),
  preset: DirectoryPreset = 'openldap',
): Promise<DirectoryFixture | null> {
  const slapd = await startSlapd();
  if (!requirePeer('slapd', slapd !== null, t) || slapd === null) return null;
  t.teardown(() => slapd.stop());
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const refusals: string[] = [];
  const service = new DirectoryService(ts.store, {
    log: (_m, d) => refusals.push(String(d['reason'])),
  });
  await service.configure({ ...baseConfig(slapd), ...change(slapd) }, preset);
  return { slapd, ts, service, refusals };
}
