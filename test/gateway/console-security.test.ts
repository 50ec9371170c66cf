import test from 'ava';
import { nowUtc } from '../../store/db.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway, type TestGateway } from '../helpers/gateway.js';

async function gateway(
  t: { teardown(fn: () => Promise<void>): void },
  env: Record<string, string> = {},
): Promise<TestGateway> {
  const gw = await startTestGateway(env);
  t.teardown(() => gw.dispose());
  return gw;
}

test('login sets a new HttpOnly SameSite session; logout ends it', async (t) => {
  const gw = await gateway(t);
  const c = new ConsoleClient(gw.url);
  t.is(
    (await c.get('/console/jobs')).headers.get('location'),
    '/console/login?next=%2Fconsole%2Fjobs',
  );
  c.cookies.set('gw_session', 'attacker-chosen-session-value-aaaaaaaaaaaaaaa');
  const res = await c.login('admin', ADMIN_PASSWORD);
  t.is(res.status, 303);
  const cookie = res.headers.getSetCookie().find((l) => l.startsWith('gw_session=')) ?? '';
  t.regex(cookie, /httponly/i);
  t.regex(cookie, /samesite=strict/i);
  t.regex(cookie, /path=\/console/i);
  t.not(
    c.cookies.get('gw_session'),
    'attacker-chosen-session-value-aaaaaaaaaaaaaaa',
    'no session fixation',
  );
  const stored = await gw.store.db.knex('console_sessions').select('id_hash');
  t.is(stored.length, 1);
  t.not(stored[0].id_hash, c.cookies.get('gw_session'), 'only a hash of the token is stored');
  t.is((await c.get('/console')).status, 200);
  const token = c.cookies.get('gw_session') as string;
  t.is((await c.post('/console/logout', { _csrf: await c.csrf() })).status, 303);
  c.cookies.set('gw_session', token);
  t.is((await c.get('/console')).status, 303, 'the old cookie no longer works');
});

test('every POST needs the CSRF token and a same-site origin', async (t) => {
  const gw = await gateway(t);
  const c = new ConsoleClient(gw.url);
  await c.login('admin', ADMIN_PASSWORD);
  const csrf = await c.csrf('/console/users');
  const form = { username: 'mallory', password: 'mallory-pass', last_name: 'M' };
  t.is((await c.post('/console/users', form)).status, 403);
  t.is((await c.post('/console/users', { ...form, _csrf: 'x'.repeat(32) })).status, 403);
  t.is(
    (await c.post('/console/users', { ...form, _csrf: csrf }, { origin: 'https://evil.example' }))
      .status,
    403,
  );
  t.is(await gw.store.users.findByUserName('mallory'), null, 'nothing was created');
  t.is((await c.post('/console/users', { ...form, _csrf: csrf }, { origin: gw.url })).status, 303);
  t.truthy(await gw.store.users.findByUserName('mallory'));
  // the login form is protected too (double-submit cookie)
  const anon = new ConsoleClient(gw.url);
  await anon.get('/console/login');
  t.is(
    (await anon.post('/console/login', { username: 'admin', password: ADMIN_PASSWORD })).status,
    403,
  );
});

test('security headers forbid framing and inline script', async (t) => {
  const gw = await gateway(t);
  const res = await new ConsoleClient(gw.url).get('/console/login');
  t.regex(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  t.regex(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  t.is(res.headers.get('x-frame-options'), 'DENY');
  t.is(res.headers.get('x-content-type-options'), 'nosniff');
  t.is(res.headers.get('cache-control'), 'no-store');
});

test('lockout after repeated failures; the right password is refused while locked', async (t) => {
  const gw = await gateway(t, { GATEWAY_LOGIN_MAX_FAILURES: '3' });
  await gw.store.users.create({ userName: 'bob', password: 'bob-password' });
  const c = new ConsoleClient(gw.url);
  for (let i = 0; i < 3; i++) t.is((await c.login('bob', 'wrong-password')).status, 401);
  const locked = await c.login('bob', 'bob-password');
  t.is(locked.status, 429);
  t.regex(await locked.text(), /Too many failed logins/);
  t.is(c.cookies.get('gw_session'), undefined);
  await gw.store.db.knex('login_failures').del();
  t.is((await c.login('bob', 'bob-password')).status, 303);
});

test('idle sessions expire; deactivated users are logged out', async (t) => {
  const gw = await gateway(t, { GATEWAY_CONSOLE_IDLE_MINUTES: '1' });
  await gw.store.users.create({ userName: 'eve', password: 'eve-password' });
  const c = new ConsoleClient(gw.url);
  await c.login('admin', ADMIN_PASSWORD);
  t.is((await c.get('/console')).status, 200);
  await gw.store.db
    .knex('console_sessions')
    .update({ last_seen_at: nowUtc(new Date(Date.now() - 120_000)) });
  t.is((await c.get('/console')).status, 303, 'idle for two minutes with a one-minute timeout');

  const e = new ConsoleClient(gw.url);
  await e.login('eve', 'eve-password');
  t.is((await e.get('/console')).status, 200);
  const eve = await gw.store.users.findByUserName('eve');
  await gw.store.users.update(eve?.id as number, { status: 'Inactive' });
  t.is((await e.get('/console')).status, 303);
});

test('non-admins see the dashboard with their own records but not the admin pages', async (t) => {
  const gw = await gateway(t);
  const sam = await gw.store.users.create({ userName: 'sam', password: 'sam-password' });
  const admin = (await gw.store.users.actor(1))!;
  const samActor = (await gw.store.users.actor(sam.id))!;
  await gw.store.sharing.set('Leads', 'private');
  await gw.store.records.create(admin, 'Leads', { values: { lastname: 'Admin lead' } });
  await gw.store.records.create(samActor, 'Leads', { values: { lastname: 'Sam lead' } });
  const c = new ConsoleClient(gw.url);
  await c.login('sam', 'sam-password');
  const dash = await (await c.get('/console')).text();
  t.regex(dash, /data-module="Leads">1</);
  t.notRegex(dash, /href="\/console\/jobs"/, 'admin pages are not in the navigation');
  for (const path of [
    '/console/jobs',
    '/console/users',
    '/console/recycle-bin',
    '/console/exchange',
    '/console/directory',
  ]) {
    t.is((await c.get(path)).status, 403, path);
  }
  t.is(
    (await c.post('/console/jobs/maintenance.sessions/run', { _csrf: await c.csrf() })).status,
    403,
  );
  t.is((await c.get('/console/fields')).status, 200);
  t.is((await c.get('/console/about')).status, 200);
});

test('user data is escaped in pages', async (t) => {
  const gw = await gateway(t);
  await gw.store.users.create({
    userName: 'xss',
    password: 'xss-password',
    lastName: '<script>alert(1)</script>',
    email: null,
  });
  const admin = (await gw.store.users.actor(1))!;
  const acc = await gw.store.records.create(admin, 'Accounts', {
    values: { accountname: '<img src=x onerror=alert(1)>' },
  });
  await gw.store.recycleBin.delete(admin, 'Accounts', acc.id);
  const c = new ConsoleClient(gw.url);
  await c.login('admin', ADMIN_PASSWORD);
  const users = await (await c.get('/console/users')).text();
  t.false(users.includes('<script>alert(1)</script>'));
  t.true(users.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  const bin = await (await c.get('/console/recycle-bin?module=Accounts')).text();
  t.false(bin.includes('<img src=x'));
  t.true(bin.includes('&lt;img src=x onerror=alert(1)&gt;'));
  const next = await (await c.get('/console/login?next=https://evil.example/')).text();
  t.false(next.includes('evil.example'));
});
