// First sync of an address book that already holds the CRM's contacts: cards with the same
// e-mail or phone are linked, not duplicated; the rest go each way once; a second sync is idle.
import test from 'ava';
import {
  cardWorld,
  contactsOf,
  linkBook,
  newContact,
  radicale,
  readContact,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

test('first sync links cards by e-mail and phone and duplicates nothing', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'first-sync');
  try {
    const ann = await newContact(w, { firstname: 'Ann', lastname: 'Lee', email: 'ann@x.test' });
    const bob = await newContact(w, {
      firstname: 'Bob',
      lastname: 'Ray',
      mobile: '+49 30 1234567',
    });
    const crmOnly = await newContact(w, { firstname: 'Cy', lastname: 'Crm', email: 'cy@x.test' });
    await remote.put(
      `${w.book}ann.vcf`,
      vcard('ann-phone', [
        'FN:Ann Lee',
        'N:Lee;Ann;;;',
        'EMAIL;TYPE=INTERNET:ANN@x.test',
        'X-KEEP:1',
      ]),
    );
    await remote.put(
      `${w.book}bob.vcf`,
      vcard('bob-phone', ['FN:Bob Ray', 'N:Ray;Bob;;;', 'TEL;TYPE=CELL:030 1234567']),
    );
    await remote.put(
      `${w.book}dee.vcf`,
      vcard('dee-phone', ['FN:Dee Far', 'N:Far;Dee;;;', 'EMAIL:dee@x.test']),
    );
    const link = await linkBook(w, rad);
    const first = await w.bridge.syncNow(link.id);
    t.true(first.ok, first.error ?? '');
    t.is(first.counts.pulledCreated, 1, 'only Dee is new to the CRM');
    t.is(first.counts.pushedCreated, 1, 'only Cy is new to the remote');
    const contacts = await contactsOf(w);
    t.is(contacts.length, 4);
    const cards = await remote.list(w.book);
    t.is(cards.length, 4);
    // The matched cards keep what the remote holds beyond the CRM's fields.
    t.regex((await remote.get(`${w.book}ann.vcf`)).body, /X-KEEP:1/);
    t.is((await readContact(w, ann.id))?.values['email'], 'ann@x.test');
    t.is((await w.ts.store.records.status(bob.id))?.deleted, false);
    const pushed = cards.find((c) => c.includes(`crm-contact-${crmOnly.id}`));
    t.truthy(pushed);
    t.regex((await remote.get(pushed ?? '')).body, /cy@x\.test/);
    const second = await w.bridge.syncNow(link.id);
    t.true(second.ok, second.error ?? '');
    t.deepEqual(
      [second.counts.pulledCreated, second.counts.pushedCreated, second.counts.pushedUpdated],
      [0, 0, 0],
    );
    t.is((await contactsOf(w)).length, 4);
    t.is((await remote.list(w.book)).length, 4);
  } finally {
    await w.dispose();
  }
});
