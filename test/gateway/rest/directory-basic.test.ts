// vtenext Basic auth for directory users (gateway/rest/README.md §6: directory users may use
// Basic with their directory password): against a real slapd, the directory password works where
// the access key does not match, a wrong one is a 401 InvalidLoginException.
import test from 'ava';
import { DirectoryService } from '../../../adapters/ldap/directory-service.js';
import { baseConfig } from '../../helpers/directory-fixture.js';
import { requirePeer } from '../../helpers/peers.js';
import { restGateway } from '../../helpers/rest-fixture.js';
import { startSlapd } from '../../helpers/slapd.js';

test('a directory user calls the vtenext API with Basic and the directory password', async (t) => {
  t.timeout(60_000);
  const slapd = await startSlapd();
  if (!requirePeer('slapd', slapd !== null, t) || slapd === null) return;
  t.teardown(() => slapd.stop());
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  // The gateway reads directory settings from the store on every login.
  await new DirectoryService(gw.store, { log: () => undefined }).configure(
    baseConfig(slapd),
    'openldap',
  );
  const call = (user: string, secret: string) =>
    fetch(`${gw.url}/restapi/v1/vtews/listtypes`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` },
    });
  const ok = await call('alice', 'alice-secret');
  t.is(ok.status, 200);
  t.true(((await ok.json()) as { data: { types: string[] } }).data.types.includes('Contacts'));
  const wrong = await call('alice', 'wrong-secret');
  t.is(wrong.status, 401);
  t.like(await wrong.json(), { status: 401, error: 'InvalidLoginException' });
  // Once known, the directory user's access key works too.
  const alice = await gw.store.users.findByUserName('alice');
  t.is((await call('alice', alice?.accessKey ?? '')).status, 200);
});
