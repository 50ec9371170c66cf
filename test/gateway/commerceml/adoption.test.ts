// Adoption on a first exchange (gateway/commerceml/README.md §2.2) from the index built once per
// import (adoption-index.ts): distinct CRM records for items with the same name and article,
// lowest id first, and candidates deleted, linked or renamed after the index was read are skipped.
import { AdoptionIndex } from '../../../gateway/commerceml/adoption-index.js';
import { storeTest } from '../../helpers/databases.js';

storeTest(
  'the adoption index hands out each live, unlinked record once',
  async (t, { store, admin }) => {
    const make = async (productname: string, productcode?: string): Promise<number> =>
      (
        await store.records.create(admin, 'Products', {
          values: productcode ? { productname, productcode } : { productname },
        })
      ).id;
    const gone = await make('Same', 'X1');
    const first = await make('Same', 'X1');
    const second = await make('Same', 'X1');
    const renamed = await make('Renamed', 'R1');
    const linked = await make('Linked', 'L1');
    const plain = await make('Plain');
    const index = await AdoptionIndex.load(
      store.db.knex,
      store.syncLinks,
      { module: 'Products', table: 'mod_products', system: '1c' },
      { nameField: 'productname', codeField: 'productcode' },
    );
    // Other requests between the read and the batch: a delete, a rename, a link.
    await store.recycleBin.delete(admin, 'Products', gone);
    await store.records.update(
      admin,
      'Products',
      renamed,
      { values: { productname: 'Other' } },
      'revise',
    );
    await store.db.knex.transaction((trx) =>
      store.syncLinks.upsertMany(
        [
          {
            system: '1c',
            connection: 'other',
            remoteId: 'elsewhere',
            recordId: linked,
            module: 'Products',
            remoteEtag: null,
            contentHash: 'h',
          },
        ],
        trx,
      ),
    );
    const claimed = await store.db.knex.transaction((trx) =>
      index.claim(trx, [
        { name: 'Same', code: 'X1' },
        { name: 'Same', code: 'X1' },
        { name: 'Renamed', code: 'R1' },
        { name: 'Linked', code: 'L1' },
        { name: 'Plain', code: null },
        { name: 'Plain', code: '' },
        { name: 'Unknown', code: null },
      ]),
    );
    t.deepEqual(claimed, [first, second, null, null, plain, null, null]);
    // Used up: a later batch does not get them again.
    t.deepEqual(
      await store.db.knex.transaction((trx) =>
        index.claim(trx, [
          { name: 'Same', code: 'X1' },
          { name: 'Plain', code: null },
        ]),
      ),
      [null, null],
    );
  },
);
