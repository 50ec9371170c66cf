// `npm run -s gateway -- whatsapp configure|show` (gateway/whatsapp/README.md §1): the exact
// command line of the issue, secrets from a file, never printed, sealed at rest.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { cli } from '../../helpers/process.js';

test('whatsapp configure prints the id, show hides the secrets, the store keeps them sealed', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-wa-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PASSWORD: 'admin-password-1' };
  const secretFile = path.join(dir, 'app-secret');
  writeFileSync(secretFile, 'the-app-secret-value\n');
  const user = await cli(
    ['user', 'create', '--username', 'agent', '--password', 'agent-password'],
    env,
  );
  t.is(user.code, 0, user.stderr);
  const args = [
    'whatsapp',
    'configure',
    '--phone-number-id',
    '106540352242922',
    '--waba-id',
    '102290129340398',
    '--token',
    'EAAsecretTokenValue',
    '--app-secret-file',
    secretFile,
    '--verify-token',
    'verify-me',
    '--owner',
    'agent',
    '--tickets',
    'false',
  ];
  const configured = await cli(args, env);
  t.is(configured.code, 0, configured.stderr);
  t.deepEqual(configured.json, { id: 1 });
  const again = await cli(args, env);
  t.deepEqual(again.json, { id: 1 }, 'the same phone number id updates its channel');

  const shown = await cli(['whatsapp', 'show'], env);
  t.is(shown.code, 0, shown.stderr);
  t.like((shown.json as unknown[])[0], {
    id: 1,
    phoneNumberId: '106540352242922',
    tickets: false,
    apiVersion: 'v23.0',
    graphUrl: 'https://graph.facebook.com',
    paused: false,
  });
  t.false(JSON.stringify(shown.json).includes('EAAsecretTokenValue'));
  t.false(JSON.stringify(shown.json).includes('the-app-secret-value'));

  const knex = knexFactory({
    client: 'sqlite3',
    connection: { filename: path.join(dir, 'gateway.sqlite') },
    useNullAsDefault: true,
  });
  t.teardown(() => knex.destroy());
  const row = await knex('whatsapp_channels').first<{
    token_sealed: string;
    app_secret_sealed: string;
  }>();
  t.regex(row?.token_sealed ?? '', /^v1:/);
  t.false(JSON.stringify(row).includes('EAAsecretTokenValue'));
  t.false(JSON.stringify(row).includes('the-app-secret-value'));

  const usage = await cli(['whatsapp', 'configure', '--phone-number-id', '1'], env);
  t.is(usage.code, 2);
  const both = await cli([...args, '--token-file', secretFile], env);
  t.is(both.code, 2);
  t.regex(JSON.stringify(both.json), /exclude each other/);
  const badId = await cli(
    ['whatsapp', 'send', '--id', '1', '--to', '123', '--text', 'x', '--template', 'y'],
    env,
  );
  t.is(badId.code, 2);
  t.regex(JSON.stringify(badId.json), /--text, --template or --file, one of them/);
  const unknownType = await cli(
    ['whatsapp', 'send', '--id', '1', '--to', '123', '--file', secretFile],
    env,
  );
  t.is(unknownType.code, 2);
  t.regex(JSON.stringify(unknownType.json), /--mime is needed/);
  const missing = await cli(
    ['whatsapp', 'send', '--id', '1', '--to', '123', '--file', path.join(dir, 'nope.pdf')],
    env,
  );
  t.is(missing.code, 2);
  t.regex(JSON.stringify(missing.json), /--file: .*ENOENT/);
});
