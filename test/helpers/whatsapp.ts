// WhatsApp Business test helpers: signed webhook posts, a configured channel, and Stoplight Prism
// serving Meta's OpenAPI description as a validating mock on loopback (test/fixtures/whatsapp/
// SOURCES.md): a request that violates the spec is answered 422, so a send that succeeds
// against it is a send the spec accepts.
import { createServer } from 'node:net';
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
  readonly url: string;
  stop(): void;
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
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
