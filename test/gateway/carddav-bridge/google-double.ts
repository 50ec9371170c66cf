// A local double of Google Contacts over CardDAV as developers.google.com/people/carddav describes
// it: Bearer access tokens only (RFC 6750), vCard 3.0 only, new cards by POST to the address book
// (a PUT to a new href is refused), sync-collection on the book; next to an OAuth token endpoint
// that rotates refresh tokens (RFC 6749 §6) and an authorization endpoint that approves at once
// and redirects back with a code (§4.1.2), exchanged once at the token endpoint (§4.1.3).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOOK_PATH = '/carddav/v1/principals/jane%40x.test/lists/default/';

export interface GoogleDouble {
  readonly url: string;
  readonly book: string;
  readonly tokenUrl: string;
  readonly authUrl: string;
  /** The grant_type of every token request. */
  readonly grants: string[];
  /** Cards by path, with their ETags. */
  readonly cards: Map<string, { vcard: string; etag: string }>;
  /** "METHOD path" of every CardDAV request. */
  readonly seen: string[];
  close(): Promise<void>;
}

const ms = (inner: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">${inner}</d:multistatus>`;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGoogleDouble(): Promise<GoogleDouble> {
  const cards = new Map<string, { vcard: string; etag: string }>();
  const seen: string[] = [];
  const access = new Set<string>();
  let refresh = 'rt-0';
  let n = 0;
  let version = 1;
  const grants: string[] = [];
  const codes = new Set<string>();
  const authorize = (req: IncomingMessage, res: ServerResponse): void => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const back = new URL(q.get('redirect_uri') ?? 'http://invalid/');
    const code = `code-${codes.size + 1}`;
    codes.add(code);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.href }).end();
  };
  /** A code once (RFC 6749 §4.1.3) or the current refresh token (§6) buys a rotated pair. */
  const granted = (form: URLSearchParams): boolean => {
    if (form.get('client_secret') !== 'client-secret-1') return false;
    if (form.get('grant_type') === 'authorization_code')
      return codes.delete(form.get('code') ?? '');
    return form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === refresh;
  };
  const token = (body: string, res: ServerResponse): void => {
    const form = new URLSearchParams(body);
    grants.push(form.get('grant_type') ?? '');
    if (!granted(form)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      return;
    }
    n++;
    refresh = `rt-${n}`;
    access.add(`at-${n}`);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: `at-${n}`, expires_in: 3600, refresh_token: refresh }));
  };
  const entry = (path: string, withData: boolean): string => {
    const c = cards.get(path);
    if (!c)
      return `<d:response><d:href>${path}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`;
    const data = withData ? `<card:address-data>${esc(c.vcard)}</card:address-data>` : '';
    return `<d:response><d:href>${path}</d:href><d:propstat><d:prop><d:getetag>${c.etag}</d:getetag>${data}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  };
  const dav = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push(`${req.method} ${path}`);
    if (!access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      res.writeHead(401).end();
      return;
    }
    const tag = (): string => `"e${version++}"`;
    if (req.method === 'PROPFIND' && path === BOOK_PATH) {
      res
        .writeHead(207, { 'content-type': 'application/xml' })
        .end(
          ms(
            `<d:response><d:href>${BOOK_PATH}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Contacts</d:displayname><d:sync-token>https://g/sync/${version}</d:sync-token></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
          ),
        );
      return;
    }
    if (req.method === 'REPORT' && path === BOOK_PATH) {
      if (body.includes('sync-collection')) {
        const all = [...cards.keys()].map((p) => entry(p, false)).join('');
        res
          .writeHead(207, { 'content-type': 'application/xml' })
          .end(ms(`${all}<d:sync-token>https://g/sync/${version}</d:sync-token>`));
        return;
      }
      const hrefs = [...body.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1] ?? '');
      res
        .writeHead(207, { 'content-type': 'application/xml' })
        .end(ms(hrefs.map((h) => entry(h, true)).join('')));
      return;
    }
    if ((req.method === 'POST' || req.method === 'PUT') && !/^VERSION:3\.0\r?$/m.test(body)) {
      res.writeHead(400).end('vCard 3.0 only');
      return;
    }
    if (req.method === 'POST' && path === BOOK_PATH) {
      const made = `${BOOK_PATH}c${version}`;
      const etag = tag();
      cards.set(made, { vcard: body, etag });
      res.writeHead(201, { location: made, etag }).end();
      return;
    }
    const there = cards.get(path);
    if (req.method === 'PUT') {
      if (!there) return void res.writeHead(403).end('create contacts by POST');
      if (req.headers['if-match'] !== there.etag) return void res.writeHead(412).end();
      const etag = tag();
      cards.set(path, { vcard: body, etag });
      res.writeHead(204, { etag }).end();
      return;
    }
    if (req.method === 'DELETE') {
      cards.delete(path);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(405).end();
  };
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/authorize?')) return authorize(req, res);
    void read(req)
      .then((body) => (req.url === '/token' ? token(body, res) : dav(req, body, res)))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    book: `${url}${BOOK_PATH}`,
    tokenUrl: `${url}/token`,
    authUrl: `${url}/authorize`,
    grants,
    cards,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
