// Warehouse and unit names declared in one package and referred to by code in another
// (gateway/commerceml/README.md §2.1 table, 3.1: Классификатор holds Склады and ЕдиницыИзмерения,
// rests.xml names a warehouse only by Ид, БазоваяЕдиница is only the code `796`), with the 3.1
// fixtures on SQLite and PostgreSQL: stock and units stored before a declaration take the names
// once it arrives, a later declaration renames, and a code nothing declared stays as 1C sent it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { productExtras } from '../../store/commerceml/product-extras.js';
import { storeTest } from '../helpers/databases.js';
import { importFile } from '../helpers/catalog-import.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/commerceml');
const IMPORT_31 = path.join(FIXTURES, 'irpsv-commerceml__bitrix-module-6.5_goods-import_3.1.xml');
const PRICES_31 = path.join(FIXTURES, 'irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml');
const RESTS_31 = path.join(FIXTURES, 'irpsv-commerceml__bitrix-module-6.5_goods-rests_3.1.xml');
const VARIANT = '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201';
const PRODUCT = 'afc7eb78-8172-11e7-948c-00155d020201';
const MAIN = 'be3dfd89-0ac5-11e1-84f0-00241d886595';
const SECOND = 'a2975786-af00-11de-9055-00155d3ebc00';

/** A 3.1 classifier package (the Bitrix module's import.xml of another goods/N folder). */
function classifier(mainName: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1" ДатаФормирования="2017-08-24T13:50:57">
  <Классификатор>
    <Ид>3471fae0-92bc-47f5-8234-db142906215a</Ид><Наименование>Классификатор (Основной каталог товаров)</Наименование>
    <Склады>
      <Склад><Ид>${MAIN}</Ид><НомерВерсии>AAA=1</НомерВерсии><ПометкаУдаления>false</ПометкаУдаления><Наименование>${mainName}</Наименование></Склад>
      <Склад><Ид>${SECOND}</Ид><НомерВерсии>AAA=2</НомерВерсии><ПометкаУдаления>false</ПометкаУдаления><Наименование>Склад Юг</Наименование></Склад>
    </Склады>
    <ЕдиницыИзмерения>
      <ЕдиницаИзмерения><Ид>796</Ид><НомерВерсии>AAA=3</НомерВерсии><ПометкаУдаления>false</ПометкаУдаления><Код>796 </Код>
        <НаименованиеКраткое>шт</НаименованиеКраткое><НаименованиеПолное>Штука</НаименованиеПолное><МеждународноеСокращение>PCE</МеждународноеСокращение></ЕдиницаИзмерения>
    </ЕдиницыИзмерения>
  </Классификатор>
</КоммерческаяИнформация>`;
}

storeTest(
  '3.1 warehouses and units declared in another package name stock and units; a later declaration renames',
  async (t, { store, admin }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-names-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const run = (file: string) => importFile(store, admin, file, dir);
    const write = (name: string, text: string): string => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const unitOf = async (): Promise<unknown> => {
      const link = await store.syncLinks.find('1c', 'default', PRODUCT);
      return (await store.records.get(admin, link?.module ?? 'Products', link?.recordId ?? 0))
        ?.values['usageunit'];
    };
    const stockNames = async (): Promise<Record<string, string | null>> => {
      const link = await store.syncLinks.find('1c', 'default', VARIANT);
      const { stock } = await productExtras(store.db.knex, link?.recordId ?? 0);
      return Object.fromEntries(stock.map((s) => [s.warehouseId, s.warehouseName]));
    };

    // Nothing declared yet: the unit stays the code, warehouses have no name.
    for (const f of [IMPORT_31, PRICES_31, RESTS_31]) await run(f);
    t.is(await unitOf(), '796');
    const before = await stockNames();
    t.is(Object.keys(before).length, 12, JSON.stringify(before));
    t.true(Object.values(before).every((n) => n === null));

    // The classifier package declares them: stored stock takes the names, the next import the unit.
    await run(write('classifier.xml', classifier('Основной склад')));
    const named = await stockNames();
    t.is(named[MAIN], 'Основной склад');
    t.is(named[SECOND], 'Склад Юг');
    t.is(named['a8aa0575-1862-11de-9d9d-001a4d4b12d9'], null);
    const counts = await run(IMPORT_31);
    t.true(counts.updated > 0);
    t.is(await unitOf(), 'шт');
    // Rests again: unchanged quantities, the names stay.
    await run(RESTS_31);
    t.is((await stockNames())[MAIN], 'Основной склад');

    // A later declaration renames; a new session's stock resolves the Ид declared earlier.
    await run(write('classifier2.xml', classifier('Центральный склад')));
    t.is((await stockNames())[MAIN], 'Центральный склад');
    const rests = write(
      'rests2.xml',
      readFileSync(RESTS_31, 'utf8').replace(
        /<Количество>0<\/Количество>/,
        '<Количество>7</Количество>',
      ),
    );
    await run(rests);
    const after = await stockNames();
    t.is(after[MAIN], 'Центральный склад');
    t.is(after[SECOND], 'Склад Юг');
  },
);
