// A minimal CalDAV server on loopback for what Radicale cannot show: a calendar without the
// sync-token property (RFC 6578 not supported), and a Google-style server that accepts only a
// current Bearer token (RFC 6750), next to an OAuth token endpoint that rotates refresh tokens.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubDav {
  readonly url: string;
  /** Authorization headers seen by the CalDAV side. */
  readonly auth: string[];
  /** Bodies posted to the token endpoint. */
  readonly tokenRequests: URLSearchParams[];
  /** Objects PUT to the calendar, by path. */
  readonly objects: Map<string, string>;
  /** Access tokens the CalDAV side accepts (the token endpoint adds each one it issues). */
  readonly validAccess: Set<string>;
  close(): Promise<void>;
}

const MS = (inner: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${inner}</d:multistatus>`;
const OK = '<d:status>HTTP/1.1 200 OK</d:status>';

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startStubDav(options: {
  syncToken: boolean;
  bearer: boolean;
}): Promise<StubDav> {
  const auth: string[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const objects = new Map<string, string>();
  const validAccess = new Set<string>();
  let refresh = 'rt-0';
  let issued = 0;
  const token = (body: string, res: ServerResponse): void => {
    const form = new URLSearchParams(body);
    tokenRequests.push(form);
    const byCode =
      form.get('grant_type') === 'authorization_code' &&
      form.get('code') === 'code-1' &&
      (form.get('redirect_uri') ?? '').endsWith('/console/caldav-links/oauth/callback');
    const byRefresh =
      form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === refresh;
    if (!(byCode || byRefresh) || form.get('client_secret') !== 'client-secret-1') {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_grant' }));
      return;
    }
    issued++;
    refresh = `rt-${issued}`; // rotation: the old refresh token is spent
    const access = `at-${issued}`;
    validAccess.add(access);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        access_token: access,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: refresh,
      }),
    );
  };
  const dav = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const header = req.headers.authorization ?? '';
    auth.push(header);
    if (options.bearer && !validAccess.has(header.replace(/^Bearer /, ''))) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const calProps = `<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>Work</d:displayname>${options.syncToken ? '<d:sync-token>http://stub/sync/1</d:sync-token>' : ''}`;
    if (req.method === 'PROPFIND' && path === '/dav/') {
      res
        .writeHead(207)
        .end(
          MS(
            `<d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:current-user-principal><d:href>/dav/p/</d:href></d:current-user-principal></d:prop>${OK}</d:propstat></d:response>`,
          ),
        );
    } else if (req.method === 'PROPFIND' && path === '/dav/p/') {
      res
        .writeHead(207)
        .end(
          MS(
            `<d:response><d:href>/dav/p/</d:href><d:propstat><d:prop><c:calendar-home-set><d:href>/dav/home/</d:href></c:calendar-home-set></d:prop>${OK}</d:propstat></d:response>`,
          ),
        );
    } else if (req.method === 'PROPFIND' && path === '/dav/home/') {
      res
        .writeHead(207)
        .end(
          MS(
            `<d:response><d:href>/dav/home/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>${OK}</d:propstat></d:response>` +
              `<d:response><d:href>/dav/home/work/</d:href><d:propstat><d:prop>${calProps}</d:prop>${OK}</d:propstat>` +
              `<d:propstat><d:prop>${options.syncToken ? '' : '<d:sync-token/>'}</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>`,
          ),
        );
    } else if (req.method === 'PROPFIND' && path === '/dav/home/work/') {
      res
        .writeHead(207)
        .end(
          MS(
            `<d:response><d:href>/dav/home/work/</d:href><d:propstat><d:prop>${calProps}</d:prop>${OK}</d:propstat></d:response>`,
          ),
        );
    } else if (
      req.method === 'REPORT' &&
      path === '/dav/home/work/' &&
      body.includes('sync-collection')
    ) {
      const members = [...objects.keys()].map(
        (p) =>
          `<d:response><d:href>${p}</d:href><d:propstat><d:prop><d:getetag>"e${objects.get(p)?.length ?? 0}"</d:getetag></d:prop>${OK}</d:propstat></d:response>`,
      );
      res
        .writeHead(207)
        .end(MS(members.join('') + '<d:sync-token>http://stub/sync/2</d:sync-token>'));
    } else if (req.method === 'REPORT' && path === '/dav/home/work/') {
      const members = [...objects.entries()].map(
        ([p, ics]) =>
          `<d:response><d:href>${p}</d:href><d:propstat><d:prop><d:getetag>"e${ics.length}"</d:getetag><c:calendar-data>${ics.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</c:calendar-data></d:prop>${OK}</d:propstat></d:response>`,
      );
      res.writeHead(207).end(MS(members.join('')));
    } else if (req.method === 'PUT' && path.startsWith('/dav/home/work/')) {
      objects.set(path, body);
      res.writeHead(201, { etag: `"e${body.length}"` }).end();
    } else {
      res.writeHead(404).end();
    }
  };
  // The provider's authorization page, approving at once: back to redirect_uri with a code and the state.
  const authorize = (req: IncomingMessage, res: ServerResponse): void => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const back = new URL(q.get('redirect_uri') ?? 'http://invalid/');
    back.searchParams.set('code', 'code-1');
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.href }).end();
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      if (req.url === '/token' && req.method === 'POST') token(body, res);
      else if (req.url?.startsWith('/authorize')) authorize(req, res);
      else dav(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth,
    tokenRequests,
    objects,
    validAccess,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
