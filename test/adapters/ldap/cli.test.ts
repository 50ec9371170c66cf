// `directory configure|test|sync|show` as an operator runs them: real processes, JSON output,
// the bind password never printed.
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/process.js';
import { requirePeer } from '../../helpers/peers.js';
import { startSlapd } from '../../helpers/slapd.js';

function dataDir(t: ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cli-ldap-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('directory configure / show print JSON with the password masked; bad settings and usage are errors', async (t) => {
  t.timeout(90_000);
  const env = { GATEWAY_DATA_DIR: dataDir(t) };
  const configured = await cli(
    [
      'directory',
      'configure',
      '--url',
      'ldaps://dc.corp.example',
      '--bind-dn',
      'svc-crm@corp.example',
      '--bind-password',
      'S3cret-bind',
      '--user-base',
      'DC=corp,DC=example',
      '--preset',
      'ad',
      '--map-group',
      'CN=CRM Admins,OU=Groups,DC=corp,DC=example=>:admin',
      '--map-group',
      'CN=Sales,OU=Groups,DC=corp,DC=example=>Sales Team',
    ],
    env,
  );
  t.is(configured.code, 0, configured.stderr);
  t.like(configured.json, {
    enabled: true,
    bindPassword: '********',
    loginAttribute: 'sAMAccountName',
    useMemberOf: true,
    attributes: { id: 'objectGUID' },
  });
  t.deepEqual((configured.json as { groupMappings: unknown }).groupMappings, [
    {
      directoryGroup: 'CN=CRM Admins,OU=Groups,DC=corp,DC=example',
      gatewayGroup: null,
      admin: true,
    },
    {
      directoryGroup: 'CN=Sales,OU=Groups,DC=corp,DC=example',
      gatewayGroup: 'Sales Team',
      admin: false,
    },
  ]);

  const shown = await cli(['directory', 'show'], env);
  t.is(shown.code, 0, shown.stderr);
  t.like(shown.json, { url: 'ldaps://dc.corp.example', bindPassword: '********', caCert: null });
  t.false(JSON.stringify(shown.json).includes('S3cret-bind'));

  const bad = await cli(['directory', 'configure', '--start-tls'], env);
  t.is(bad.code, 1);
  t.like(bad.json, { error: 'invalid_input' });
  t.regex((bad.json as { message: string }).message, /^startTls: .*already encrypted/);

  const usage = await cli(['directory', 'configure', '--map-group', 'no-arrow'], env);
  t.is(usage.code, 2);
  t.like(usage.json, { error: 'usage' });

  const disabled = await cli(['directory', 'configure', '--disable'], env);
  t.like(disabled.json, {
    enabled: false,
    url: 'ldaps://dc.corp.example',
    bindPassword: '********',
  });
});

test('directory configure + test + sync against slapd', async (t) => {
  t.timeout(90_000);
  const slapd = await startSlapd();
  if (!requirePeer('slapd', slapd !== null, t) || slapd === null) return;
  t.teardown(() => slapd.stop());
  const dir = dataDir(t);
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, slapd.caCert);
  const env = { GATEWAY_DATA_DIR: dir };

  const configured = await cli(
    [
      'directory',
      'configure',
      '--url',
      slapd.url,
      '--bind-dn',
      slapd.adminDn,
      '--bind-password',
      slapd.adminPassword,
      '--user-base',
      slapd.peopleBase,
      '--group-base',
      slapd.groupBase,
      '--start-tls',
      '--ca-file',
      caFile,
      '--preset',
      'openldap',
      '--map-group',
      `${slapd.groupDn('sales')}=>Sales`,
    ],
    env,
  );
  t.is(configured.code, 0, configured.stderr);
  t.like(configured.json, {
    enabled: true,
    startTls: true,
    caCert: { subject: 'CN=127.0.0.1' },
    loginAttribute: 'uid',
  });

  const tested = await cli(['directory', 'test', '--user', 'bob'], env);
  t.is(tested.code, 0, tested.stderr);
  t.like(tested.json, { ok: true });
  t.is((tested.json as { steps: unknown[] }).steps.length, 5);

  const synced = await cli(['directory', 'sync'], env);
  t.is(synced.code, 0, synced.stderr);
  t.like(synced.json, { created: 3, deactivated: 0, groups: 2, failed: 0 });
});
