// An address book whose server offers no sync-collection (no {DAV:}sync-token, RFC 6578 §3): every
// run lists it whole by PROPFIND with ETags and fetches only cards whose ETag moved; a card gone
// from a non-empty listing sends its contact to the recycle bin, nothing is created twice.
import test from 'ava';
import { startFaultProxy } from '../caldav-bridge/fault-proxy.js';
import {
  cardWorld,
  contactsOf,
  linkBook,
  radicale,
  readContact,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

test('without sync-collection the ETag listing carries edits and deletes once', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'no-sync');
  const proxy = await startFaultProxy(rad.url);
  proxy.fault = 'no-sync-token';
  try {
    await remote.put(`${w.book}a.vcf`, vcard('a', ['FN:Al One', 'N:One;Al;;;']));
    await remote.put(`${w.book}b.vcf`, vcard('b', ['FN:Bo Two', 'N:Two;Bo;;;']));
    const link = await linkBook(w, rad, 'both', proxy.url);
    const first = await w.bridge.syncNow(link.id);
    t.true(first.ok, first.error ?? '');
    t.is(first.counts.pulledCreated, 2);
    const idle = await w.bridge.syncNow(link.id);
    t.true(idle.ok, idle.error ?? '');
    t.deepEqual([idle.counts.pulledCreated, idle.counts.pulledUpdated], [0, 0]);
    await remote.put(`${w.book}a.vcf`, vcard('a', ['FN:Al One', 'N:One;Al;;;', 'TITLE:Edited']));
    await remote.del(`${w.book}b.vcf`);
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.pulledUpdated, 1);
    t.is(run.counts.pulledDeleted, 1);
    const live = await contactsOf(w);
    t.is(live.length, 1);
    t.is((await readContact(w, live[0]?.id ?? 0))?.values['title'], 'Edited');
  } finally {
    await proxy.close();
    await w.dispose();
  }
});
