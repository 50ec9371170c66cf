import { storeTest } from '../helpers/databases.js';

storeTest(
  'delete → bin → restore gives back exactly the record, its relations and sync links',
  async (t, { store, admin }) => {
    const acc = await store.records.create(admin, 'Accounts', {
      values: { accountname: 'Acme', phone: '123' },
    });
    const con = await store.records.create(admin, 'Contacts', {
      values: { lastname: 'Doe', account_id: String(acc.id) },
    });
    const so = await store.records.create(admin, 'SalesOrder', {
      values: { subject: 'SO', account_id: String(acc.id) },
      lineItems: [
        {
          productId: null,
          quantity: '2',
          listPrice: '9.99',
          discountPercent: null,
          discountAmount: null,
          taxPercent: '19',
          comment: 'x',
        },
      ],
    });
    await store.records.relate(admin, acc.id, con.id);
    await store.syncLinks.upsert({
      system: '1c',
      connection: 'main',
      remoteId: 'guid-1',
      recordId: so.id,
      module: 'SalesOrder',
      remoteEtag: 'v1',
      contentHash: 'h1',
    });
    await store.records.relate(admin, so.id, con.id);

    await store.recycleBin.delete(admin, 'SalesOrder', so.id);
    t.is(await store.records.get(admin, 'SalesOrder', so.id), null);
    t.is(
      await store.syncLinks.find('1c', 'main', 'guid-1'),
      null,
      'remote id no longer finds the deleted record',
    );
    t.false((await store.records.relatedIds(con.id)).includes(so.id));
    const bin = await store.recycleBin.list({ module: 'SalesOrder' });
    t.deepEqual(
      bin.map((b) => [b.recordId, b.label]),
      [[so.id, 'SO']],
    );

    // idempotent delete
    await store.recycleBin.delete(admin, 'SalesOrder', so.id);
    t.is(await store.recycleBin.count(), 1);

    const restored = await store.recycleBin.restore(admin, [so.id]);
    t.deepEqual(restored, [so.id]);
    t.deepEqual(
      await store.records.get(admin, 'SalesOrder', so.id),
      so,
      'the restored record is exactly what was deleted',
    );
    t.is((await store.syncLinks.find('1c', 'main', 'guid-1'))?.recordId, so.id);
    t.true((await store.records.relatedIds(con.id)).includes(so.id));
    t.deepEqual(await store.recycleBin.restore(admin, [so.id]), [], 'idempotent restore');
    t.is(await store.recycleBin.count(), 0);
  },
);

storeTest(
  'purge removes for good; restore all of a module; empty the bin',
  async (t, { store, admin }) => {
    const ids: number[] = [];
    for (const name of ['A', 'B', 'C'])
      ids.push(
        (await store.records.create(admin, 'Accounts', { values: { accountname: name } })).id,
      );
    const lead = await store.records.create(admin, 'Leads', { values: { lastname: 'L' } });
    for (const id of ids) await store.recycleBin.delete(admin, 'Accounts', id);
    await store.recycleBin.delete(admin, 'Leads', lead.id);
    t.is(await store.recycleBin.count('Accounts'), 3);

    t.deepEqual(await store.recycleBin.purge(admin, [ids[0] as number]), [ids[0]]);
    t.deepEqual(await store.recycleBin.purge(admin, [ids[0] as number]), [], 'idempotent purge');
    t.is(await store.records.status(ids[0] as number), null);
    t.is(
      await store.db.knex('mod_accounts').where({ id: ids[0] }).first(),
      undefined,
      'module row went with it',
    );

    t.deepEqual(
      (await store.recycleBin.restoreAll(admin, 'Accounts')).sort(),
      [ids[1], ids[2]].sort(),
    );
    t.is(await store.records.count(admin, 'Accounts'), 2);
    t.is(await store.recycleBin.count(), 1);
    t.is(await store.recycleBin.empty(admin), 1);
    t.is(await store.records.status(lead.id), null);
    t.is(await store.recycleBin.count(), 0);
    // a relation to a purged record does not come back on restore
    const x = await store.records.create(admin, 'Accounts', { values: { accountname: 'X' } });
    const y = await store.records.create(admin, 'Contacts', { values: { lastname: 'Y' } });
    await store.records.relate(admin, x.id, y.id);
    await store.recycleBin.delete(admin, 'Accounts', x.id);
    await store.recycleBin.delete(admin, 'Contacts', y.id);
    await store.recycleBin.purge(admin, [y.id]);
    t.deepEqual(await store.recycleBin.restore(admin, [x.id]), [x.id]);
    t.deepEqual(await store.records.relatedIds(x.id), []);
  },
);

storeTest('bin filter by label is not an injection vector', async (t, { store, admin }) => {
  const a = await store.records.create(admin, 'Accounts', {
    values: { accountname: "O'Brien 100% _ltd" },
  });
  await store.records
    .create(admin, 'Accounts', { values: { accountname: 'Other' } })
    .then((r) => store.recycleBin.delete(admin, 'Accounts', r.id));
  await store.recycleBin.delete(admin, 'Accounts', a.id);
  t.deepEqual(
    (await store.recycleBin.list({ search: "O'Brien 100%" })).map((b) => b.recordId),
    [a.id],
  );
  t.deepEqual(
    (await store.recycleBin.list({ search: '%' })).map((b) => b.recordId),
    [a.id],
    '% is a literal, not a wildcard',
  );
  t.deepEqual(
    (await store.recycleBin.list({ search: 'O_Brien' })).map((b) => b.recordId),
    [],
    '_ is a literal, not a wildcard',
  );
  t.deepEqual(await store.recycleBin.list({ search: "' OR 1=1 --" }), []);
});

storeTest(
  'restore gives links back unchanged; a remote object linked again meanwhile keeps its new record',
  async (t, { store, admin }) => {
    const a = await store.records.create(admin, 'Accounts', { values: { accountname: 'A' } });
    const b = await store.records.create(admin, 'Accounts', { values: { accountname: 'B' } });
    const link = (remoteId: string, recordId: number) => ({
      system: 'caldav',
      connection: 'c1',
      remoteId,
      recordId,
      module: 'Accounts',
      remoteEtag: `"${remoteId}-1"`,
      contentHash: `hash-${remoteId}`,
    });
    await store.syncLinks.upsert(link('kept', a.id));
    await store.syncLinks.upsert(link('taken', a.id));
    const before = await store.syncLinks.forRecord(a.id);

    await store.recycleBin.delete(admin, 'Accounts', a.id);
    t.deepEqual(await store.syncLinks.forRecord(a.id), []);
    await store.syncLinks.upsert(link('taken', b.id));

    t.deepEqual(await store.recycleBin.restore(admin, [a.id]), [a.id]);
    const kept = before.find((l) => l.remoteId === 'kept');
    t.deepEqual(await store.syncLinks.forRecord(a.id), kept ? [kept] : []);
    t.is((await store.syncLinks.find('caldav', 'c1', 'taken'))?.recordId, b.id);
  },
);
