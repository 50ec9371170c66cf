// Shared pieces of the REST hook tests: a target on loopback that records what it receives and
// answers what the test says, calls to /restapi/v1/hooks and /restapi/v1/vtews, and a bounded wait.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

export interface Target {
  readonly url: string;
  readonly received: Received[];
  /** The status the next requests get (200 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const received: Received[] = [];
  let server: Server | null = null;
  const target: Target = {
    url: '',
    received,
    status: 200,
    close: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.statusCode = target.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(target, { url: `http://127.0.0.1:${port}/hook` });
  return target;
}

export const basic = (user: string, key: string): string =>
  `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

export interface HookReply {
  readonly status: number;
  readonly body: unknown;
}

export async function hooksCall(
  gw: { readonly url: string },
  auth: string,
  path: string,
  init: { method?: string; json?: unknown } = {},
): Promise<HookReply> {
  const res = await fetch(`${gw.url}/restapi/v1/hooks${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: auth,
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** POST /restapi/v1/vtews/<op> with a JSON body; returns `data` or throws with the error. */
export async function vtews(
  gw: { readonly url: string },
  auth: string,
  op: string,
  json: Record<string, unknown>,
): Promise<Record<string, string>> {
  const res = await fetch(`${gw.url}/restapi/v1/vtews/${op}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
  const body = (await res.json()) as { data?: Record<string, string>; message?: string };
  if (res.status !== 200 || !body.data) throw new Error(`${op}: ${res.status} ${body.message}`);
  return body.data;
}

/** Waits until `check` holds, polling every 20 ms, at most `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
