// Directory sync: paged search of all users, upsert with group mappings, deactivation of ldap
// users gone from the directory, one exchange-log row per run, and the 'directory.sync' job.
import test from 'ava';
import { registerDirectorySync } from '../../../adapters/ldap/directory-service.js';
import { JobWorker } from '../../../store/jobs/worker.js';
import { directoryFixture } from '../../helpers/directory-fixture.js';

test('sync creates every directory user, deactivates the deleted one, who then cannot log in', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({
    groupMappings: [{ directoryGroup: s.groupDn('sales'), gatewayGroup: 'Sales', admin: false }],
  }));
  if (!f) return;
  const { store } = f.ts;
  await store.users.create({ userName: 'local-only', password: 'local-password' });

  const first = await f.service.sync();
  t.like(first, { created: 3, updated: 0, deactivated: 0, groups: 2, failed: 0 });
  const names = (await store.users.list())
    .filter((u) => u.authSource === 'ldap')
    .map((u) => u.userName)
    .sort();
  t.deepEqual(names, ['alice', 'bob', 'carol']);
  const sales = (await store.groups.list()).find((g) => g.name === 'Sales');
  t.is(sales?.memberIds.length, 2);

  await f.slapd.setAttribute('bob', 'sn', 'Brewer');
  await f.slapd.deleteUser('carol');
  const second = await f.service.sync();
  t.like(second, { created: 0, updated: 1, unchanged: 1, deactivated: 1, failed: 0 });
  t.is((await store.users.findByUserName('carol'))?.status, 'Inactive');
  t.is((await store.users.findByUserName('bob'))?.lastName, 'Brewer');
  t.is(
    (await store.users.findByUserName('local-only'))?.status,
    'Active',
    'local users are never deactivated by sync',
  );
  t.is(await f.service.authenticate('carol', 'carol-secret'), null);

  const log = await store.exchangeLog.list({ system: 'ldap' });
  t.is(log.length, 2);
  t.like(log[0], {
    direction: 'inbound',
    status: 'ok',
    created: 0,
    updated: 1,
    deleted: 1,
    failed: 0,
    error: null,
  });
  t.like(log[1], { status: 'ok', created: 3 });
});

test('an empty directory result deactivates nobody and is reported', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  await f.service.sync();
  await f.service.configure({
    userFilter: '(&(objectClass=inetOrgPerson)(uid={{username}})(employeeType=none))',
  });
  const result = await f.service.sync();
  t.like(result, { deactivated: 0, failed: 1 });
  t.regex(result.problems[0] ?? '', /nobody was deactivated/);
  t.is((await f.ts.store.users.list()).filter((u) => u.status === 'Inactive').length, 0);
  t.like((await f.ts.store.exchangeLog.list({ system: 'ldap' }))[0], { status: 'partial' });
});

test('a sync that cannot reach the directory records an error row and throws unavailable', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, () => ({ timeoutMs: 1500 }));
  if (!f) return;
  await f.slapd.stop();
  await t.throwsAsync(f.service.sync(), { message: /connection refused/ });
  t.like((await f.ts.store.exchangeLog.list({ system: 'ldap' }))[0], { status: 'error' });
});

test("registerDirectorySync declares 'directory.sync'; it syncs when enabled and does nothing when disabled", async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  const { store } = f.ts;
  const worker = new JobWorker(store.jobs, { onError: () => undefined });
  t.teardown(() => worker.stop());
  const job = await registerDirectorySync(worker, f.service, 900);
  t.like(job, { name: 'directory.sync', schedule: { kind: 'interval', seconds: 900 } });
  t.regex(job.description, /LDAP \/ Active Directory/);

  await store.jobs.runNow('directory.sync');
  t.is(await worker.runOnce(), 1);
  t.is((await store.users.list()).length, 4, 'admin + three directory users');

  await f.service.configure({ enabled: false });
  await f.slapd.deleteUser('alice');
  await store.jobs.runNow('directory.sync');
  t.is(await worker.runOnce(), 1);
  t.is(
    (await store.users.findByUserName('alice'))?.status,
    'Active',
    'disabled: the job did nothing',
  );
  t.like(await store.jobs.get('directory.sync'), { status: 'ok', lastError: null });
});
