// Which real peer servers scripts/test-peers.sh brought up, read from .tmp/peers.env.
// Tests that need a peer ask here; under CI=true a missing peer is a failure, not a skip.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

const peersEnvPath = fileURLToPath(new URL('../../.tmp/peers.env', import.meta.url));

/** True under CI=true: every peer is required there. */
export const ciStrict: boolean = process.env['CI'] === 'true';

function readPeersEnv(path: string): ReadonlyMap<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return new Map();
    throw error;
  }
  const entries = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq <= 0) continue;
    entries.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return entries;
}

const peersEnv = readPeersEnv(peersEnvPath);

/** A value from .tmp/peers.env; the same variable in the environment wins. */
export function peerEnv(key: string): string | null {
  const fromProcess = process.env[key];
  if (fromProcess !== undefined && fromProcess !== '') return fromProcess;
  return peersEnv.get(key) ?? null;
}

/** Admin URL of the test PostgreSQL cluster (database `postgres`), or null without one. */
export function pgUrl(): string | null {
  return peerEnv('GATEWAY_TEST_PG_URL');
}

/**
 * Returns true when the peer is available. Otherwise, under CI=true it fails the test;
 * elsewhere it logs the skip and passes. Use as `if (!requirePeer('x', ok, t)) return;`.
 */
export function requirePeer<Context>(
  name: string,
  available: boolean,
  t: ExecutionContext<Context>,
): boolean {
  if (available) return true;
  const hint = 'run `bash scripts/test-peers.sh` (as root it installs and starts it)';
  if (ciStrict) {
    t.fail(`${name} peer missing under CI=true: ${hint}`);
  } else {
    t.log(`skipped: ${name} peer not available; ${hint}`);
    t.pass();
  }
  return false;
}
