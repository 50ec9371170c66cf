// The client's 207 reader (RFC 4918 §13) and request bodies: props of 2xx propstats only, hrefs
// inside properties, the multistatus sync-token (RFC 6578 §6.4), removed members as 404 responses,
// 507 truncation on the request URI (§3.6); a DOCTYPE, a non-multistatus body or broken XML are
// refused as `malformed`, never half-read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { CaldavClient, CaldavError } from '../../../adapters/caldav-client.js';
import { parseMultistatus } from '../../../adapters/caldav-client/multistatus.js';
import {
  CALDAV_NS as CALDAV,
  DAV_NS as DAV,
  clark as key,
} from '../../../formats/webdav/namespaces.js';
import { preconditionOf } from '../../../formats/webdav/read-multistatus.js';
import { multigetBody, syncCollectionBody } from '../../../formats/webdav/requests.js';
import { createHttpClient } from '../../../adapters/http.js';

const OK = '<d:status>HTTP/1.1 200 OK</d:status>';

test('reads props, hrefs in props, component names and only 2xx propstats', (t) => {
  const ms =
    parseMultistatus(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>
<c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name="VTODO"/></c:supported-calendar-component-set>
<d:current-user-principal><d:href>/p/alice/</d:href></d:current-user-principal></d:prop>${OK}</d:propstat>
<d:propstat><d:prop><d:sync-token/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response></d:multistatus>`);
  const [r] = ms.responses;
  t.is(r?.href, '/cal/');
  t.deepEqual(r?.props.get(key(DAV, 'resourcetype'))?.children, [
    key(DAV, 'collection'),
    key(CALDAV, 'calendar'),
  ]);
  t.deepEqual(r?.props.get(key(CALDAV, 'supported-calendar-component-set'))?.names, [
    'VEVENT',
    'VTODO',
  ]);
  t.deepEqual(r?.props.get(key(DAV, 'current-user-principal'))?.hrefs, ['/p/alice/']);
  t.false(r?.props.has(key(DAV, 'sync-token')), 'a 404 propstat is not a value');
});

test('refuses DOCTYPE, other roots and broken XML as malformed', (t) => {
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d:multistatus xmlns:d="DAV:">&a;</d:multistatus>';
  for (const body of [
    bomb,
    '<html><body>proxy error</body></html>',
    '<d:multistatus xmlns:d="DAV:"><d:response>',
    '',
  ]) {
    const err = t.throws(() => parseMultistatus(body), { instanceOf: CaldavError });
    t.is(err?.code, 'malformed');
  }
  t.is(
    preconditionOf('<D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>'),
    'valid-sync-token',
  );
});

test('request bodies name the right elements and escape hrefs', (t) => {
  t.regex(
    syncCollectionBody('http://x/sync/1?a&b', [{ ns: DAV, name: 'getetag' }]),
    /<d:sync-token>http:\/\/x\/sync\/1\?a&amp;b<\/d:sync-token><d:sync-level>1<\/d:sync-level>/,
  );
  t.regex(multigetBody(['/c/a&b.ics']), /<d:href>\/c\/a&amp;b.ics<\/d:href>/);
});

test('sync-collection: removals, 507 truncation and an invalid token', async (t) => {
  let answer = '';
  let status = 207;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/xml' }).end(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cal/`;
  const http = createHttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 2000,
    maxResponseBytes: 100_000,
    maxRedirects: 0,
    retries: 0,
    userAgent: 't',
  });
  const client = new CaldavClient(http, async () => 'Basic eDp5');
  try {
    answer = `<d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop>${OK}</d:propstat></d:response>
<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
<d:response><d:href>/cal/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response><d:sync-token>tok-2</d:sync-token></d:multistatus>`;
    const s = await client.syncCollection(base, 'tok-1');
    t.deepEqual(s.changed, [{ href: `${base}a.ics`, etag: '"1"' }]);
    t.deepEqual(s.removed, [`${base}gone.ics`]);
    t.is(s.token, 'tok-2');
    t.true(s.truncated);
    status = 403;
    answer = '<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>';
    const err = await t.throwsAsync(client.syncCollection(base, 'tok-1'), {
      instanceOf: CaldavError,
    });
    t.is(err?.code, 'invalid_sync_token');
    status = 207;
    answer = '<d:multistatus xmlns:d="DAV:"></d:multistatus>';
    t.is(
      (await t.throwsAsync(client.syncCollection(base, null), { instanceOf: CaldavError }))?.code,
      'malformed',
      'a sync answer needs a token',
    );
  } finally {
    server.close();
  }
});

test('the outbound guard applies: a private address is refused without an allow-list entry', async (t) => {
  const http = createHttpClient({
    allowHosts: [],
    timeoutMs: 2000,
    maxResponseBytes: 100_000,
    maxRedirects: 0,
    retries: 0,
    userAgent: 't',
  });
  const client = new CaldavClient(http, async () => 'Basic eDp5');
  const err = await t.throwsAsync(
    client.propfind('http://127.0.0.1:9/cal/', 0, [{ ns: DAV, name: 'resourcetype' }]),
    { instanceOf: CaldavError },
  );
  t.regex(err?.message ?? '', /refused to connect/);
});
