import { storeTest } from '../helpers/databases.js';

storeTest(
  'exchange log: numbered rows with counts and errors, filtered by system, direction, status and date',
  async (t, { store }) => {
    const a = await store.exchangeLog.start('1c', 'inbound', 'main');
    await store.exchangeLog.finish(a, 'ok', { created: 10, updated: 2 });
    const b = await store.exchangeLog.start('caldav', 'outbound', 'alice@nextcloud');
    await store.exchangeLog.finish(b, 'error', { failed: 1 }, 'HTTP 412 Precondition Failed');
    const c = await store.exchangeLog.start('1c', 'outbound');
    t.true(b > a && c > b, 'numbers increase');
    t.like(await store.exchangeLog.get(a), {
      system: '1c',
      direction: 'inbound',
      status: 'ok',
      created: 10,
      updated: 2,
      deleted: 0,
    });
    t.like(await store.exchangeLog.get(c), { status: 'running', finishedAt: null });
    t.deepEqual(
      (await store.exchangeLog.list()).map((e) => e.id),
      [c, b, a],
      'newest first',
    );
    t.deepEqual(
      (await store.exchangeLog.list({ system: '1c' })).map((e) => e.id),
      [c, a],
    );
    t.deepEqual(
      (await store.exchangeLog.list({ direction: 'outbound', status: 'error' })).map(
        (e) => e.error,
      ),
      ['HTTP 412 Precondition Failed'],
    );
    t.deepEqual(await store.exchangeLog.list({ from: '2999-01-01' }), []);
    t.deepEqual(await store.exchangeLog.systems(), ['1c', 'caldav']);
  },
);

storeTest(
  'sync links: one remote object maps to one record; upsert moves it; links go with the record when purged',
  async (t, { store, admin }) => {
    const p1 = await store.records.create(admin, 'Products', { values: { productname: 'One' } });
    const p2 = await store.records.create(admin, 'Products', { values: { productname: 'Two' } });
    const link = {
      system: '1c',
      connection: 'main',
      remoteId: 'bd72d8f9-55bc-11d9-848a-00112f43529a',
      module: 'Products',
      remoteEtag: null,
      contentHash: 'h1',
    };
    await store.syncLinks.upsert({ ...link, recordId: p1.id });
    await store.syncLinks.upsert({ ...link, system: 'shop', recordId: p1.id, remoteId: '17' });
    t.like(await store.syncLinks.find('1c', 'main', link.remoteId), {
      recordId: p1.id,
      contentHash: 'h1',
    });
    t.is(
      await store.syncLinks.find('1c', 'other', link.remoteId),
      null,
      'connections are separate',
    );
    await store.syncLinks.upsert({ ...link, recordId: p2.id, contentHash: 'h2', remoteEtag: 'v2' });
    t.like(await store.syncLinks.find('1c', 'main', link.remoteId), {
      recordId: p2.id,
      contentHash: 'h2',
      remoteEtag: 'v2',
    });
    t.deepEqual(
      (await store.syncLinks.forRecord(p1.id)).map((l) => l.system),
      ['shop'],
    );
    await store.recycleBin.delete(admin, 'Products', p2.id);
    await store.recycleBin.purge(admin, [p2.id]);
    t.is(await store.syncLinks.find('1c', 'main', link.remoteId), null);
    await store.syncLinks.remove('shop', 'main', '17');
    t.deepEqual(await store.syncLinks.forRecord(p1.id), []);
  },
);
