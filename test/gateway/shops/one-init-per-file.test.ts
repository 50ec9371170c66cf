// Shops that take one file per checkauth/init session (django-cml2; sync/shop/README.md §3): the
// connection's one-init-per-file switch makes the push open a session for import.xml (with its
// pictures) and another for offers.xml. The double refuses anything else, so without the switch
// the push fails with the shop's words.
import { createHash } from 'node:crypto';
import test from 'ava';
import { addPicture } from '../../../store/commerceml/product-pictures.js';
import { pushCatalog } from '../../../sync/shop/catalog-push.js';
import { sqliteStore } from '../../helpers/store.js';
import { runDeps, smallCatalog } from './shop-fixture.js';
import { startShopDouble } from './shop-double.js';

async function setup(
  t: { teardown(fn: () => Promise<void> | void): void },
  oneInitPerFile: boolean,
): Promise<{
  deps: ReturnType<typeof runDeps>;
  id: number;
  shop: Awaited<ReturnType<typeof startShopDouble>>;
}> {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const cat = await smallCatalog(ts.store, ts.admin);
  const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
  await addPicture(ts.store.db.knex, cat.boots, {
    fileName: 'import_files/aa/boots.png',
    mime: 'image/png',
    sha256: createHash('sha256').update(png).digest('hex'),
    content: png,
  });
  const shop = await startShopDouble({ flavor: 'opencart', zip: false, oneInitPerFile: true });
  t.teardown(() => shop.close());
  const deps = runDeps(ts.store);
  const conn = await deps.connections.create({
    name: 'django',
    url: shop.url,
    login: 'admin',
    password: 'secret',
    userId: ts.admin.userId,
    oneInitPerFile,
  });
  return { deps, id: conn.id, shop };
}

test('one init per file: import.xml with its pictures in one session, offers.xml in the next', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, true);
  const result = await pushCatalog(s.deps, s.id);
  t.is(result.pictures, 1);
  const calls = s.shop.seen.map((r) =>
    r.mode === 'file' || r.mode === 'import' ? `${r.mode} ${r.params.get('filename')}` : r.mode,
  );
  t.deepEqual(calls.slice(0, 10), [
    'checkauth',
    'init',
    'file import.xml',
    'file import_files/aa/boots.png',
    'import import.xml',
    'checkauth',
    'init',
    'file offers.xml',
    'import offers.xml',
    'complete',
  ]);
  t.true(s.shop.files.has('offers.xml'));
});

test('without the switch such a shop refuses the second file and the run fails with its words', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, false);
  const err = await t.throwsAsync(() => pushCatalog(s.deps, s.id));
  t.regex(err?.message ?? '', /Only one file per init/);
  t.is((await s.deps.connections.mustGet(s.id)).pushedUntil, null);
});
