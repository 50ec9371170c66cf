// npm web-push-testing (marc1706/web-push-testing) as an independent push service: it checks the
// VAPID token with jsonwebtoken against the applicationServerKey given at subscribe, and decrypts
// aes128gcm with http_ece. Its own start binds every interface, so the tests mount its express
// app on a loopback server instead. It speaks plain http only (its README: "Fully runs on
// localhost as HTTP server"), so tests put a TLS front before it (test/helpers/tls-front.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { RequestListener } from 'node:http';

interface ApiModel {
  notifyUrl: string;
}
interface ServerModule {
  new (model: ApiModel, port: number): { _app: RequestListener; setRequestHandlers(): void };
}
const require = createRequire(import.meta.url);
const { PushApiModel } = require('web-push-testing/src/PushApiModel.js') as {
  PushApiModel: new () => ApiModel;
};
const WebPushTestingServer = require('web-push-testing/src/server.js') as ServerModule;

export interface WptSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
  readonly clientHash: string;
}

export interface WebPushTesting {
  readonly url: string;
  /** Hands out endpoints under another origin (a TLS front) from now on. */
  publishAt(origin: string): void;
  subscribe(applicationServerKey: string): Promise<WptSubscription>;
  messages(clientHash: string): Promise<string[]>;
  expire(clientHash: string): Promise<void>;
  close(): Promise<void>;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`web-push-testing ${url}: ${res.status} ${text}`);
  // expire-subscription answers a plain "OK".
  return res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
}

export async function startWebPushTesting(): Promise<WebPushTesting> {
  const model = new PushApiModel();
  const wpt = new WebPushTestingServer(model, 0);
  wpt.setRequestHandlers();
  const server: Server = createServer(wpt._app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  model.notifyUrl = `${url}/notify/`;
  return {
    url,
    publishAt: (origin) => {
      model.notifyUrl = `${origin}/notify/`;
    },
    subscribe: async (applicationServerKey) =>
      (
        (await post(`${url}/subscribe`, { applicationServerKey, userVisibleOnly: 'true' })) as {
          data: WptSubscription;
        }
      ).data,
    messages: async (clientHash) =>
      (
        (await post(`${url}/get-notifications`, { clientHash })) as {
          data: { messages: string[] };
        }
      ).data.messages,
    expire: async (clientHash) => {
      await post(`${url}/expire-subscription/${clientHash}`, {});
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
