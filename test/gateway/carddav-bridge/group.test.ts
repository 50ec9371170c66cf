// A link that carries a group's contacts (records owned by the group) instead of the user's own:
// the group's contacts go to the address book, the user's own stay out, and remote cards become
// contacts owned by the group.
import test from 'ava';
import {
  cardWorld,
  janeActor,
  radicale,
  readContact,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

test("a group link carries the group's contacts both ways", async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'group-link');
  try {
    const sales = await w.ts.store.groups.create('Sales');
    await w.ts.store.groups.addMember(sales.id, w.userId);
    const admin = { userId: w.userId, isAdmin: true, groupIds: [sales.id] };
    const shared = await w.ts.store.records.create(admin, 'Contacts', {
      values: { firstname: 'Sam', lastname: 'Shared', email: 'sam@x.test' },
      owner: { kind: 'group', id: sales.id },
    });
    await w.ts.store.records.create(janeActor(w), 'Contacts', {
      values: { firstname: 'Pat', lastname: 'Private', email: 'pat@x.test' },
    });
    await remote.put(`${w.book}r.vcf`, vcard('r', ['FN:Rae Remote', 'N:Remote;Rae;;;']));
    const link = await w.bridge.create({
      userId: w.userId,
      url: w.book,
      username: 'alice',
      password: 'secret',
      groupId: sales.id,
    });
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.pushedCreated, 1);
    t.is(run.counts.pulledCreated, 1);
    const bodies = await Promise.all(
      (await remote.list(w.book)).map(async (h) => (await remote.get(h)).body),
    );
    t.true(bodies.some((b) => b.includes(`crm-contact-${shared.id}`)));
    t.false(
      bodies.some((b) => b.includes('pat@x.test')),
      "the user's own contact stays out",
    );
    const pulled = await w.ts.store.db
      .knex('crm_entities')
      .where({ module: 'Contacts', label: 'Rae Remote' })
      .first<{ id: number } | undefined>('id');
    const record = await readContact(w, Number(pulled?.id));
    t.deepEqual(record?.owner, { kind: 'group', id: sales.id });
  } finally {
    await w.dispose();
  }
});
