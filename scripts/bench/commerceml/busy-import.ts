// A catalog import beside REST traffic, shared by `npm run bench:commerceml-busy` and
// test/gateway/commerceml/import-concurrency.test.ts: the CRM is seeded with unlinked products
// through the store's bulk writer (not the importer), then 1C imports new products while a
// webservice client sends `query` every ~50 ms and records each answer's latency.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { RunningGateway } from '../../../gateway/server.js';
import { BulkRecordWriter } from '../../../store/records/bulk-writer.js';
import type { Store } from '../../../store/store.js';

const SEED_BATCH = 2000;

/** `count` live, unlinked Products named unlike the generated catalog's (nothing to adopt). */
export async function seedProducts(store: Store, userId: number, count: number): Promise<void> {
  const actor = await store.users.actor(userId);
  if (!actor) throw new Error('no actor for the seeding user');
  const writer = new BulkRecordWriter(store.picklists);
  for (let from = 0; from < count; from += SEED_BATCH) {
    const entries = Array.from({ length: Math.min(SEED_BATCH, count - from) }, (_, i) => ({
      productname: `CRM product ${from + i}`,
      productcode: `CRM-${from + i}`,
      discontinued: '1',
    }));
    await store.db.knex.transaction((trx) => writer.create(trx, actor, 'Products', entries));
  }
}

/** A webservice session for the user with the access key (vtiger getchallenge + login). */
export async function restLogin(url: string, user: string, key: string): Promise<string> {
  const challenge = (await (
    await fetch(`${url}/webservice.php?operation=getchallenge&username=${user}`)
  ).json()) as { result: { token: string } };
  const accessKey = createHash('md5')
    .update(challenge.result.token + key)
    .digest('hex');
  const res = await fetch(`${url}/webservice.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ operation: 'login', username: user, accessKey }).toString(),
  });
  return ((await res.json()) as { result: { sessionName: string } }).result.sessionName;
}

export interface Probe {
  /** Latency of each answer, ms. */
  readonly latencies: number[];
  /** Answers that were not a successful webservice envelope (HTTP status or success:false). */
  readonly failures: number;
}

/** Sends REST `query` every `everyMs` (one at a time) until `until` settles. */
export async function probeRest(
  url: string,
  session: string,
  until: Promise<unknown>,
  everyMs = 50,
): Promise<Probe> {
  let done = false;
  const settled = until.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  const latencies: number[] = [];
  let failures = 0;
  const query = encodeURIComponent('SELECT productname FROM Products LIMIT 20;');
  while (!done) {
    const t0 = performance.now();
    try {
      const res = await fetch(
        `${url}/webservice.php?operation=query&sessionName=${session}&query=${query}`,
        { signal: AbortSignal.timeout(60_000) },
      );
      const body = (await res.json()) as { success?: boolean };
      if (res.status !== 200 || body.success !== true) failures++;
    } catch {
      failures++;
    }
    const took = performance.now() - t0;
    latencies.push(took);
    await Promise.race([new Promise((r) => setTimeout(r, Math.max(0, everyMs - took))), settled]);
  }
  return { latencies, failures };
}

/** The q-quantile (0..1) of the values, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/** 1C's side of one catalog file: checkauth, init, upload in file_limit parts, import until done. */
export async function importOverProtocol(
  gw: RunningGateway,
  user: string,
  key: string,
  file: string,
  name: string,
): Promise<string> {
  const basic = `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
  let cookie = '';
  const call = async (query: string, init: RequestInit = {}): Promise<string> => {
    const res = await fetch(`${gw.url}/1c_exchange.php?${query}`, {
      ...init,
      headers: cookie ? { cookie } : { authorization: basic },
      signal: AbortSignal.timeout(120_000),
    });
    return res.text();
  };
  const auth = (await call('type=catalog&mode=checkauth')).split('\n');
  if (auth[0] !== 'success') throw new Error(auth.join(' '));
  cookie = `${auth[1]}=${auth[2]}`;
  const init = (await call('type=catalog&mode=init')).split('\n');
  const limit = Number(
    (init.find((l) => l.startsWith('file_limit=')) ?? '').slice('file_limit='.length),
  );
  const bytes = await readFile(file);
  for (let pos = 0; pos < bytes.length; pos += limit) {
    const answer = await call(`type=catalog&mode=file&filename=${name}`, {
      method: 'POST',
      body: bytes.subarray(pos, pos + limit),
    });
    if (answer !== 'success') throw new Error(answer);
  }
  for (let i = 0; i < 100_000; i++) {
    const answer = await call(`type=catalog&mode=import&filename=${name}`);
    if (answer.startsWith('success')) return answer;
    if (!answer.startsWith('progress')) throw new Error(answer);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('import did not finish');
}
