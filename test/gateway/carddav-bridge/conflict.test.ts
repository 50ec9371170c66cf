// Both sides changed a contact since the last sync: the newer change wins (the card's REV, RFC
// 6350 §6.7.4, against the record's modified time) and the loser's fields go to the exchange log.
// An invalid sync token makes a full resync that links what exists and duplicates nothing.
import test from 'ava';
import type { CardWorld } from './fixture.js';
import {
  cardWorld,
  contactsOf,
  janeActor,
  linkBook,
  newContact,
  radicale,
  readContact,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

const card = (uid: string, title: string, rev: string) =>
  vcard(uid, ['FN:Gil Both', 'N:Both;Gil;;;', 'EMAIL:gil@x.test', `TITLE:${title}`, `REV:${rev}`]);

async function conflictWorld(w: CardWorld, rad: { url: string }) {
  const c = await newContact(w, { firstname: 'Gil', lastname: 'Both', email: 'gil@x.test' });
  const link = await linkBook(w, rad as never);
  const first = await w.bridge.syncNow(link.id);
  if (!first.ok) throw new Error(first.error ?? 'first sync failed');
  const href = (await remote.list(w.book))[0] ?? '';
  return { link, contact: c, href };
}

interface Details {
  conflicts: { recordId: number; winner: string; loser: Record<string, string> }[];
}

for (const [remoteRev, winner] of [
  ['20990101T000000Z', 'remote'],
  ['20000101T000000Z', 'crm'],
] as const) {
  test(`both changed: the newer side wins (${winner}), the loser is in the exchange log`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await cardWorld(rad, `conflict-${winner}`);
    try {
      const { link, contact, href } = await conflictWorld(w, rad);
      await w.ts.store.records.update(
        janeActor(w),
        'Contacts',
        contact.id,
        { values: { title: 'CRM title' } },
        'revise',
      );
      const uid = /^UID:(.+)$/m.exec((await remote.get(href)).body)?.[1]?.trim() ?? '';
      t.is(await remote.put(href, card(uid, 'Remote title', remoteRev)), 201);
      const run = await w.bridge.syncNow(link.id);
      t.true(run.ok, run.error ?? '');
      t.is(run.counts.conflicts, 1);
      const want = winner === 'remote' ? 'Remote title' : 'CRM title';
      t.is((await readContact(w, contact.id))?.values['title'], want);
      t.regex((await remote.get(href)).body, new RegExp(`TITLE:${want}`));
      const entry = await w.ts.store.exchangeLog.get(run.exchangeId ?? 0);
      const details = JSON.parse(entry?.details ?? '{}') as Details;
      const noted = details.conflicts.find((c) => c.recordId === contact.id);
      t.is(noted?.winner, winner);
      t.is(noted?.loser['title'], winner === 'remote' ? 'CRM title' : 'Remote title');
    } finally {
      await w.dispose();
    }
  });
}

test('an invalid sync token resyncs in full without duplicates', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'bad-token');
  try {
    const { link } = await conflictWorld(w, rad);
    await remote.put(`${w.book}two.vcf`, vcard('two', ['FN:Two Card', 'N:Card;Two;;;']));
    await w.ts.store.db
      .knex('bridge_collections')
      .where({ link_id: link.id })
      .update({ cursor: 'http://radicale.org/ns/sync/not-a-token' });
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.pulledCreated, 1);
    t.is((await contactsOf(w)).length, 2);
    t.is((await remote.list(w.book)).length, 2);
    const cursor = (await w.ts.store.db
      .knex('bridge_collections')
      .where({ link_id: link.id })
      .first('cursor')) as { cursor: string };
    t.not(cursor.cursor, 'http://radicale.org/ns/sync/not-a-token');
  } finally {
    await w.dispose();
  }
});
