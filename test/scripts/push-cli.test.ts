// `push subject` (gateway/push/README.md §1): a subject push services accept is stored, one they
// reject (localhost, not mailto:/https:) is a usage error that stores nothing; the VAPID key it
// prints is the one the REST endpoint serves.
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/process.js';

test('push subject refuses localhost, stores a mailto: and keeps one key pair', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cli-push-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };
  const bad = await cli(['push', 'subject', '--set', 'https://localhost/'], env);
  t.is(bad.code, 2, bad.stderr);
  t.regex(bad.stderr, /localhost/);
  const none = await cli(['push', 'status'], env);
  t.like(none.json, { subject: null, queued: 0 });
  const set = await cli(['push', 'subject', '--set', 'mailto:ops@example.org'], env);
  t.is(set.code, 0, set.stderr);
  const shown = await cli(['push', 'subject'], env);
  t.like(shown.json, { subject: 'mailto:ops@example.org' });
  t.is(
    (shown.json as { publicKey: string }).publicKey,
    (set.json as { publicKey: string }).publicKey,
  );
});
