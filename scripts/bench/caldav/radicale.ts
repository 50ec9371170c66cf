// Radicale (Debian), the reference CalDAV server, started on a free loopback port: for the
// benchmark and the cross-check tests. `prepare` may fill the storage folder before it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Radicale {
  readonly url: string;
  /** The filesystem storage folder (collection-root lives under it). */
  readonly storage: string;
  /** The server process's CPU time (user + system) so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startRadicale(
  python: string,
  prepare?: (storage: string) => void,
): Promise<Radicale> {
  const dir = mkdtempSync(path.join(tmpdir(), 'radicale-'));
  const storage = path.join(dir, 'collections');
  mkdirSync(storage);
  prepare?.(storage);
  writeFileSync(path.join(dir, 'users'), 'alice:secret\n');
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'radicale.conf'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${dir}/users`,
      'htpasswd_encryption = plain',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${storage}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    python,
    ['-m', 'radicale', '--config', path.join(dir, 'radicale.conf')],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    rmSync(dir, { recursive: true, force: true });
  };
  const cpuMicros = async (): Promise<number> => {
    // proc(5): utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks
    // (USER_HZ, 100 on Linux); the command name (field 2) is in parentheses and may hold spaces.
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  };
  for (let i = 0; i < 60; i++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return { url, storage, cpuMicros, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await stop();
  throw new Error('Radicale did not start');
}
