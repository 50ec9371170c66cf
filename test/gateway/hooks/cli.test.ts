// `hook create|list|delete|dead-letters|redeliver|schedule` (gateway/hooks/README.md §4), run as
// an operator runs them: a child process on the data directory, JSON on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { loadConfig } from '../../../gateway/config.js';
import { HookService } from '../../../gateway/hooks/service.js';
import { accessKeyBox } from '../../../gateway/access-key-box.js';
import { openStore } from '../../../store/store.js';
import { cli } from '../../helpers/process.js';

test('hook commands manage subscriptions and dead letters', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-hook-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PASSWORD: 'admin-password-1' };
  const user = await cli(
    ['user', 'create', '--username', 'ops', '--password', 'ops-password-1', '--admin'],
    env,
  );
  t.is(user.code, 0, user.stderr);

  const bad = await cli(
    [
      'hook',
      'create',
      '--user',
      'ops',
      '--url',
      'https://example.com/h',
      '--event',
      'nope',
      '--module',
      'Contacts',
    ],
    env,
  );
  t.is(bad.code, 1);
  t.regex(JSON.stringify(bad.json), /event must be one of/);
  const created = await cli(
    [
      'hook',
      'create',
      '--user',
      'ops',
      '--url',
      'https://example.com/h',
      '--event',
      'created',
      '--module',
      'Contacts',
      '--filter',
      "lastname = 'x'",
    ],
    env,
  );
  t.is(created.code, 0, created.stderr);
  const { id, secret } = created.json as { id: string; secret: string };
  t.regex(secret, /^whsec_/);
  const listed = await cli(['hook', 'list', '--user', 'ops'], env);
  t.like((listed.json as object[])[0], {
    id,
    event: 'created',
    module: 'Contacts',
    filter: "lastname = 'x'",
  });
  t.false(JSON.stringify(listed.json).includes('whsec_'));

  // A dead letter, made as the delivery loop makes one, then queued again from the command line.
  const config = loadConfig(env, dir);
  const store = await openStore(
    { kind: 'sqlite', file: path.join(dir, 'gateway.sqlite'), busyTimeoutMs: 5000 },
    accessKeyBox(config),
  );
  t.teardown(() => store.close());
  const hooks = new HookService(store, config);
  const at = await hooks.outbox.position();
  if (at === null) return t.fail();
  await hooks.outbox.append(at, at, [
    {
      seq: 1,
      variant: 0,
      module: 'Contacts',
      recordId: 1,
      event: 'created',
      occurredAt: '2026-01-01 00:00:00.000',
      payload: '{}',
      subscriptionIds: [Number(id)],
    },
  ]);
  await hooks.outbox.bury(Number(id), 'test');
  const dead = await cli(['hook', 'dead-letters', '--user', 'ops'], env);
  const letters = dead.json as { id: number; status: string }[];
  t.is(letters.length, 1);
  const again = await cli(
    ['hook', 'redeliver', '--user', 'ops', '--id', String(letters[0]?.id)],
    env,
  );
  t.is(again.code, 0, again.stderr);
  t.is((await hooks.outbox.get(letters[0]?.id ?? 0))?.status, 'pending');
  t.is((await cli(['hook', 'redeliver', '--id', '99999', '--user', 'ops'], env)).code, 1);

  const schedule = await cli(['hook', 'schedule', '--delays', '1s, 1m', '--for', '2h'], env);
  t.deepEqual(schedule.json, { delaysMs: [1000, 60_000], windowMs: 7_200_000 });
  t.is((await cli(['hook', 'schedule', '--delays', 'soon', '--for', '2h'], env)).code, 1);
  t.is(await store.settings.get('hooks.retry_schedule', ''), '1s, 1m');

  t.is((await cli(['hook', 'delete', '--user', 'ops', '--id', id], env)).code, 0);
  t.deepEqual((await cli(['hook', 'list', '--user', 'ops'], env)).json, []);
});
