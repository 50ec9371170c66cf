// A remote CalDAV server answering a multistatus nested 50,000 levels deep (gateway/dav/README.md,
// "Limits") makes the client fail at once with `malformed`, instead of holding the event loop.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { CaldavClient, CaldavError } from '../../../adapters/caldav-client.js';
import { createHttpClient } from '../../../adapters/http.js';
import { DAV_NS as DAV } from '../../../formats/webdav/namespaces.js';

test('a hostile deeply nested multistatus from a remote fails quickly as malformed', async (t) => {
  const levels = 50_000;
  const answer =
    '<d:multistatus xmlns:d="DAV:"><d:response>' +
    '<d:prop>'.repeat(levels) +
    '</d:prop>'.repeat(levels) +
    '</d:response></d:multistatus>';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(207, { 'content-type': 'application/xml' }).end(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cal/`;
  const http = createHttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 5000,
    maxResponseBytes: 2 * 1024 * 1024,
    maxRedirects: 0,
    retries: 0,
    userAgent: 't',
  });
  const client = new CaldavClient(http, async () => 'Basic eDp5');
  try {
    const started = performance.now();
    const err = await t.throwsAsync(client.propfind(base, 1, [{ ns: DAV, name: 'getetag' }]), {
      instanceOf: CaldavError,
    });
    t.true(performance.now() - started < 1500, 'bounded in time');
    t.is(err?.code, 'malformed');
    t.regex(err?.message ?? '', /nested deeper than 40 .*from the CalDAV server/);
  } finally {
    server.close();
  }
});
