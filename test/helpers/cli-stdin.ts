// The gateway command line with text on its standard input (a secret an installer pipes in),
// parsed as JSON like `cli` in ./process.ts.
import { spawn } from 'node:child_process';
import { ROOT } from './process.js';

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
