// A real HAProxy from Debian (scripts/test-peers.sh) in front of gateway replicas, as the README's
// "Several replicas" section sets it up: round robin, no stickiness, health checks on /readyz, a
// connection refused by a replica that is going away is retried on another (nothing was sent).
// Everything listens on loopback only.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, type Child } from '../process.js';

export const HAPROXY = '/usr/sbin/haproxy';

export function haproxyInstalled(): boolean {
  return existsSync(HAPROXY);
}

export interface Haproxy {
  readonly url: string;
  /** Per-server state from the stats page: name → UP, DOWN, MAINT … */
  states(): Promise<Map<string, string>>;
  /** Requests each server was sent so far (the stats page's `stot`): name → count. */
  served(): Promise<Map<string, number>>;
  /** Resolves once the servers named are all in the given state (rejects after timeoutMs). */
  waitFor(state: 'UP' | 'DOWN', names: readonly string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function haproxyConfig(
  port: number,
  statsPort: number,
  backends: readonly { name: string; port: number }[],
): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 120s',
    '  timeout server 120s',
    // Only a failed connect is retried: the request never reached a replica, so it is safe.
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure',
    'frontend gateway',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 250ms fastinter 100ms downinter 250ms fall 1 rise 2',
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`),
    'frontend stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
}

export async function startHaproxy(
  port: number,
  statsPort: number,
  backends: readonly { name: string; port: number }[],
): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, statsPort, backends));
  // -db: foreground, no daemon, so the test owns the process and its output.
  const child: Child = run(HAPROXY, ['-db', '-f', file], {});
  // The CSV columns of HAProxy's stats page: 7 is stot (sessions), 17 is status.
  const column = async (index: number): Promise<Map<string, string>> => {
    const res = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`);
    const text = await res.text();
    const out = new Map<string, string>();
    for (const line of text.split('\n')) {
      const cols = line.split(',');
      if (cols[0] === 'replicas' && cols[1] !== 'BACKEND' && cols[1] !== 'FRONTEND' && cols[1])
        out.set(cols[1], cols[index] ?? '');
    }
    return out;
  };
  const states = (): Promise<Map<string, string>> => column(17);
  const served = async (): Promise<Map<string, number>> =>
    new Map([...(await column(7))].map(([name, n]) => [name, Number(n)]));
  const waitFor = async (
    state: 'UP' | 'DOWN',
    names: readonly string[],
    timeoutMs = 30_000,
  ): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last = new Map<string, string>();
    while (Date.now() < deadline) {
      try {
        last = await states();
        if (names.every((n) => (last.get(n) ?? '').startsWith(state))) return;
      } catch {
        // not listening yet
      }
      if (child.proc.exitCode !== null) throw new Error(`haproxy exited: ${child.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `haproxy: ${names.join(', ')} not ${state} after ${timeoutMs} ms: ${JSON.stringify([...last])}`,
    );
  };
  return {
    url: `http://127.0.0.1:${port}`,
    states,
    served,
    waitFor,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([child.exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
