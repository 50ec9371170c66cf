// A loopback proxy in front of Radicale that misbehaves on demand: 5xx, a hang past the client's
// deadline, malformed XML, a broken iCalendar object inside a multiget answer, or a 403
// valid-sync-token on every non-empty token (a server that changed its tokens under us), or
// just slowness (150 ms a request) so a test can stop the gateway in the middle of a sync, or a
// rate limit (503 with Retry-After: 120, RFC 9110 §10.2.3) on every request, or an empty 207 to
// every REPORT (a listing that lost its members), or PROPFIND answers without {DAV:}sync-token (a
// server without sync-collection, RFC 6578 §3), or a broken vCard inside a multiget answer.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | 'none'
  | 'http500'
  | 'hang'
  | 'bad-xml'
  | 'bad-ics'
  | 'token-reset'
  | 'slow'
  | 'throttle'
  | 'empty-report'
  | 'no-sync-token'
  | 'bad-vcard';

export interface FaultProxy {
  readonly url: string;
  fault: Fault;
  /** Requests seen, for asserting retries. */
  readonly seen: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const hanging = new Set<() => void>();
  const state: { fault: Fault } = { fault: 'none' };
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const input = await body(req);
      seen.push(`${req.method} ${req.url}`);
      const fault = state.fault;
      if (fault === 'slow') await new Promise((r) => setTimeout(r, 150));
      if (fault === 'http500') {
        res.writeHead(500).end('boom');
        return;
      }
      if (fault === 'throttle') {
        res.writeHead(503, { 'retry-after': '120' }).end('slow down');
        return;
      }
      if (fault === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      if (fault === 'empty-report' && req.method === 'REPORT') {
        res
          .writeHead(207, { 'content-type': 'application/xml' })
          .end(
            '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:sync-token>http://x/empty</D:sync-token></D:multistatus>',
          );
        return;
      }
      if (
        fault === 'token-reset' &&
        req.method === 'REPORT' &&
        /<d:sync-token>[^<]+<\/d:sync-token>/.test(input.toString())
      ) {
        res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end('<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
      const up = await fetch(target + (req.url ?? '/'), {
        method: req.method ?? 'GET',
        headers,
        ...(input.length > 0 ? { body: input } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      let text = Buffer.from(await up.arrayBuffer());
      if (fault === 'bad-xml' && up.status === 207)
        text = Buffer.from(text.toString().slice(0, Math.floor(text.length / 2)) + '<unclosed');
      if (fault === 'no-sync-token' && req.method === 'PROPFIND' && up.status === 207)
        text = Buffer.from(
          text.toString().replace(/<(\w+:)?sync-token>[^<]*<\/(\w+:)?sync-token>/g, ''),
        );
      if (fault === 'bad-vcard' && up.status === 207)
        text = Buffer.from(
          text
            .toString()
            .replace(/BEGIN:VCARD[\s\S]*?END:VCARD/, 'BEGIN:VCARD\nVERSION:9.9\nEND:VCARD'),
        );
      if (fault === 'bad-ics' && up.status === 207)
        text = Buffer.from(
          text
            .toString()
            .replace(/BEGIN:VEVENT[\s\S]*?END:VEVENT/, 'BEGIN:VEVENT\nDTSTART:garbage'),
        );
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k))
          out[k] = v;
      });
      res.writeHead(up.status, out).end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get fault() {
      return state.fault;
    },
    set fault(f: Fault) {
      state.fault = f;
    },
    seen,
    close: async () => {
      for (const h of hanging) h();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
