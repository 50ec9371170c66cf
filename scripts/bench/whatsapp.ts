// `npm run bench:whatsapp`: signed webhook deliveries (text messages from --numbers customers
// (1,000), each followed by status deliveries) posted at full speed by autocannon for --duration
// seconds (20), against the gateway in its own process (scripts/bench/whatsapp/server.ts), and in
// the same run the bare koa ceiling. Prints accepted deliveries/s and p99 for both and their
// ratio, then the time until every accepted delivery is processed into conversations, tickets
// and comments. Goal (gateway/whatsapp/README.md §6): ≥ 0.3× the ceiling, p99 < 50 ms,
// processing keeping up with acceptance.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { signBody } from '../../gateway/whatsapp/core/signature.js';

const APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Figures {
  readonly accepted: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

function delivery(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/** Text messages from `numbers` customers, each followed by a delivered status of an answer. */
function corpus(numbers: number, perNumber: number): string[] {
  const bodies: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (let round = 0; round < perNumber; round++) {
    for (let i = 0; i < numbers; i++) {
      const waId = `1650555${String(i).padStart(4, '0')}`;
      bodies.push(
        delivery({
          contacts: [{ profile: { name: `Customer ${i}` }, wa_id: waId }],
          messages: [
            {
              from: waId,
              id: `wamid.bench.${i}.${round}`,
              timestamp: String(now),
              type: 'text',
              text: { body: `Message ${round} from customer ${i}` },
            },
          ],
        }),
      );
      bodies.push(
        delivery({
          statuses: [
            {
              id: `wamid.answer.${i}.${round}`,
              status: 'delivered',
              timestamp: String(now),
              recipient_id: waId,
            },
          ],
        }),
      );
    }
  }
  return bodies;
}

/**
 * One autocannon instance per connection, each cycling through its own slice of the corpus (one
 * instance cycles every connection through the same list, which would post each delivery once
 * per connection). p50 is the mean and p99 the highest of the instances' figures.
 */
async function load(
  url: string,
  path_: string,
  bodies: readonly string[],
  seconds: number,
  connections: number,
  sign: boolean,
): Promise<Figures> {
  const results = await Promise.all(
    Array.from({ length: connections }, (_, c) =>
      autocannon({
        url,
        duration: seconds,
        connections: 1,
        requests: bodies
          .filter((_, i) => i % connections === c)
          .map((body) => ({
            method: 'POST' as const,
            path: path_,
            body,
            headers: {
              'content-type': 'application/json',
              ...(sign ? { 'x-hub-signature-256': signBody(body, APP_SECRET) } : {}),
            },
          })),
      }),
    ),
  );
  const accepted = results.reduce((n, r) => n + r['2xx'], 0);
  const duration = Math.max(...results.map((r) => r.duration));
  return {
    accepted,
    perSecond: accepted / duration,
    p50: results.reduce((n, r) => n + r.latency.p50, 0) / results.length,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    failed: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(HERE, 'whatsapp/server.ts'),
      APP_SECRET,
      PHONE_NUMBER_ID,
      WABA_ID,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"url":"([^"]+)"\}/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

interface Progress {
  inbox: number;
  pending: number;
  messages: number;
  conversations: number;
  tickets: number;
  comments: number;
  leads: number;
}

async function progress(url: string): Promise<Progress> {
  const res = await fetch(`${url}/bench/progress`);
  return (await res.json()) as Progress;
}

function line(name: string, f: Figures, ceiling: number): string {
  const ratio = f.perSecond / ceiling;
  return `  ${name.padEnd(34)} ${f.perSecond.toFixed(0).padStart(8)} ${f.p50.toFixed(1).padStart(7)} ${f.p99.toFixed(1).padStart(7)} ${String(f.failed).padStart(7)}  ${ratio.toFixed(3)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      numbers: { type: 'string' },
    },
  });
  const seconds = Number(values.duration ?? 20);
  const connections = Number(values.connections ?? 10);
  const numbers = Number(values.numbers ?? 1000);
  const bodies = corpus(numbers, 3);
  const server = await startServer();
  try {
    const ceilingFigures = await load(
      server.url,
      '/bench/bare',
      bodies.slice(0, connections),
      seconds,
      connections,
      false,
    );
    const started = performance.now();
    const webhook = await load(server.url, '/whatsapp/webhook', bodies, seconds, connections, true);
    const acceptedAt = performance.now();
    let p = await progress(server.url);
    while (p.pending > 0) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      p = await progress(server.url);
    }
    const drainedAt = performance.now();
    process.stdout.write(
      `\nWhatsApp webhook benchmark: ${connections} connections, ${seconds} s per scenario, ${numbers} numbers, gateway in its own process (SQLite)\n`,
    );
    process.stdout.write(
      `  ${'scenario'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}  ratio to ceiling\n`,
    );
    process.stdout.write(
      line('ceiling: bare koa endpoint', ceilingFigures, ceilingFigures.perSecond),
    );
    process.stdout.write(line('webhook: accepted deliveries', webhook, ceilingFigures.perSecond));
    const processing = (drainedAt - started) / 1000;
    process.stdout.write(
      `  processed: ${p.inbox} deliveries → ${p.messages} messages, ${p.conversations} conversations, ${p.tickets} tickets, ${p.comments} comments, ${p.leads} leads\n` +
        `  every delivery processed ${((drainedAt - acceptedAt) / 1000).toFixed(1)} s after the load ended (${(p.inbox / processing).toFixed(0)} deliveries/s processed over ${processing.toFixed(1)} s)\n`,
    );
  } finally {
    server.stop();
  }
}

await main();
