// One hostile body must not freeze the gateway (gateway/dav/README.md, "Limits"): a PROPFIND or
// REPORT nested 50,000 levels deep, well under the 1 MiB XML cap, is refused with 400 at once, and
// a /healthz sent at the same moment is answered without waiting for it.
import test from 'ava';
import { BASIC, EVENTS, startDav, type Dav } from './dav-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

function nested(root: string, levels: number): string {
  const open = `<d:${root} xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`;
  return open + '<d:prop>'.repeat(levels - 1) + '</d:prop>'.repeat(levels - 1) + `</d:${root}>`;
}

async function timed(
  path: string,
  init: RequestInit,
): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const r = await fetch(dav.gw.url + path, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await r.text();
  return { status: r.status, ms: performance.now() - started, text };
}

for (const [method, root] of [
  ['PROPFIND', 'propfind'],
  ['REPORT', 'sync-collection'],
] as const) {
  test.serial(
    `${method} nested 50,000 levels is 400 at once and /healthz answers meanwhile`,
    async (t) => {
      const body = nested(root, 50_000);
      t.true(body.length < 1024 * 1024, 'under the XML body cap');
      const hostile = timed(EVENTS, {
        method,
        body,
        headers: { authorization: BASIC, depth: '1', 'content-type': 'application/xml' },
      });
      const health = timed('/healthz', {});
      const [h, r] = await Promise.all([health, hostile]);
      t.is(r.status, 400);
      t.regex(r.text, /nested deeper than 40/);
      t.true(r.ms < 1500, `answered in ${Math.round(r.ms)} ms`);
      t.is(h.status, 200);
      t.true(h.ms < 1500, `/healthz answered in ${Math.round(h.ms)} ms`);
    },
  );
}
