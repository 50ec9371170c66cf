// When the directory cannot be used: an untrusted certificate, a stopped or hung server. Login
// then throws 'unavailable' in plain words within the configured timeout, and local users,
// the administrator included, still log in. Also the connection test page data.
import test, { type ExecutionContext } from 'ava';
import { GatewayError } from '../../../store/errors.js';
import { directoryFixture } from '../../helpers/directory-fixture.js';

async function unavailable(
  t: ExecutionContext,
  work: Promise<unknown>,
  message: RegExp,
): Promise<void> {
  const err = await t.throwsAsync(work, { instanceOf: GatewayError, message });
  t.is((err as GatewayError | undefined)?.kind, 'unavailable');
}

test('StartTLS with a CA that did not sign the server certificate: "certificate" error, no login', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({ caCert: s.otherCaCert }));
  if (!f) return;
  await unavailable(t, f.service.authenticate('alice', 'alice-secret'), /certificate not trusted/);
  t.is(await f.ts.store.users.findByUserName('alice'), null);
  const report = await f.service.test();
  t.false(report.ok);
  t.like(report.steps[0], { step: 'connect', ok: true });
  t.like(report.steps[1], { step: 'tls', ok: false });
  t.regex(report.steps[1]?.message ?? '', /certificate not trusted/);
  t.like(report.steps[2], { step: 'bind', ok: false, message: 'not run (an earlier step failed)' });
});

test('LDAPS with the wrong CA: "certificate" error, no login', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({
    url: s.ldapsUrl,
    startTls: false,
    caCert: s.otherCaCert,
  }));
  if (!f) return;
  await unavailable(t, f.service.authenticate('alice', 'alice-secret'), /certificate not trusted/);
  t.regex((await f.service.test()).steps[1]?.message ?? '', /certificate not trusted/);
});

test('slapd stopped mid-test: unavailable at once, in plain words; the local admin still logs in', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, () => ({ timeoutMs: 1500 }));
  if (!f) return;
  t.truthy(await f.service.authenticate('alice', 'alice-secret'));
  await f.slapd.stop();
  const started = Date.now();
  await unavailable(
    t,
    f.service.authenticate('alice', 'alice-secret'),
    /^connection refused by 127\.0\.0\.1:\d+: is the directory server running/,
  );
  t.true(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  t.truthy(await f.ts.store.users.verifyPassword('admin', 'admin-password-1'));
  t.is(
    await f.ts.store.users.verifyPassword('alice', 'alice-secret'),
    null,
    'directory users need the directory',
  );
});

test('slapd hung (SIGSTOP): unavailable after the timeout, bounded; works again once it resumes', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, () => ({ timeoutMs: 1500 }));
  if (!f) return;
  f.slapd.pause();
  const started = Date.now();
  await unavailable(
    t,
    f.service.authenticate('alice', 'alice-secret'),
    /did not answer within 1500 ms/,
  );
  const took = Date.now() - started;
  t.true(took >= 1400 && took < 4000, `took ${took} ms`);
  t.truthy(await f.ts.store.users.verifyPassword('admin', 'admin-password-1'));
  f.slapd.resume();
  t.truthy(await f.service.authenticate('alice', 'alice-secret'));
});

test('connection test reports each step: all good, with a sample user and its mapping', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({
    groupMappings: [{ directoryGroup: s.groupDn('sales'), gatewayGroup: 'Sales', admin: false }],
  }));
  if (!f) return;
  const report = await f.service.test('alice');
  t.true(report.ok, JSON.stringify(report));
  t.deepEqual(
    report.steps.map((s) => s.step),
    ['connect', 'tls', 'bind', 'search', 'user'],
  );
  t.regex(report.steps[1]?.message ?? '', /StartTLS negotiated/);
  t.regex(report.steps[2]?.message ?? '', /bound as cn=admin/);
  t.regex(
    report.steps[4]?.message ?? '',
    /found uid=alice,ou=people,dc=example,dc=org.*gateway groups: Sales/,
  );
  const missing = await f.service.test('zelda');
  t.like(missing.steps[4], { step: 'user', ok: false });
  t.false(missing.ok);
});

test('connection test: bad service password and a missing user base are named', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, () => ({ bindPassword: 'wrong' }));
  if (!f) return;
  const badBind = await f.service.test();
  t.like(badBind.steps[2], { step: 'bind', ok: false });
  t.regex(
    badBind.steps[2]?.message ?? '',
    /refused the service account cn=admin,dc=example,dc=org: wrong bind DN or password/,
  );
  await unavailable(
    t,
    f.service.authenticate('alice', 'alice-secret'),
    /refused the service account/,
  );

  await f.service.configure({
    bindPassword: f.slapd.adminPassword,
    userBase: 'ou=nowhere,dc=example,dc=org',
  });
  const badBase = await f.service.test();
  t.like(badBase.steps[3], {
    step: 'search',
    ok: false,
    message: 'the base DN does not exist in the directory',
  });
  t.like(badBase.steps[2], { step: 'bind', ok: true });

  await f.service.configure({ url: 'ldap://127.0.0.1:9' });
  const refused = await f.service.test();
  t.like(refused.steps[0], { step: 'connect', ok: false });
  t.regex(refused.steps[0]?.message ?? '', /connection refused/);
});

test('plain LDAP without TLS still works but the test warns about clear-text passwords', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, () => ({ startTls: false, caCert: null }));
  if (!f) return;
  const report = await f.service.test();
  t.true(report.ok);
  t.regex(report.steps[1]?.message ?? '', /clear text/);
  t.truthy(await f.service.authenticate('bob', 'bob-secret'));
});
