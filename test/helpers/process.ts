// Runs the gateway and its command line as real child processes, as an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Child {
  readonly proc: ChildProcess;
  /** Signals the child's whole process group (npm and the node it started, say). */
  kill(signal?: NodeJS.Signals): void;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exited>;
  /** Resolves when stdout or stderr contains the text (rejects after timeoutMs or on exit). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export function run(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd = ROOT,
): Child {
  // Its own process group, so that a test can always take down everything it started.
  const proc = spawn(command, [...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<Exited>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })),
  );
  const waitFor = (text: string | RegExp, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const matches = (): boolean =>
        typeof text === 'string' ? (out + err).includes(text) : text.test(out + err);
      if (matches()) return resolve();
      const timer = setTimeout(
        () => done(new Error(`timed out waiting for ${String(text)}; output:\n${out}\n${err}`)),
        timeoutMs,
      );
      const check = (): void => {
        if (matches()) done();
      };
      const done = (e?: Error): void => {
        clearTimeout(timer);
        listeners.delete(check);
        if (e) reject(e);
        else resolve();
      };
      listeners.add(check);
      void exited.then(() =>
        matches()
          ? done()
          : done(new Error(`process exited before ${String(text)}; output:\n${out}\n${err}`)),
      );
    });
  const kill = (signal: NodeJS.Signals = 'SIGKILL'): void => {
    if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // already gone
    }
  };
  return { proc, kill, stdout: () => out, stderr: () => err, exited, waitFor };
}

const live = new Set<ChildProcess>();
// A failed assertion must not leave servers running (ava would wait for them forever).
process.on('exit', () => {
  for (const proc of live) {
    try {
      if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** The gateway from its TypeScript sources. */
export function runGateway(env: Record<string, string>): Child {
  return run(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], env);
}

/** `npm run -s gateway -- …` equivalent, parsed as JSON. */
export async function cli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; json: unknown; stderr: string }> {
  const child = run(process.execPath, ['scripts/gateway-cli.mjs', ...args], env);
  const result = await child.exited;
  let json: unknown = null;
  try {
    json = JSON.parse(result.code === 0 ? result.stdout : result.stderr);
  } catch {
    json = null;
  }
  return { code: result.code, json, stderr: result.stderr };
}

export function listeningPort(output: string): number {
  const m = /"port":(\d+)/.exec(output);
  if (!m) throw new Error(`no port in output:\n${output}`);
  return Number(m[1]);
}
