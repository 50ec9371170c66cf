import test from 'ava';
import path from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfig, unsafeSettings } from '../../gateway/config.js';

test('defaults', (t) => {
  const c = loadConfig({}, '/srv/app');
  t.is(c.host, '127.0.0.1');
  t.is(c.port, 8080);
  t.is(c.dataDir, path.resolve('/srv/app', 'data'));
  t.is(c.databaseUrl, null);
  t.is(c.adminUser, 'admin');
  t.is(c.adminPassword, null);
  t.deepEqual(c.outboundAllowHosts, []);
  t.true(Object.isFrozen(c));
});

test('each invalid variable stops the start with a message naming it', (t) => {
  const cases: [Record<string, string>, string][] = [
    [{ GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT'],
    [{ GATEWAY_PORT: '70000' }, 'GATEWAY_PORT'],
    [{ GATEWAY_DATABASE_URL: 'mysql://x@y/z' }, 'GATEWAY_DATABASE_URL'],
    [{ GATEWAY_DATABASE_URL: 'not a url' }, 'GATEWAY_DATABASE_URL'],
    [{ GATEWAY_LOG_LEVEL: 'loud' }, 'GATEWAY_LOG_LEVEL'],
    [{ GATEWAY_ADMIN_PASSWORD: 'short' }, 'GATEWAY_ADMIN_PASSWORD'],
    [{ GATEWAY_ADMIN_USER: 'bad user' }, 'GATEWAY_ADMIN_USER'],
    [{ GATEWAY_JOBS_ENABLED: 'maybe' }, 'GATEWAY_JOBS_ENABLED'],
    [{ GATEWAY_HOST: 'a b' }, 'GATEWAY_HOST'],
    [{ GATEWAY_ADMIN_PASSWORD_FILE: '/nonexistent/secret' }, 'GATEWAY_ADMIN_PASSWORD_FILE'],
  ];
  for (const [env, variable] of cases) {
    const err = t.throws(() => loadConfig(env), { instanceOf: ConfigError });
    t.is(err?.variable, variable);
    t.true(err?.message.startsWith(`${variable}: `));
    t.false(err?.message.includes('\n'));
  }
});

test('secrets from *_FILE, allow list, unsafe settings', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cfg-'));
  const file = path.join(dir, 'pw');
  writeFileSync(file, 'from-a-file-123\n');
  const c = loadConfig({
    GATEWAY_ADMIN_PASSWORD_FILE: file,
    GATEWAY_OUTBOUND_ALLOW_HOSTS: ' 127.0.0.1, LocalHost ,',
    GATEWAY_HOST: '0.0.0.0',
  });
  t.is(c.adminPassword, 'from-a-file-123');
  t.deepEqual(c.outboundAllowHosts, ['127.0.0.1', 'localhost']);
  const warnings = unsafeSettings(c);
  t.is(warnings.length, 2);
  t.regex(warnings.join('\n'), /GATEWAY_HOST/);
  t.regex(warnings.join('\n'), /GATEWAY_OUTBOUND_ALLOW_HOSTS/);
  t.deepEqual(unsafeSettings(loadConfig({})), []);
});
