// WhatsApp Business test helpers: signed webhook posts, a configured channel, and Stoplight Prism
// serving Meta's OpenAPI description as a validating mock on loopback (test/fixtures/whatsapp/
// SOURCES.md): a request that violates the spec is answered 422, so a send that succeeds
// against it is a send the spec accepts.
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { signBody } from '../../gateway/whatsapp/core/signature.js';
import type { WhatsAppService } from '../../gateway/whatsapp/service.js';
import type { WhatsAppChannel } from '../../store/whatsapp/types.js';
import { PHONE_NUMBER_ID, WABA_ID, metaJson } from '../fixtures/whatsapp/webhooks.js';
import { ROOT, run } from './process.js';

export const APP_SECRET = 'test-app-secret-0123456789';
export const TOKEN = 'EAAtestToken0123456789';
export const VERIFY_TOKEN = 'verify-me-please';
export const SPEC = path.join(ROOT, 'test/fixtures/whatsapp/business-messaging-api_v23.0.yaml');

export async function postDelivery(
  url: string,
  payload: unknown,
  options: { secret?: string; tamper?: (body: Buffer) => Buffer; signature?: string } = {},
): Promise<Response> {
  const body = Buffer.from(typeof payload === 'string' ? payload : metaJson(payload));
  const signature = options.signature ?? signBody(body, options.secret ?? APP_SECRET);
  return fetch(`${url}/whatsapp/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
    body: options.tamper ? options.tamper(body) : body,
    signal: AbortSignal.timeout(10_000),
  });
}

export function configureChannel(
  service: WhatsAppService,
  graphUrl: string,
  overrides: Partial<{ tickets: boolean; ownerId: number; phoneNumberId: string }> = {},
): Promise<WhatsAppChannel> {
  return service.configure({
    phoneNumberId: overrides.phoneNumberId ?? PHONE_NUMBER_ID,
    wabaId: WABA_ID,
    token: TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    owner: { kind: 'user', id: overrides.ownerId ?? 1 },
    graphUrl,
    apiVersion: 'v23.0',
    tickets: overrides.tickets ?? true,
    dialPrefix: '+',
    matchDays: 30,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Prism {
  /** A loopback proxy in front of Prism (see prismProxy). */
  readonly url: string;
  /** The answers Prism gave with status 422 (requests the spec refuses), as received. */
  violations(): string[];
  stop(): void;
}

/**
 * Forwards every request to Prism unchanged, and numbers the message id of send answers: Prism
 * answers every send with the spec's one example wamid, where Meta gives each message its own.
 */
async function prismProxy(
  target: number,
): Promise<{ url: string; violations: string[]; close: () => void }> {
  const violations: string[] = [];
  let n = 0;
  const server = createHttpServer((req, res) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          if (answer.statusCode === 422) violations.push(body.toString('utf8'));
          if (answer.statusCode === 200 && /\/messages$/.test(req.url ?? '')) {
            const json = JSON.parse(body.toString('utf8')) as { messages?: { id: string }[] };
            for (const m of json.messages ?? []) m.id = `${m.id}.${++n}`;
            body = Buffer.from(JSON.stringify(json));
          }
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers).end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, violations, close: () => server.close() };
}

/** `prism mock` on loopback; resolves once it listens (bounded by timeoutMs). */
export async function startPrism(timeoutMs = 90_000): Promise<Prism> {
  const port = await freePort();
  const child = run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'),
      'mock',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      SPEC,
    ],
    {},
  );
  await child.waitFor(/Prism is listening/, timeoutMs);
  const proxy = await prismProxy(port);
  return {
    url: proxy.url,
    violations: () => [...proxy.violations],
    stop: () => {
      proxy.close();
      child.kill();
    },
  };
}
