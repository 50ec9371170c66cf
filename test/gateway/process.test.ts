import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listeningPort, run, runGateway } from '../helpers/process.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gw-proc-'));
}

test('first start prints generated admin credentials once; SIGTERM stops cleanly', async (t) => {
  t.timeout(90_000);
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: '',
    GATEWAY_ADMIN_ACCESS_KEY: '',
  };
  const first = runGateway(env);
  t.teardown(() => first.kill());
  await first.waitFor('gateway listening');
  await first.waitFor('Store these now');
  t.regex(first.stdout(), /Administrator created: user admin, password \S+, access key \S+/);
  const port = listeningPort(first.stdout());
  t.is((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  first.proc.kill('SIGTERM');
  const exited = await first.exited;
  t.is(exited.code, 0);
  t.regex(exited.stdout, /gateway stopped/);

  const second = runGateway(env);
  t.teardown(() => second.kill());
  await second.waitFor('gateway listening');
  t.notRegex(second.stdout(), /Administrator created/);
  second.proc.kill('SIGTERM');
  t.is((await second.exited).code, 0);
});

test('invalid configuration stops the start with one line naming the variable', async (t) => {
  t.timeout(60_000);
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, value] of [
    ['GATEWAY_PORT', 'http'],
    ['GATEWAY_DATABASE_URL', 'mysql://localhost/db'],
  ] as const) {
    const child = runGateway({ GATEWAY_DATA_DIR: dir, [name]: value });
    t.teardown(() => child.kill());
    const exited = await child.exited;
    t.is(exited.code, 1);
    const lines = exited.stderr.trim().split('\n');
    t.is(lines.length, 1, exited.stderr);
    t.true(lines[0]?.startsWith(`gateway: invalid configuration: ${name}: `), lines[0]);
  }
});

test('npm start compiles with tsc and serves /healthz from dist/', async (t) => {
  t.timeout(240_000);
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const child = run('npm', ['start', '--silent'], {
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: 'a-password-123',
  });
  t.teardown(() => child.kill());
  await child.waitFor('gateway listening', 200_000);
  const port = listeningPort(child.stdout());
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.is(res.status, 200);
  child.kill('SIGTERM');
  await child.exited;
});
