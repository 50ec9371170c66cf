// The PUT-throughput scenario of `bench:caldav`: every object PUT (RFC 4791 §5.3.2) by
// `clients` concurrent clients, each waiting for its answer before sending the next, as a
// calendar app uploading a year of events does. Prints PUT/s, p50/p99 latency and the server
// process's CPU time per request, measured from outside the server.
import type { BenchItem, Server } from '../dav/harness.js';

export interface PutFigures {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerPut: number;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

/** `cpuMicros` reads the server process's CPU time (user + system) so far, in microseconds. */
export async function measurePuts(
  s: Server,
  items: readonly BenchItem[],
  clients: number,
  contentType: string,
  cpuMicros: () => Promise<number>,
): Promise<PutFigures> {
  const latencies: number[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i] as BenchItem;
      const t0 = performance.now();
      const r = await fetch(s.collection + item.name, {
        method: 'PUT',
        body: item.text,
        headers: { authorization: s.auth, 'content-type': contentType, 'if-none-match': '*' },
        signal: AbortSignal.timeout(120_000),
      });
      const text = await r.text();
      latencies.push(performance.now() - t0);
      if (r.status !== 201)
        throw new Error(`${s.label} PUT ${item.name}: ${r.status} ${text.slice(0, 200)}`);
    }
  };
  const cpu0 = await cpuMicros();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await cpuMicros()) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: items.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuMsPerPut: cpu / 1000 / items.length,
  };
}

export function printPuts(
  count: number,
  referenceCount: number,
  clients: number,
  g: PutFigures,
  r: PutFigures,
): void {
  const line = (label: string, f: PutFigures): string =>
    `  ${label}: ${f.perSecond.toFixed(0)} PUT/s, p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, CPU ${f.cpuMsPerPut.toFixed(2)} ms/PUT`;
  console.log(`PUT of ${count} events by ${clients} clients:`);
  console.log(line('gateway ', g));
  console.log(
    line('radicale', r) + (referenceCount < count ? ` (the first ${referenceCount} only)` : ''),
  );
  console.log(
    `  ratio gateway / radicale: ${(g.perSecond / r.perSecond).toFixed(2)}x the rate, ${(g.cpuMsPerPut / r.cpuMsPerPut).toFixed(2)}x the CPU per PUT`,
  );
}
