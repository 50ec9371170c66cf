// The "Calendar links" console page, for administrators: add a link, test it (discovery
// in plain words), sync now, see its status and counts, delete it. Non-admins are refused. The
// command line does the same: `caldav-link create|list|test|sync|delete` prints JSON. OAuth links are
// authorised from the page (RFC 6749 §4.1) against a local provider stub.
import test from 'ava';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BridgeLease } from '../../../store/bridges/lease.js';
import { cli, ROOT } from '../../helpers/process.js';
import { gatewayBridge, makeCalendar, radicale, remote, stopRadicale, vevent } from './fixture.js';
import { startStubDav } from './stub-dav.js';

test.after.always(stopRadicale);

test('admins add, test, sync and delete calendar links in the console', async (t) => {
  t.timeout(60_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const cal = await makeCalendar(rad.url, 'console');
    await remote.put(
      `${cal}c.ics`,
      vevent('c@console', [
        'DTSTART:20420101T100000Z',
        'DTEND:20420101T110000Z',
        'SUMMARY:Console pulled',
      ]),
    );
    const admin = new ConsoleClient(gw.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const listPage = await admin.get('/console/caldav-links');
    t.is(listPage.status, 200);
    const html = await listPage.text();
    t.regex(html, /Calendar links/);
    const csrf = ConsoleClient.csrfOf(html);
    const bad = await admin.post('/console/caldav-links', {
      _csrf: csrf,
      userId: String(jane.id),
      kind: 'caldav',
      url: 'not a url',
    });
    t.is(bad.status, 303);
    t.is(
      (await gw.store.db.knex('bridge_links').count<{ n: number }[]>({ n: '*' }))[0]?.n,
      0,
      'bad input stores nothing',
    );
    const added = await admin.post('/console/caldav-links', {
      _csrf: csrf,
      userId: String(jane.id),
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'secret',
      calendarUrl: cal,
    });
    t.is(added.status, 303);
    const [row] = await gw.store.db
      .knex('bridge_links')
      .select<{ id: number; secrets: string }[]>('id', 'secrets');
    t.truthy(row);
    t.false(row?.secrets.includes('secret:') ?? true);
    const tested = await admin.post(`/console/caldav-links/${row?.id}/test`, { _csrf: csrf });
    t.is(tested.status, 200);
    t.regex(await tested.text(), /can be linked/);
    const synced = await admin.post(`/console/caldav-links/${row?.id}/sync`, { _csrf: csrf });
    t.is(synced.status, 303);
    const after = await (await admin.get('/console/caldav-links')).text();
    t.regex(after, /in \+1 ~0 −0; out \+0 ~0 −0; conflicts 0/);
    t.false(after.includes('value="secret"'), 'the password is never shown back');
    t.is(
      (
        await gw.store.db
          .knex('crm_entities')
          .where({ module: 'Events', label: 'Console pulled' })
          .count<{ n: number }[]>({ n: '*' })
      )[0]?.n,
      1,
    );
    t.regex(
      await (await admin.get('/console/jobs')).text(),
      /caldav-bridge\.sync/,
      'the sync job is in the jobs panel',
    );
    t.regex(
      await (await admin.get('/console/exchange')).text(),
      /caldav-bridge/,
      'the run is in the exchange log',
    );
    const deleted = await admin.post(`/console/caldav-links/${row?.id}/delete`, { _csrf: csrf });
    t.is(deleted.status, 303);
    t.is((await gw.store.db.knex('bridge_links').count<{ n: number }[]>({ n: '*' }))[0]?.n, 0);

    const user = new ConsoleClient(gw.url);
    await user.login('jane', 'jane-password-1');
    t.is((await user.get('/console/caldav-links')).status, 403);
  } finally {
    await gw.dispose();
  }
});

test('caldav-link create, list, test and sync from the command line', async (t) => {
  t.timeout(90_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  const env = {
    GATEWAY_DATA_DIR: gw.dataDir,
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    GATEWAY_LOG_LEVEL: 'silent',
  };
  try {
    await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const cal = await makeCalendar(rad.url, 'cli');
    await remote.put(
      `${cal}x.ics`,
      vevent('x@cli', [
        'DTSTART:20430101T100000Z',
        'DTEND:20430101T110000Z',
        'SUMMARY:From CLI sync',
      ]),
    );
    const created = await cli(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--url',
        `${rad.url}/`,
        '--username',
        'alice',
        '--password',
        'secret',
      ],
      env,
    );
    t.is(created.code, 0, created.stderr);
    const id = (created.json as { id: number }).id;
    t.true(Number.isInteger(id));
    t.false(JSON.stringify(created.json).includes('secret"'));
    const tested = await cli(['caldav-link', 'test', '--id', String(id)], env);
    t.is(tested.code, 0, tested.stderr);
    t.true((tested.json as { ok: boolean }).ok);
    const synced = await cli(['caldav-link', 'sync', '--id', String(id)], env);
    t.is(synced.code, 0, synced.stderr);
    t.like(synced.json, { id, ok: true, pulledCreated: 1 });
    const listed = await cli(['caldav-link', 'list'], env);
    t.is((listed.json as { id: number; lastError: string | null }[]).length, 1);
    const missing = await cli(
      [
        'caldav-link',
        'create',
        '--user',
        'nobody',
        '--url',
        `${rad.url}/`,
        '--username',
        'a',
        '--password',
        'b',
      ],
      env,
    );
    t.not(missing.code, 0);
    const noPassword = await cli(
      ['caldav-link', 'create', '--user', 'jane', '--url', `${rad.url}/`, '--username', 'a'],
      env,
    );
    t.not(noPassword.code, 0);
    t.regex(noPassword.stderr, /password is required/);
  } finally {
    await gw.dispose();
  }
});

/** The command line with `input` on its standard input. */
function cliWithInput(
  args: readonly string[],
  env: Record<string, string>,
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['scripts/gateway-cli.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
  proc.stdin.end(input);
  return new Promise((resolve) =>
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

test('caldav-link create reads secrets from a file or standard input; sync of a busy link says so with exit code 1', async (t) => {
  t.timeout(90_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  const env = {
    GATEWAY_DATA_DIR: gw.dataDir,
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    GATEWAY_LOG_LEVEL: 'silent',
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-secret-'));
  try {
    await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const bridge = gatewayBridge(gw);
    const file = path.join(dir, 'password');
    writeFileSync(file, 'from-a-file\n', { mode: 0o600 });
    const fromFile = await cli(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--url',
        'http://127.0.0.1:9/',
        '--username',
        'alice',
        '--password-file',
        file,
      ],
      env,
    );
    t.is(fromFile.code, 0, fromFile.stderr);
    const fileId = (fromFile.json as { id: number }).id;
    t.deepEqual(await bridge.links.secrets(fileId), { password: 'from-a-file' });
    const fromStdin = await cliWithInput(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--kind',
        'google',
        '--email',
        'jane@example.com',
        '--client-id',
        'c1',
        '--client-secret',
        '-',
        '--refresh-token-file',
        file,
      ],
      env,
      'client-secret-on-stdin\n',
    );
    t.is(fromStdin.code, 0, fromStdin.stderr);
    const stdinId = (JSON.parse(fromStdin.stdout) as { id: number }).id;
    t.like(await bridge.links.secrets(stdinId), {
      clientSecret: 'client-secret-on-stdin',
      refreshToken: 'from-a-file',
    });
    // Bad secret input: a clear usage error, and no link is created.
    const before = (await bridge.links.list()).length;
    const both = await cli(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--url',
        'http://127.0.0.1:9/',
        '--username',
        'a',
        '--password',
        'x',
        '--password-file',
        file,
      ],
      env,
    );
    t.is(both.code, 2);
    t.regex(both.stderr, /--password and --password-file exclude each other/);
    const missing = await cli(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--url',
        'http://127.0.0.1:9/',
        '--username',
        'a',
        '--password-file',
        path.join(dir, 'nope'),
      ],
      env,
    );
    t.is(missing.code, 2);
    t.regex(missing.stderr, /ENOENT/);
    const empty = await cliWithInput(
      [
        'caldav-link',
        'create',
        '--user',
        'jane',
        '--url',
        'http://127.0.0.1:9/',
        '--username',
        'a',
        '--password',
        '-',
      ],
      env,
      '\n',
    );
    t.is(empty.code, 2);
    t.regex(empty.stderr, /empty secret/);
    t.is((await bridge.links.list()).length, before);

    // Another process holds the link's lease: the command waits briefly, then reports busy with exit code 1.
    t.true(
      await new BridgeLease(gw.store.db.knex).take(fileId, 'other-replica:1', Date.now(), 120_000),
    );
    const busy = await cli(['caldav-link', 'sync', '--id', String(fileId)], env);
    t.is(busy.code, 1);
    t.like(busy.json, { error: 'conflict' });
    t.regex(
      busy.stderr,
      /CalDAV link \d+ is busy: another sync of it is running \(other-replica:1/,
    );
    t.is((await bridge.links.mustGet(fileId)).lastError, null, 'a busy link is not marked failed');
  } finally {
    await gw.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an OAuth link is authorised from the console: code exchanged, refresh token stored, state bound to the session', async (t) => {
  t.timeout(60_000);
  const stub = await startStubDav({ syncToken: true, bearer: true });
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const admin = new ConsoleClient(gw.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const csrf = await admin.csrf('/console/caldav-links');
    await admin.post('/console/caldav-links', {
      _csrf: csrf,
      userId: String(jane.id),
      kind: 'oauth',
      url: `${stub.url}/dav/`,
      authUrl: `${stub.url}/authorize`,
      tokenUrl: `${stub.url}/token`,
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      scopes: 'calendar',
    });
    const [row] = await gw.store.db.knex('bridge_links').select<{ id: number }[]>('id');
    const id = row?.id ?? 0;
    const start = await admin.post(`/console/caldav-links/${id}/authorize`, { _csrf: csrf });
    t.is(start.status, 303);
    const to = new URL(start.headers.get('location') ?? '');
    t.is(to.origin + to.pathname, `${stub.url}/authorize`);
    t.like(Object.fromEntries(to.searchParams), {
      response_type: 'code',
      client_id: 'client-1',
      scope: 'calendar',
      access_type: 'offline',
    });
    const approved = await fetch(to, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    // Another admin session cannot use this answer.
    const other = new ConsoleClient(gw.url);
    await other.login('admin', ADMIN_PASSWORD);
    await other.get(back.pathname + back.search);
    t.is(stub.tokenRequests.length, 0, 'a foreign session does not exchange the code');
    const done = await admin.get(back.pathname + back.search);
    t.is(done.status, 303);
    t.is(stub.tokenRequests[0]?.get('grant_type'), 'authorization_code');
    t.regex(await (await admin.get('/console/caldav-links')).text(), /is authorised/);
    const bridge = gatewayBridge(gw);
    t.like(await bridge.links.secrets(id), { refreshToken: 'rt-1', accessToken: 'at-1' });
    const synced = await bridge.syncNow(id);
    t.true(synced.ok, synced.error ?? '');
    t.true(stub.auth.every((a) => a === 'Bearer at-1'));
  } finally {
    await gw.dispose();
    await stub.close();
  }
});
