// The Exchange sandbox: a stateful Microsoft Graph v1.0 double on loopback, for the bridge's tests
// and for a person trying the bridge without a tenant (`npm run -s exchange-sandbox -- --port P`,
// README "Exchange bridge"). It signs apps in with client credentials (token endpoint at
// /{tenant}/oauth2/v2.0/token, so the connection's login URL and Graph URL are both the sandbox),
// and serves users' calendars (events, calendarView/delta, getSchedule), To Do lists and tasks,
// contact folders and contacts, and subscriptions. Faults are injected through `faults`
// (faults.ts). Every request and every JSON answer is kept (`requests`, `answers`) so tests can
// check them against Microsoft's schemas (test/fixtures/exchange-oracle/).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeltaTokens } from './delta.js';
import { Faults } from './faults.js';
import { graphError, parsePrefer, type SandboxReply, type SandboxRequest } from './http-kit.js';
import { mailboxRoute } from './routes-mailbox.js';
import { issueToken } from './token-endpoint.js';
import { Mailbox, type Json, type Kind } from './store.js';
import { Subscriptions } from './subscriptions.js';

import type { SandboxApp } from './token-endpoint.js';
export type { SandboxApp };

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly prefer: string | undefined;
  readonly ifMatch: string | undefined;
  readonly body: Json | null;
}

export interface LoggedAnswer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly type: string | null;
  readonly body: Json;
}

export const ALL_PERMISSIONS = [
  'Calendars.ReadWrite',
  'Tasks.ReadWrite.All',
  'Contacts.ReadWrite',
  'MailboxSettings.Read',
];

const PERMISSION_OF: Record<Kind | 'schedule', string> = {
  event: 'Calendars.ReadWrite',
  schedule: 'Calendars.ReadWrite',
  task: 'Tasks.ReadWrite.All',
  contact: 'Contacts.ReadWrite',
};

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export class ExchangeSandbox {
  readonly mailboxes = new Map<string, Mailbox>();
  readonly apps: SandboxApp[] = [];
  readonly faults = new Faults();
  readonly tokens = new DeltaTokens();
  readonly subscriptions: Subscriptions;
  readonly requests: LoggedRequest[] = [];
  readonly answers: LoggedAnswer[] = [];
  /** Most requests in flight at once per mailbox, as seen by the sandbox. */
  readonly peakInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly accessTokens = new Map<string, SandboxApp>();
  private server: Server | null = null;
  /** Delay added to every Graph answer (ms), to make concurrency observable. */
  latencyMs = 0;

  constructor(readonly clock: () => number = Date.now) {
    this.subscriptions = new Subscriptions(clock);
  }

  addApp(
    app: Omit<SandboxApp, 'permissions' | 'disabled'> & { permissions?: readonly string[] },
  ): SandboxApp {
    const made: SandboxApp = {
      ...app,
      permissions: new Set(app.permissions ?? ALL_PERMISSIONS),
      disabled: false,
    };
    this.apps.push(made);
    return made;
  }

  addMailbox(address: string, displayName = address.split('@')[0] ?? address): Mailbox {
    const box = new Mailbox(address.toLowerCase(), displayName, this.clock);
    this.mailboxes.set(box.address, box);
    return box;
  }

  mailbox(address: string): Mailbox | null {
    return this.mailboxes.get(address.toLowerCase()) ?? null;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Longer than clients keep idle sockets, so a reused socket is never closed under a request.
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    if (method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      this.send(
        res,
        issueToken(this.apps, this.accessTokens, url.pathname, new URLSearchParams(text)),
      );
      return;
    }
    let body: Json | null = null;
    if (text !== '') {
      try {
        body = JSON.parse(text) as Json;
      } catch {
        this.send(res, graphError(400, 'RequestBodyRead', 'the request body is not JSON'));
        return;
      }
    }
    this.requests.push({
      method,
      path: url.pathname + url.search,
      prefer: headerOf(req, 'prefer'),
      ifMatch: headerOf(req, 'if-match'),
      body,
    });
    const app = this.accessTokens.get((req.headers['authorization'] ?? '').replace(/^Bearer /, ''));
    if (!app || app.disabled) {
      this.send(
        res,
        graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'),
      );
      return;
    }
    const fault = this.faults.take(method, url.pathname, ['429', '503']);
    if (fault) {
      const reply =
        fault.kind === '429'
          ? graphError(
              429,
              'ApplicationThrottled',
              'Application is over its MailboxConcurrency limit.',
            )
          : graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
      this.send(res, { ...reply, headers: { 'retry-after': String(fault.retryAfterS ?? 1) } });
      return;
    }
    const mailboxKey = /^\/v1\.0\/users\/([^/]+)/.exec(url.pathname)?.[1];
    const key = mailboxKey ? decodeURIComponent(mailboxKey).toLowerCase() : '';
    const now = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, now);
    this.peakInFlight.set(key, Math.max(now, this.peakInFlight.get(key) ?? 0));
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      let dropped = false;
      const applied = (): void => {
        if (this.faults.take(method, url.pathname, ['drop-after-apply'])) dropped = true;
      };
      const reply = await this.route(method, url, body, req, app, applied);
      if (dropped) {
        res.socket?.destroy();
        return;
      }
      if (reply.status < 300 && this.faults.take(method, url.pathname, ['malformed'])) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body).slice(0, 20));
        return;
      }
      this.send(res, reply, method, url.pathname);
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  private send(res: ServerResponse, reply: SandboxReply, method = '', path = ''): void {
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
      return;
    }
    if (typeof reply.body === 'string') {
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body);
      return;
    }
    if (path !== '')
      this.answers.push({
        method,
        path,
        status: reply.status,
        type: reply.type ?? null,
        body: reply.body,
      });
    res.writeHead(reply.status, {
      'content-type': 'application/json; odata.metadata=minimal',
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body));
  }

  /** Every issued token stops working (a revoked consent): requests answer 401. */
  revokeTokens(): void {
    this.accessTokens.clear();
  }

  private async route(
    method: string,
    url: URL,
    body: Json | null,
    req: IncomingMessage,
    app: SandboxApp,
    applied: () => void,
  ): Promise<SandboxReply> {
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const sub = /^\/subscriptions(?:\/([^/]+))?$/.exec(path);
    if (sub) {
      if (method === 'POST' && !sub[1]) return this.subscriptions.create(body, app.tenantId);
      if (method === 'PATCH' && sub[1]) return this.subscriptions.renew(sub[1], body);
      if (method === 'DELETE' && sub[1]) return this.subscriptions.remove(sub[1]);
      if (method === 'GET' && !sub[1])
        return {
          status: 200,
          body: {
            value: [...this.subscriptions.all.values()].map((s) => this.subscriptions.render(s)),
          },
        };
    }
    const user = /^\/users\/([^/]+)(\/.*)?$/.exec(path);
    if (!user)
      return graphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`,
      );
    const address = decodeURIComponent(user[1] ?? '');
    const box = this.mailbox(address);
    if (!box)
      return graphError(404, 'ErrorInvalidUser', `The requested user '${address}' is invalid.`);
    const rest = (user[2] ?? '').replace(/\/delta\(\)$/, '/delta');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const sreq: SandboxRequest = {
      method,
      path: rest,
      query: url.searchParams,
      body,
      headers,
      prefer: parsePrefer(headerOf(req, 'prefer')),
      box,
      base: `http://${req.headers['host'] ?? '127.0.0.1'}/v1.0`,
    };
    const kind: Kind | 'schedule' | null = /^\/(calendar\/)?(events|calendarView)/.test(rest)
      ? 'event'
      : rest === '/calendar/getSchedule'
        ? 'schedule'
        : rest.startsWith('/todo')
          ? 'task'
          : rest.startsWith('/contact')
            ? 'contact'
            : null;
    if (kind && !app.permissions.has(PERMISSION_OF[kind]))
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    return mailboxRoute(this, sreq, box, rest, applied);
  }
}
