// A gateway started on a fresh data directory keeps it private: the directory 0700, the
// database, its -wal and -shm files, the secret key and a backup 0600, even under umask 022
// (store/file-modes.ts, README "Security").
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { backupSqlite } from '../../store/backup.js';
import { startTestGateway } from '../helpers/gateway.js';

const modeOf = (file: string): number => statSync(file).mode & 0o777;

test('the data directory is 0700 and the database, its companions and a backup are 0600', async (t) => {
  t.timeout(30_000);
  const previous = process.umask(0o022);
  t.teardown(() => process.umask(previous));
  const root = mkdtempSync(path.join(tmpdir(), 'gw-modes-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'fresh', 'data');
  const gw = await startTestGateway({}, {}, dataDir);
  try {
    t.is(modeOf(dataDir).toString(8), '700');
    const files = readdirSync(dataDir).filter((f) => /\.(db|sqlite)(-wal|-shm)?$|\.key$/.test(f));
    t.true(
      files.some((f) => f.endsWith('-wal')),
      files.join(','),
    );
    t.true(
      files.some((f) => f.endsWith('-shm')),
      files.join(','),
    );
    for (const f of files) t.is(modeOf(path.join(dataDir, f)).toString(8), '600', f);
    const backup = path.join(root, 'backup.db');
    await backupSqlite(gw.store.db, backup);
    t.is(modeOf(backup).toString(8), '600', 'backup');
  } finally {
    await gw.dispose();
  }
});
