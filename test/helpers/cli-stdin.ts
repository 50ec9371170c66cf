// The gateway command line as an installer scripts it: a data directory of its own with a user
// `jane`, and text on standard input (a secret piped in), the answer parsed as JSON like `cli`
// in ./process.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { cli, ROOT } from './process.js';

/** The environment of CLI runs on a fresh data directory `dir` (removed when the test ends). */
export async function cliWithUser(
  t: ExecutionContext,
  prefix: string,
): Promise<{ env: Record<string, string>; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir, GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1' };
  t.is(
    (await cli(['user', 'create', '--username', 'jane', '--password', 'jane-pass-1'], env)).code,
    0,
  );
  return { env, dir };
}

export function cliWithStdin(
  args: readonly string[],
  env: Record<string, string>,
  input: string,
): Promise<{ code: number | null; json: unknown; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/gateway-cli.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      let json: unknown = null;
      try {
        json = JSON.parse(code === 0 ? out : err);
      } catch {
        json = null;
      }
      resolve({ code, json, stderr: err });
    });
    child.stdin.end(input);
  });
}
