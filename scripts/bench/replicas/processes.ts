// Small process helpers of `npm run bench:replicas` (scripts/bench/replicas.ts): free loopback
// ports, waiting for a server, a process's CPU time, and HAProxy's configuration.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks.

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5); the slice starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export function haproxyConfig(
  frontends: readonly { port: number; servers: readonly number[] }[],
): string {
  const lines = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
  ];
  frontends.forEach((f, i) => {
    lines.push(`frontend f${i}`, `  bind 127.0.0.1:${f.port}`, `  default_backend b${i}`);
    lines.push(`backend b${i}`, '  balance roundrobin');
    f.servers.forEach((port, k) => lines.push(`  server s${k} 127.0.0.1:${port}`));
  });
  return `${lines.join('\n')}\n`;
}
