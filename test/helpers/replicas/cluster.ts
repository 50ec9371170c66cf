// Several real gateway processes on one PostgreSQL behind a real HAProxy (README.md "Several
// replicas"): each replica has its own data directory and shares only the database URL and the
// secrets. The schema is migrated once, by the command line, before the replicas start, as an
// operator does. Startup and teardown are bounded; servers listen on loopback only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD } from '../gateway.js';
import { freshPgDatabase, type PgDatabase } from '../pg-database.js';
import { cli, runGateway, type Child } from '../process.js';
import { haproxyInstalled, startHaproxy, type Haproxy } from './haproxy.js';

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  /** The running process; replaced by restart(). */
  child: Child;
}

export interface Cluster {
  /** The load balancer: every test request goes through it. */
  readonly url: string;
  readonly replicas: readonly Replica[];
  readonly haproxy: Haproxy;
  readonly db: PgDatabase;
  /** The environment every replica shares (the database URL and the secrets among them). */
  readonly env: Readonly<Record<string, string>>;
  /** Starts a stopped (or killed) replica again on its port and data directory. */
  restart(index: number): Promise<void>;
  /** SIGTERM and wait for the exit (bounded); resolves with the exit code. */
  stopReplica(index: number): Promise<number | null>;
  dispose(): Promise<void>;
}

export interface ClusterOptions {
  readonly replicas?: number;
  /** Extra settings for every replica. */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(replica: Replica, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (replica.child.proc.exitCode !== null || replica.child.proc.signalCode !== null)
      throw new Error(
        `replica ${replica.name} exited while starting:\n${replica.child.stderr().slice(-4000)}`,
      );
    try {
      const res = await fetch(`${replica.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `replica ${replica.name} not ready after ${timeoutMs} ms:\n${replica.child.stderr().slice(-4000)}`,
      );
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** True when the peers the cluster needs are present (PostgreSQL is checked by freshPgDatabase). */
export function clusterPeersAvailable(): boolean {
  return haproxyInstalled();
}

/**
 * Starts the cluster, or returns null when PostgreSQL is missing (freshPgDatabase throws instead
 * under CI=true). Callers check haproxy with clusterPeersAvailable() and requirePeer first.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster | null> {
  const count = options.replicas ?? 3;
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const db = await freshPgDatabase();
  if (!db) return null;
  const replicas: Replica[] = [];
  let haproxy: Haproxy | null = null;
  const env: Record<string, string> = {
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATABASE_URL: db.url,
    GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
    GATEWAY_WEBFORMS_SECRET: randomBytes(32).toString('hex'),
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_ADMIN_ACCESS_KEY: ADMIN_ACCESS_KEY,
    GATEWAY_LOG_LEVEL: 'warn',
    GATEWAY_JOBS_POLL_MS: '100',
    GATEWAY_SHUTDOWN_DRAIN_MS: '1000',
    GATEWAY_TRUST_PROXY: 'true',
    ...options.env,
  };
  const replicaEnv = (r: Replica): Record<string, string> => ({
    ...env,
    GATEWAY_PORT: String(r.port),
    GATEWAY_DATA_DIR: r.dataDir,
  });
  const dispose = async (): Promise<void> => {
    await haproxy?.stop();
    await Promise.all(
      replicas.map(async (r) => {
        r.child.kill('SIGKILL');
        await Promise.race([r.child.exited, new Promise((res) => setTimeout(res, 5000))]);
        rmSync(r.dataDir, { recursive: true, force: true });
      }),
    );
    await db.drop();
  };
  try {
    // The schema once, before the first replica: replicas on PostgreSQL need not migrate at start.
    const scratch = mkdtempSync(path.join(tmpdir(), 'gw-migrate-'));
    const migrated = await cli(['migrate'], { ...env, GATEWAY_DATA_DIR: scratch });
    rmSync(scratch, { recursive: true, force: true });
    if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    const ports = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    const launch = (i: number, port: number): Replica => {
      const dataDir = mkdtempSync(path.join(tmpdir(), `gw-replica${i}-`));
      const url = `http://127.0.0.1:${port}`;
      const replica: Replica = {
        name: `r${i}`,
        port,
        url,
        dataDir,
        child: runGateway({ ...env, GATEWAY_PORT: String(port), GATEWAY_DATA_DIR: dataDir }),
      };
      replicas.push(replica);
      return replica;
    };
    // The first replica creates the administrator; the others start together once it is up.
    const [firstPort, ...restPorts] = ports;
    if (firstPort !== undefined) await waitReady(launch(0, firstPort), timeoutMs);
    await Promise.all(restPorts.map((port, i) => waitReady(launch(i + 1, port), timeoutMs)));
    haproxy = await startHaproxy(
      await freePort(),
      await freePort(),
      replicas.map((r) => ({ name: r.name, port: r.port })),
    );
    await haproxy.waitFor(
      'UP',
      replicas.map((r) => r.name),
      timeoutMs,
    );
  } catch (err) {
    await dispose();
    throw err;
  }
  const lb = haproxy;
  const replicaAt = (index: number): Replica => {
    const r = replicas[index];
    if (!r) throw new Error(`no replica ${index}`);
    return r;
  };
  return {
    url: lb.url,
    replicas,
    haproxy: lb,
    db,
    env,
    restart: async (index) => {
      const r = replicaAt(index);
      r.child = runGateway(replicaEnv(r));
      await waitReady(r, timeoutMs);
    },
    stopReplica: async (index) => {
      const r = replicaAt(index);
      r.child.kill('SIGTERM');
      const exited = await Promise.race([
        r.child.exited,
        new Promise<null>((res) => setTimeout(() => res(null), 30_000)),
      ]);
      if (exited === null) {
        r.child.kill('SIGKILL');
        throw new Error(`replica ${r.name} did not stop within 30 s after SIGTERM`);
      }
      return exited.code;
    },
    dispose,
  };
}
