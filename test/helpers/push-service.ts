// A push service of the tests' own on loopback (RFC 8030 §5): it hands out subscriptions like a
// browser's (a P-256 key pair and a 16-byte auth secret, RFC 8291 §3), checks each push's VAPID
// token with jose (RFC 8292 §2: ES256, `aud` the endpoint's origin, `exp` at most 24 h ahead,
// `sub` the subject) and decrypts its body with npm http_ece, the reference implementation of
// RFC 8188/8291. Answers can be scripted (429, 410, 413 …) to drive the sender's outcomes.
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { decodeJwt, importJWK, jwtVerify } from 'jose';

interface EceParams {
  readonly version: 'aes128gcm';
  readonly privateKey: ReturnType<typeof createECDH>;
  readonly authSecret: string;
}
interface EceModule {
  decrypt(buffer: Buffer, params: EceParams): Buffer;
}
const ece = createRequire(import.meta.url)('http_ece') as EceModule;

export interface ReceivedPush {
  readonly subscription: number;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly claims: { readonly aud: string; readonly exp: number; readonly sub: string };
}

export interface TestSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

export interface TestPushService {
  readonly url: string;
  readonly received: ReceivedPush[];
  /** Problems found in pushes (bad token, undecryptable body): tests expect none. */
  readonly rejected: string[];
  subscribe(): TestSubscription;
  /** Answers the next pushes with these statuses (then 201 again). */
  answer(...statuses: number[]): void;
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function verifyVapid(
  authorization: string,
  origin: string,
  subject: string,
): Promise<ReceivedPush['claims']> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match?.[1] || !match[2]) throw new Error(`not a vapid Authorization: ${authorization}`);
  const point = Buffer.from(match[2], 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 key');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    'ES256',
  );
  await jwtVerify(match[1], key, { algorithms: ['ES256'], audience: origin, subject });
  const claims = decodeJwt(match[1]);
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp > now + 86_400 || claims.exp <= now)
    throw new Error(`exp ${String(claims.exp)} is not within 24 h (RFC 8292 §2)`);
  return { aud: String(claims.aud), exp: claims.exp, sub: String(claims.sub) };
}

export async function startTestPushService(subject: string): Promise<TestPushService> {
  const keys: { ecdh: ReturnType<typeof createECDH>; auth: string }[] = [];
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];
  const script: number[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const index = Number(/^\/push\/(\d+)$/.exec(req.url ?? '')?.[1] ?? NaN);
      const sub = keys[index];
      const scripted = script.shift();
      if (req.method !== 'POST' || !sub) {
        res.writeHead(404).end();
        return;
      }
      if (scripted !== undefined) {
        res.writeHead(scripted, scripted === 429 ? { 'Retry-After': '7' } : {}).end();
        return;
      }
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm')
          throw new Error(`Content-Encoding ${String(req.headers['content-encoding'])}`);
        if (!/^\d+$/.test(String(req.headers.ttl))) throw new Error('TTL header missing');
        const claims = await verifyVapid(String(req.headers.authorization), url, subject);
        const plain = ece.decrypt(body, {
          version: 'aes128gcm',
          privateKey: sub.ecdh,
          authSecret: sub.auth,
        });
        received.push({
          subscription: index,
          payload: plain.toString('utf8'),
          headers: {
            ttl: req.headers.ttl as string | undefined,
            urgency: req.headers.urgency as string | undefined,
            topic: req.headers.topic as string | undefined,
          },
          claims,
        });
        res.writeHead(201).end();
      } catch (err) {
        rejected.push(err instanceof Error ? err.message : String(err));
        res.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    rejected,
    subscribe: () => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      keys.push({ ecdh, auth });
      return {
        endpoint: `${url}/push/${keys.length - 1}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
      };
    },
    answer: (...statuses) => script.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
