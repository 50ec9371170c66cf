// Checks Graph JSON against Microsoft's schema (test/fixtures/exchange-oracle/, copied from the
// exchange-oracle folder with its README): validate-graph.py, which needs Debian python3-jsonschema
// (scripts/test-peers.sh). Requests are checked strictly (an unknown property fails, as Graph
// answers 400 RequestBodyRead), answers in --response mode.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VALIDATOR = fileURLToPath(
  new URL('../fixtures/exchange-oracle/validate-graph.py', import.meta.url),
);

let available: boolean | null = null;

/** Whether /usr/bin/python3 has jsonschema (the peer python3-jsonschema). */
export function oracleAvailable(): boolean {
  available ??= spawnSync('/usr/bin/python3', ['-c', 'import jsonschema']).status === 0;
  return available;
}

/** Validates payloads of one Graph type; returns '' when all are valid, else the validator's report. */
export function checkGraph(type: string, payloads: readonly unknown[], response: boolean): string {
  if (payloads.length === 0) return '';
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-oracle-'));
  try {
    const files = payloads.map((p, i) => {
      const file = path.join(dir, `${i}.json`);
      writeFileSync(file, JSON.stringify(p));
      return file;
    });
    try {
      execFileSync(
        '/usr/bin/python3',
        [VALIDATOR, ...(response ? ['--response'] : []), type, ...files],
        { encoding: 'utf8', timeout: 60_000 },
      );
      return '';
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}` || String(err);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Traffic {
  readonly requests: readonly { method: string; path: string; body: unknown }[];
  readonly answers: readonly { type: string | null; body: unknown }[];
}

/** The Graph type of a request body, by where it was sent. */
export function requestType(method: string, pathAndQuery: string): string | null {
  const p = pathAndQuery.split('?')[0] ?? '';
  if (method === 'POST' && /\/calendar\/getSchedule$/.test(p)) return 'getSchedule';
  if (method === 'POST' && /^\/v1\.0\/subscriptions$/.test(p)) return 'subscription';
  if (method === 'PATCH' && /^\/v1\.0\/subscriptions\/[^/]+$/.test(p)) return 'subscription';
  if (/\/events(\/[^/]+)?$/.test(p) && (method === 'POST' || method === 'PATCH')) return 'event';
  if (method === 'POST' && /\/todo\/lists$/.test(p)) return 'todoTaskList';
  if (/\/tasks(\/[^/]+)?$/.test(p) && (method === 'POST' || method === 'PATCH')) return 'todoTask';
  if (method === 'POST' && /\/contactFolders$/.test(p)) return 'contactFolder';
  if (/\/contacts(\/[^/]+)?$/.test(p) && (method === 'POST' || method === 'PATCH'))
    return 'contact';
  return null;
}

/** Every request body and JSON answer the sandbox saw, checked; '' when all are valid. */
export function checkTraffic(traffic: Traffic): string {
  const requests = new Map<string, unknown[]>();
  for (const r of traffic.requests) {
    const type = requestType(r.method, r.path);
    if (type === null || r.body === null) continue;
    requests.set(type, [...(requests.get(type) ?? []), r.body]);
  }
  const answers = new Map<string, unknown[]>();
  for (const a of traffic.answers) {
    if (a.type === null) continue;
    answers.set(a.type, [...(answers.get(a.type) ?? []), a.body]);
  }
  let report = '';
  for (const [type, bodies] of requests) report += checkGraph(type, bodies, false);
  for (const [type, bodies] of answers) report += checkGraph(type, bodies, true);
  return report;
}
