// The command line of roles and profiles exactly as installers script it (README.md "Command
// line"): profile create/list, role create/list with --parent, user create --role, user set-role;
// bad rights are usage errors and a missing profile or role changes nothing.
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/process.js';

test('profile, role and user commands print JSON and assign roles', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-roles-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };

  const profile = await cli(
    ['profile', 'create', '--name', 'Sales', '--rights', 'Contacts:view,create,edit,delete;*:view'],
    env,
  );
  t.is(profile.code, 0, profile.stderr);
  t.like(profile.json, { name: 'Sales', rights: 'Contacts:view,create,edit,delete;*:view' });

  const bad = await cli(['profile', 'create', '--name', 'Bad', '--rights', 'Contacts:read'], env);
  t.is(bad.code, 2);
  t.like(bad.json, { error: 'usage' });

  const profiles = await cli(['profile', 'list'], env);
  t.deepEqual(
    (profiles.json as { name: string; rights: string }[]).map((p) => [p.name, p.rights]),
    [
      ['Default', '*:view,create,edit,delete'],
      ['Sales', 'Contacts:view,create,edit,delete;*:view'],
    ],
  );

  const manager = await cli(['role', 'create', '--name', 'Manager', '--profile', 'Default'], env);
  t.is(manager.code, 0, manager.stderr);
  const rep = await cli(
    ['role', 'create', '--name', 'Rep', '--profile', 'Sales', '--parent', 'Manager'],
    env,
  );
  t.like(rep.json, { name: 'Rep', parent: 'Manager', profiles: ['Sales'], users: 0 });
  const orphan = await cli(['role', 'create', '--name', 'X', '--profile', 'Nope'], env);
  t.is(orphan.code, 1);
  t.like(orphan.json, { error: 'not_found' });

  const jane = await cli(
    ['user', 'create', '--username', 'jane', '--password', 'jane-password', '--role', 'Rep'],
    env,
  );
  t.is(jane.code, 0, jane.stderr);
  const noRole = await cli(
    ['user', 'create', '--username', 'joe', '--password', 'joe-password', '--role', 'Nope'],
    env,
  );
  t.like(noRole.json, { error: 'not_found' });
  const set = await cli(['user', 'set-role', '--username', 'jane', '--role', 'Manager'], env);
  t.like(set.json, { username: 'jane', role: 'Manager' });

  const roles = await cli(['role', 'list'], env);
  t.deepEqual(
    (roles.json as { name: string; parent: string | null; users: number }[]).map((r) => [
      r.name,
      r.parent,
      r.users,
    ]),
    [
      ['Default', null, 0],
      ['Manager', null, 1],
      ['Rep', 'Manager', 0],
    ],
  );
  const sharing = await cli(['sharing', 'list'], env);
  t.like(
    (sharing.json as { module: string; access: string }[]).find((m) => m.module === 'Events'),
    { access: 'private' },
  );
  const opened = await cli(['sharing', 'set', '--module', 'Events', '--access', 'public_rw'], env);
  t.like(opened.json, { module: 'Events', access: 'public_rw' });
  const wrong = await cli(['sharing', 'set', '--module', 'Users', '--access', 'private'], env);
  t.is(wrong.code, 2);

  const users = await cli(['user', 'list'], env);
  t.deepEqual(
    (users.json as { username: string; role: string | null }[]).map((u) => [u.username, u.role]),
    [['jane', 'Manager']],
  );
});

test('profile set-fields and fields: hidden and read-only fields per module', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-fields-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };
  const profile = await cli(['profile', 'create', '--name', 'Sales', '--rights', '*:view'], env);
  t.is(profile.code, 0, profile.stderr);

  const set = await cli(
    [
      'profile',
      'set-fields',
      '--name',
      'Sales',
      '--module',
      'Contacts',
      '--hidden',
      'mobile,email',
      '--readonly',
      'title',
    ],
    env,
  );
  t.is(set.code, 0, set.stderr);
  t.deepEqual(set.json, {
    name: 'Sales',
    module: 'Contacts',
    hidden: ['mobile', 'email'],
    readonly: ['title'],
  });
  const mandatory = await cli(
    ['profile', 'set-fields', '--name', 'Sales', '--module', 'Contacts', '--hidden', 'lastname'],
    env,
  );
  t.is(mandatory.code, 2);
  t.like(mandatory.json, { error: 'usage' });
  const missing = await cli(
    ['profile', 'set-fields', '--name', 'Nope', '--module', 'Contacts', '--hidden', 'mobile'],
    env,
  );
  t.like(missing.json, { error: 'not_found' });

  const shown = await cli(['profile', 'fields', '--name', 'Sales'], env);
  t.deepEqual(shown.json, {
    name: 'Sales',
    fields: { Contacts: { hidden: ['email', 'mobile'], readonly: ['title'] } },
  });
  const cleared = await cli(
    ['profile', 'set-fields', '--name', 'Sales', '--module', 'Contacts'],
    env,
  );
  t.is(cleared.code, 0, cleared.stderr);
  t.deepEqual((await cli(['profile', 'fields', '--name', 'Sales'], env)).json, {
    name: 'Sales',
    fields: {},
  });
});
