// The findings of the CommerceML check pass kept per file digest (gateway/commerceml/
// verified-files.ts): found again for the same bytes only, and bounded to the latest 16 files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  fileDigest,
  findChecked,
  rememberChecked,
} from '../../gateway/commerceml/verified-files.js';
import { storeTest } from '../helpers/databases.js';

storeTest(
  'checked files: same bytes same digest, one byte more another; the latest 16 are kept',
  async (t, { store }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-digest-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'a.xml'), '<a/>');
    writeFileSync(path.join(dir, 'b.xml'), '<a/>');
    writeFileSync(path.join(dir, 'c.xml'), '<a/> ');
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((n) => fileDigest(path.join(dir, `${n}.xml`))),
    );
    t.is(a, b);
    t.not(a, c);
    const checked = {
      priceTypes: new Map([['retail', 'RUB']]),
      currencies: new Set(['RUB']),
      warehouses: new Map([['w1', 'Склад 1']]),
      units: new Map([['796', 'шт']]),
    };
    await rememberChecked(store.settings, a ?? '', checked);
    t.deepEqual(await findChecked(store.settings, b ?? ''), checked);
    t.is(await findChecked(store.settings, c ?? ''), null);
    for (let i = 0; i < 20; i++) await rememberChecked(store.settings, `digest-${i}`, checked);
    t.is(await findChecked(store.settings, a ?? ''), null);
    t.truthy(await findChecked(store.settings, 'digest-19'));
    t.truthy(await findChecked(store.settings, 'digest-4'));
    t.is(await findChecked(store.settings, 'digest-3'), null);
    // An entry kept before unit names were collected is checked again rather than trusted.
    await store.settings.set('commerceml.verified-files', [
      { digest: 'old', priceTypes: [], currencies: [], warehouses: [] },
    ]);
    t.is(await findChecked(store.settings, 'old'), null);
  },
);
