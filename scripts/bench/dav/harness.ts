// What the CalDAV and CardDAV benchmarks share (bench:caldav, bench:carddav): the two servers
// measured from the same items (the gateway and Radicale, the reference), REPORTs timed one by
// one, PUTs in parallel, Radicale's storage folder written directly, and each figure the median
// of its rounds after a warm-up, printed with the gateway / Radicale ratio.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Server {
  readonly label: string;
  readonly collection: string;
  readonly auth: string;
}

export async function call(
  s: Server,
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const r = await fetch(url, {
    method,
    body,
    headers: { authorization: s.auth, ...headers },
    signal: AbortSignal.timeout(600_000),
  });
  return { status: r.status, text: await r.text() };
}

export const responses = (xml: string): number => (xml.match(/<(?:\w+:)?response>/g) ?? []).length;
export const tokenOf = (xml: string): string =>
  /<(?:\w+:)?sync-token>([^<]*)</.exec(xml)?.[1] ?? '';

/** sync-collection (RFC 6578 §3.2) from `token` ('' for everything), ETags only. */
export const syncBody = (token: string): string =>
  '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:">' +
  `<d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

export interface Timed {
  readonly ms: number;
  readonly text: string;
}

export async function report(s: Server, body: string, depth: string): Promise<Timed> {
  const t0 = performance.now();
  const r = await call(s, 'REPORT', s.collection, body, {
    depth,
    'content-type': 'application/xml; charset=utf-8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 207) throw new Error(`${s.label} REPORT ${r.status}: ${r.text.slice(0, 300)}`);
  return { ms, text: r.text };
}

export interface BenchItem {
  readonly name: string;
  readonly text: string;
}

/** PUTs every item into the server's collection, `parallel` at a time. */
export async function putAll(
  s: Server,
  items: readonly BenchItem[],
  parallel: number,
  contentType: string,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i] as BenchItem;
      const r = await call(s, 'PUT', s.collection + item.name, item.text, {
        'content-type': contentType,
      });
      if (r.status >= 300)
        throw new Error(`${s.label} PUT ${item.name}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Radicale's filesystem storage: one file per item and the collection's props file. */
export function writeRadicaleCollection(
  storage: string,
  collection: string,
  props: Record<string, string>,
  items: readonly BenchItem[],
): void {
  const dir = path.join(storage, 'collection-root', 'alice', collection);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.Radicale.props'), JSON.stringify(props));
  for (const item of items) writeFileSync(path.join(dir, item.name), item.text);
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export type Run = readonly [string, (s: Server, round: number) => Promise<Timed>];

/**
 * Each run on each server: a warm-up (Radicale builds its item cache on first use), then the
 * median of `rounds`; `counted` says what an answer held, so both servers are seen to answer alike.
 */
export async function measureAndPrint(
  servers: readonly Server[],
  rounds: number,
  runs: readonly Run[],
  counted: (text: string) => string,
): Promise<void> {
  for (const [label, run] of runs) {
    const ms: Record<string, number> = {};
    const counts: Record<string, string> = {};
    for (const s of servers) {
      await run(s, rounds);
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const out = await run(s, r);
        times.push(out.ms);
        counts[s.label] = counted(out.text);
      }
      ms[s.label] = median(times);
    }
    const g = ms['gateway'] ?? NaN;
    const r = ms['radicale'] ?? NaN;
    console.log(
      `${label}: gateway ${g.toFixed(0)} ms (${counts['gateway']}), radicale ${r.toFixed(0)} ms (${counts['radicale']}), ratio ${(g / r).toFixed(2)}`,
    );
  }
}
