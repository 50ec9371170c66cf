// The files a push sends (sync/shop/README.md §4): import.xml and offers.xml validate against the
// published 2.08 schema (xmllint, a test peer) and the npm commerceml-parser reads them back to the
// CRM's products, prices and stock; a 1C Ид is kept, other records get a stable crm-<id>, variants
// are Ид#… offers, services say Услуга; a delta says СодержитТолькоИзменения and marks deletions.
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { CommerceMlImportParser, CommerceMlOffersParser } from 'commerceml-parser';
import type { ClassifierGroup } from 'commerceml-parser-core';
import { writeCatalogFiles } from '../../../sync/shop/catalog-files.js';
import { requirePeer } from '../../helpers/peers.js';
import { sqliteStore } from '../../helpers/store.js';
import { smallCatalog } from './shop-fixture.js';

const XSD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml/xsd/commerceml-2.08.xsd',
);
const run = promisify(execFile);

async function xmllint(file: string): Promise<string | null> {
  try {
    await run('xmllint', ['--noout', '--schema', XSD, file]);
    return null;
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr ?? err);
  }
}

const hasXmllint = (): Promise<boolean> =>
  run('xmllint', ['--version']).then(
    () => true,
    () => false,
  );

test('import.xml and offers.xml validate against 2.08 and read back to the same products, prices and stock', async (t) => {
  t.timeout(60_000);
  const { store, admin, dispose } = await sqliteStore();
  t.teardown(dispose);
  const dir = mkdtempSync(path.join(tmpdir(), 'shop-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cat = await smallCatalog(store, admin);
  // The boots came from 1C: their Ид is the 1C one. A size variant of the sneakers is CRM-made.
  await store.syncLinks.upsertMany([
    {
      system: '1c',
      connection: '1',
      remoteId: 'bd72d8f9-55bc-11d9-848a-00112f43529a',
      recordId: cat.boots,
      module: 'Products',
      remoteEtag: null,
      contentHash: null,
    },
  ]);
  const variant = await store.records.create(admin, 'Products', {
    values: { productname: 'Кеды, размер 41', unit_price: '1600', qtyinstock: '2' },
    system: { parent_product_id: String(cat.sneakers), variant_properties: 'Размер: 41' },
  });

  for (const encoding of ['utf-8', 'windows-1251'] as const) {
    const files = await writeCatalogFiles(store.db.knex, dir, {
      catalogs: [],
      since: null,
      schema: '2.08',
      encoding,
      owner: 'ООО «Тест»',
      generatedAt: new Date('2026-01-02T03:04:05Z'),
    });
    t.like(files, { products: 2, services: 1, offers: 4, deleted: 0 });
    if (requirePeer('xmllint', await hasXmllint(), t)) {
      t.is(await xmllint(files.importXml), null, `import.xml ${encoding}`);
      t.is(await xmllint(files.offersXml), null, `offers.xml ${encoding}`);
    }
  }
  const files = await writeCatalogFiles(store.db.knex, dir, {
    catalogs: [],
    since: null,
    schema: '2.08',
    encoding: 'utf-8',
    owner: 'ООО «Тест»',
    generatedAt: new Date(),
  });
  const products: { id: string; name: string; article: string; group: string }[] = [];
  const groups: string[] = [];
  const importParser = new CommerceMlImportParser();
  const walk = (g: ClassifierGroup): void => {
    groups.push(g.name);
    for (const sub of g.groups ?? []) walk(sub);
  };
  importParser.onClassifierGroup(walk);
  importParser.onProduct((p) => {
    products.push({
      id: p.id ?? '',
      name: p.name,
      article: p.article ?? '',
      group: p.groupId ?? '',
    });
  });
  await importParser.parse(createReadStream(files.importXml));
  t.deepEqual(groups.sort(), ['Ботинки', 'Обувь']);
  t.deepEqual(
    products.map((p) => [p.id, p.name, p.article]),
    [
      ['bd72d8f9-55bc-11d9-848a-00112f43529a', 'Ботинки зимние', 'Б-41'],
      [`crm-${cat.sneakers}`, 'Кеды <летние> & "лёгкие"', 'К-7'],
      [`crm-${cat.delivery}`, 'Доставка курьером', ''],
    ],
  );
  const offers: { id: string; price: number; quantity: number | undefined }[] = [];
  const offersParser = new CommerceMlOffersParser();
  offersParser.onOffer((o) => {
    offers.push({
      id: o.id ?? '',
      // The parser's typings say number; it hands over the text.
      price: Number(o.prices?.[0]?.pricePerUnit ?? NaN),
      quantity: o.quantity === undefined ? undefined : Number(o.quantity),
    });
  });
  await offersParser.parse(createReadStream(files.offersXml));
  t.deepEqual(offers, [
    { id: 'bd72d8f9-55bc-11d9-848a-00112f43529a', price: 4990.5, quantity: 12 },
    { id: `crm-${cat.sneakers}`, price: 1500, quantity: 3 },
    { id: `crm-${cat.sneakers}#crm-${variant.id}`, price: 1600, quantity: 2 },
    { id: `crm-${cat.delivery}`, price: 300, quantity: undefined },
  ]);
  const importText = readFileSync(files.importXml, 'utf8');
  t.regex(importText, /<Каталог СодержитТолькоИзменения="false">/);
  t.regex(
    importText,
    /<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт<\/БазоваяЕдиница>/,
  );
  t.regex(
    importText,
    /<Наименование>ТипНоменклатуры<\/Наименование>\s*<Значение>Услуга<\/Значение>/,
  );
  t.regex(
    readFileSync(files.offersXml, 'utf8'),
    /<Налог>\s*<Наименование>НДС<\/Наименование>\s*<УчтеноВСумме>true<\/УчтеноВСумме>/,
  );

  // A delta: the sneakers deleted since the cursor are sent as Удален, nothing else.
  const cursor =
    (await store.db.knex('crm_entities').max<{ m: string }>({ m: 'modifiedtime' }).first())?.m ??
    '';
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.recycleBin.delete(admin, 'Products', cat.sneakers);
  const delta = await writeCatalogFiles(store.db.knex, dir, {
    catalogs: [],
    since: cursor,
    schema: '2.08',
    encoding: 'utf-8',
    owner: 'ООО «Тест»',
    generatedAt: new Date(),
  });
  t.like(delta, { products: 0, services: 0, offers: 0, deleted: 1 });
  const deltaText = readFileSync(delta.importXml, 'utf8');
  t.regex(deltaText, /<Каталог СодержитТолькоИзменения="true">/);
  t.regex(deltaText, new RegExp(`<Товар Статус="Удален">\\s*<Ид>crm-${cat.sneakers}</Ид>`));
});
