// The parent side of scripts/bench/bench-server.ts: forks the gateway into its own Node process
// (under tsx, optionally with `node --cpu-prof`), waits for its URL, and reads its CPU time so
// each scenario can print CPU per request of the server alone.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchServerReply, BenchServerRequest, BenchServerSpec } from './bench-server.js';

const SCRIPT = fileURLToPath(new URL('./bench-server.ts', import.meta.url));

export interface BenchServer {
  readonly url: string;
  readonly intake: string | null;
  readonly pid: number;
  /** CPU time (user + system) the server process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  count(module: string): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILL, no graceful stop: for tests of what survives a crash. */
  kill(): Promise<void>;
}

function ask<T extends BenchServerReply['type']>(
  child: ChildProcess,
  request: BenchServerRequest,
  type: T,
): Promise<Extract<BenchServerReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: BenchServerReply): void => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as Extract<BenchServerReply, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`bench server exited (${String(code)}) before answering ${type}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

export async function startBenchServer(
  spec: BenchServerSpec,
  options: { readonly cpuProfDir?: string } = {},
): Promise<BenchServer> {
  const execArgv = ['--import', 'tsx'];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const child = fork(SCRIPT, [JSON.stringify(spec)], { execArgv, stdio: 'inherit' });
  const ready = await new Promise<Extract<BenchServerReply, { type: 'ready' }>>(
    (resolve, reject) => {
      child.on('message', (reply: BenchServerReply) => {
        if (reply.type === 'ready') resolve(reply);
      });
      child.once('exit', (code) => reject(new Error(`bench server exited (${String(code)})`)));
    },
  );
  return {
    url: ready.url,
    intake: ready.intake,
    pid: child.pid ?? 0,
    cpuMs: async () => {
      const r = await ask(child, { type: 'cpu' }, 'cpu');
      return (r.userUs + r.systemUs) / 1000;
    },
    count: async (module) => (await ask(child, { type: 'count', module }, 'count')).count,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
