// The server's own caps (RFC 6578 §3.6 page cap on sync-collection; RFC 4791 §7.9 multiget batch with
// DAV:number-of-matches-within-limits), reached with small limits: a client looping on the tokens of
// truncated pages gets every change exactly once.
import test from 'ava';
import { EVENTS, ICS, startDav, syncBody, tokenOf, vevent } from './dav-fixture.js';
import { davProp, errorOf, responseAt, withProps } from '../../helpers/multistatus.js';

test('sync-collection pages at the server cap with 507 and a token covering only the page; the loop sees every change once', async (t) => {
  const dav = await startDav({}, { caldavLimits: { syncPageSize: 2, maxMultiget: 3 } });
  try {
    const start = tokenOf((await dav.req('REPORT', EVENTS, syncBody(''))).text);
    for (let i = 0; i < 5; i++)
      t.is((await dav.req('PUT', `${EVENTS}p${i}.ics`, vevent(`p${i}@test`), ICS)).status, 201);
    const seen: string[] = [];
    let token = start;
    let pages = 0;
    for (; pages < 10; pages++) {
      // A client limit above the cap is cut to the cap.
      const r = await dav.req('REPORT', EVENTS, syncBody(token, pages === 0 ? 100 : undefined), {
        depth: '1',
      });
      t.is(r.status, 207);
      seen.push(...withProps(r.text).map((n) => n.replace(/\.ics$/, '')));
      token = tokenOf(r.text);
      const cut = responseAt(r.text, EVENTS);
      if (!cut) break;
      t.is(cut.status, 507);
      t.is(cut.error, davProp('number-of-matches-within-limits'));
    }
    t.deepEqual(seen, ['p0', 'p1', 'p2', 'p3', 'p4']);
    t.is(pages, 2, 'three pages: 2 + 2 + 1');

    const hrefs = (n: number): string =>
      Array.from({ length: n }, (_, i) => `<d:href>${EVENTS}p${i}.ics</d:href>`).join('');
    const multiget = (n: number): string =>
      `<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>${hrefs(n)}</c:calendar-multiget>`;
    t.is((await dav.req('REPORT', EVENTS, multiget(3), { depth: '1' })).status, 207);
    const over = await dav.req('REPORT', EVENTS, multiget(4), { depth: '1' });
    t.is(over.status, 403);
    t.is(errorOf(over.text), davProp('number-of-matches-within-limits'));
  } finally {
    await dav.gw.dispose();
  }
});
