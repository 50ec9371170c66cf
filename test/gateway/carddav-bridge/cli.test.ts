// `carddav-link create|test|sync|list|delete` as an admin runs it, against Radicale: JSON out,
// the password from a file (never in the output), the direction kept, bad input refused.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/process.js';
import { makeBook, radicale, remote, stopRadicale, vcard } from './fixture.js';

test.after.always(stopRadicale);

test('carddav-link create, test, sync, list and delete print JSON', async (t) => {
  t.timeout(120_000);
  const rad = await radicale(t);
  if (!rad) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cardlink-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir, GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1' };
  const book = await makeBook(rad.url, 'cli-book');
  await remote.put(`${book}k.vcf`, vcard('k', ['FN:Kim Cli', 'N:Cli;Kim;;;']));
  const user = await cli(
    ['user', 'create', '--username', 'jane', '--password', 'jane-pass-1'],
    env,
  );
  t.is(user.code, 0, user.stderr);
  const pw = path.join(dir, 'pw');
  writeFileSync(pw, 'secret\n');

  const bad = await cli(
    [
      'carddav-link',
      'create',
      '--user',
      'jane',
      '--url',
      book,
      '--username',
      'alice',
      '--password-file',
      pw,
      '--direction',
      'sideways',
    ],
    env,
  );
  t.is(bad.code, 1);
  t.like(bad.json, { error: 'invalid_input' });

  const created = await cli(
    [
      'carddav-link',
      'create',
      '--user',
      'jane',
      '--url',
      book,
      '--remote-user',
      'alice',
      '--password-file',
      pw,
      '--direction',
      'from-remote',
    ],
    env,
  );
  t.is(created.code, 0, created.stderr);
  t.like(created.json, {
    id: 1,
    kind: 'carddav',
    url: book,
    username: 'alice',
    direction: 'from-remote',
  });
  t.false(JSON.stringify(created.json).includes('secret'));

  const tested = await cli(['carddav-link', 'test', '--id', '1'], env);
  t.is(tested.code, 0, tested.stderr);
  t.like(tested.json, { ok: true });

  const synced = await cli(['carddav-link', 'sync', '--id', '1'], env);
  t.is(synced.code, 0, synced.stderr);
  t.like(synced.json, { id: 1, ok: true, pulledCreated: 1, pushedCreated: 0 });

  const listed = await cli(['carddav-link', 'list', '--user', 'jane'], env);
  t.is(listed.code, 0, listed.stderr);
  t.like((listed.json as unknown[])[0], { id: 1, firstSyncDone: true, addressBookUrl: book });

  const deleted = await cli(['carddav-link', 'delete', '--id', '1'], env);
  t.is(deleted.code, 0, deleted.stderr);
  t.deepEqual(deleted.json, { id: 1, deleted: true });
  const none = await cli(['carddav-link', 'list'], env);
  t.deepEqual(none.json, []);
});
