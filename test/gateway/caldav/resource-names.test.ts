// Names a client may not give a resource (gateway/caldav/README.md §1.4; RFC 3986 §3.3 dot
// segments): `.`, `..`, control characters (NUL included) and an encoded `/` are refused with 400
// on PUT, MKCALENDAR, MOVE and COPY (in the request URI or the Destination), with the store
// unchanged. The requests go out raw through node:http, since fetch would resolve the dot segments.
import { request } from 'node:http';
import test from 'ava';
import { BASIC, EVENTS, ICS, startDav, vevent, type Dav } from './dav-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

function raw(
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${dav.gw.url}${path}`,
      { method, path, headers: { authorization: BASIC, ...headers }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

async function rows(): Promise<string> {
  const { knex } = dav.gw.store.db;
  const counts: number[] = [];
  for (const table of ['crm_entities', 'caldav_objects', 'sync_links', 'change_log'])
    counts.push(Number((await knex(table).count<{ n: number }[]>({ n: '*' }))[0]?.n ?? -1));
  return counts.join('/');
}

const BAD_NAMES: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['..', '..', /"\.\." or "\."/],
  ['.', '.', /"\.\." or "\."/],
  ['%2E%2E', 'an encoded ..', /"\.\." or "\."/],
  ['%2e', 'an encoded .', /"\.\." or "\."/],
  ['a%00.ics', 'NUL', /control character/],
  ['a%0A.ics', 'a line feed', /control character/],
  ['a%7F.ics', 'DEL', /control character/],
  ['a%2Fb.ics', 'an encoded /', /encoded "\/"/],
];

for (const [segment, what, message] of BAD_NAMES) {
  test.serial(`PUT and MKCALENDAR refuse ${what} as a name with 400`, async (t) => {
    const before = await rows();
    const put = await raw('PUT', `${EVENTS}${segment}`, vevent(`name-${segment}@test`), ICS);
    t.is(put.status, 400, put.text);
    t.regex(put.text, message);
    const mk = await raw('MKCALENDAR', `/dav/calendars/admin/${segment}/`);
    t.is(mk.status, 400, mk.text);
    t.regex(mk.text, message);
    t.is(await rows(), before);
  });

  test.serial(`MOVE and COPY refuse ${what} in the URI or the Destination with 400`, async (t) => {
    const before = await rows();
    for (const method of ['MOVE', 'COPY']) {
      const from = await raw(method, `${EVENTS}${segment}`, '', {
        destination: `${dav.gw.url}${EVENTS}ok.ics`,
      });
      t.is(from.status, 400, `${method} ${from.text}`);
      t.regex(from.text, message);
      const to = await raw(method, `${EVENTS}ok.ics`, '', {
        destination: `${dav.gw.url}${EVENTS}${segment}`,
      });
      t.is(to.status, 400, `${method} ${to.text}`);
      t.regex(to.text, message);
    }
    t.is(await rows(), before);
  });
}

test.serial('ordinary names still work, and MOVE/COPY with them stay 405', async (t) => {
  const name = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6%40example.com.ics';
  t.is((await raw('PUT', `${EVENTS}${name}`, vevent('ordinary@test'), ICS)).status, 201);
  t.is((await raw('GET', `${EVENTS}${name}`)).status, 200);
  const move = await raw('MOVE', `${EVENTS}${name}`, '', {
    destination: `${dav.gw.url}${EVENTS}other.ics`,
  });
  t.is(move.status, 405);
});
