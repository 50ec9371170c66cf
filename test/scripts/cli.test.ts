import test from 'ava';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accessKeyBox } from '../../gateway/access-key-box.js';
import { loadConfig } from '../../gateway/config.js';
import { ConsoleSessionRepository } from '../../store/console-sessions.js';
import { openStore } from '../../store/store.js';
import { WebserviceSessionRepository } from '../../store/webservice-sessions.js';
import { cli, listeningPort, runGateway } from '../helpers/process.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gw-cli-'));
}

test('user create / reset-password / regenerate-access-key print JSON', async (t) => {
  t.timeout(90_000);
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };
  const created = await cli(
    [
      'user',
      'create',
      '--username',
      'jane',
      '--password',
      'jane-password',
      '--admin',
      '--access-key',
      'JaneAccessKey12345',
    ],
    env,
  );
  t.is(created.code, 0, created.stderr);
  t.like(created.json, { username: 'jane', accessKey: 'JaneAccessKey12345' });
  t.regex((created.json as { id: string }).id, /^\d+$/);

  const dup = await cli(
    ['user', 'create', '--username', 'jane', '--password', 'jane-password'],
    env,
  );
  t.is(dup.code, 1);
  t.like(dup.json, { error: 'conflict' });

  const usage = await cli(['user', 'create', '--username', 'x'], env);
  t.is(usage.code, 2);
  t.like(usage.json, { error: 'usage' });

  // Opened as the command line opens it: access keys are sealed with the data directory's key.
  const store = await openStore(
    { kind: 'sqlite', file: path.join(dir, 'gateway.sqlite'), busyTimeoutMs: 5000 },
    accessKeyBox(loadConfig(env, dir)),
  );
  t.teardown(() => store.close());
  // Sessions jane opened with her old password and access key.
  const janeId = Number((created.json as { id: string }).id);
  const consoleSessions = new ConsoleSessionRepository(store.db.knex, {
    idleMs: 3_600_000,
    absoluteMs: 3_600_000,
  });
  const consoleSession = (await consoleSessions.create(janeId, null, null)).token;
  const ws = new WebserviceSessionRepository(store.db.knex, {
    lifeMs: 3_600_000,
    idleMs: 3_600_000,
    touchEveryMs: 60_000,
  });
  const wsSession = await ws.create(janeId);

  const reset = await cli(
    ['user', 'reset-password', '--username', 'jane', '--password', 'new-password-1'],
    env,
  );
  t.like(reset.json, { username: 'jane', passwordReset: true });
  t.is(await consoleSessions.touch(consoleSession), null, 'the reset ended her console sessions');
  t.like(await ws.check(wsSession), { ok: true }, 'but not her webservice sessions');
  const key = await cli(['user', 'regenerate-access-key', '--username', 'jane'], env);
  const accessKey = (key.json as { accessKey: string }).accessKey;
  t.not(accessKey, 'JaneAccessKey12345');
  t.like(await ws.check(wsSession), { ok: false }, 'the new key ended her webservice sessions');

  t.truthy(await store.users.verifyPassword('jane', 'new-password-1'));
  t.is((await store.users.findByUserName('jane'))?.accessKey, accessKey);
  t.true((await store.users.findByUserName('jane'))?.isAdmin);
  const missing = await cli(
    ['user', 'reset-password', '--username', 'nobody', '--password', 'whatever-123'],
    env,
  );
  t.like(missing.json, { error: 'not_found' });
});

test('backup while the gateway runs; restore refused while it runs, then brings the data back', async (t) => {
  t.timeout(120_000);
  const dir = tempDir();
  const backups = tempDir();
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(backups, { recursive: true, force: true });
  });
  const env = {
    GATEWAY_DATA_DIR: dir,
    GATEWAY_PORT: '0',
    GATEWAY_ADMIN_PASSWORD: 'admin-password',
  };
  const server = runGateway(env);
  t.teardown(() => server.kill());
  await server.waitFor('gateway listening');
  t.is((await fetch(`http://127.0.0.1:${listeningPort(server.stdout())}/healthz`)).status, 200);

  t.is(
    (await cli(['user', 'create', '--username', 'before', '--password', 'before-pass'], env)).code,
    0,
  );
  const file = path.join(backups, 'one.sqlite');
  const backup = await cli(['backup', '--to', file], env);
  t.is(backup.code, 0, backup.stderr);
  t.like(backup.json, { file });
  t.true(existsSync(file));
  t.like(
    (await cli(['backup', '--to', file], env)).json,
    { error: 'conflict' },
    'never overwrites a file',
  );

  t.is(
    (await cli(['user', 'create', '--username', 'after', '--password', 'after-pass'], env)).code,
    0,
  );
  const refused = await cli(['restore', '--from', file], env);
  t.is(refused.code, 1);
  t.regex(JSON.stringify(refused.json), /is running/);

  server.proc.kill('SIGTERM');
  t.is((await server.exited).code, 0);

  const junk = path.join(backups, 'junk.sqlite');
  writeFileSync(junk, 'this is not a database');
  const bad = await cli(['restore', '--from', junk], env);
  t.like(bad.json, { error: 'invalid_input' });
  const users = await cli(['user', 'list'], env);
  t.deepEqual(
    (users.json as { username: string }[]).map((u) => u.username),
    ['admin', 'before', 'after'],
    'a refused restore changed nothing',
  );

  const restored = await cli(['restore', '--from', file], env);
  t.is(restored.code, 0, restored.stderr);
  const after = await cli(['user', 'list'], env);
  t.deepEqual(
    (after.json as { username: string }[]).map((u) => u.username),
    ['admin', 'before'],
  );
});
