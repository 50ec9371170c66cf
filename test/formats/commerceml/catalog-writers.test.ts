// The import.xml and offers.xml writers (CommerceML 2.08/2.10 schema): what they write reads
// back through the project's own streaming reader and item mappings as the values given, it
// validates against the published schemas (xmllint, test/fixtures/commerceml/xsd/), hostile
// text stays text, and windows-1251 output either references or refuses what the code page
// lacks.
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import {
  importXmlStream,
  writeImportXml,
  type CatalogProduct,
  type ImportDocument,
} from '../../../formats/commerceml/catalog-document.js';
import { flattenGroups, toOffer, toProduct } from '../../../formats/commerceml/catalog-items.js';
import type { CmlWriteOptions } from '../../../formats/commerceml/cml-head.js';
import {
  child,
  childText,
  children,
  readCml,
  type XmlNode,
} from '../../../formats/commerceml/cml-stream.js';
import {
  writeOffersXml,
  type OffersDocument,
  type PackageOffer,
} from '../../../formats/commerceml/offers-document.js';
import { requirePeer } from '../../helpers/peers.js';

const XSD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml/xsd',
);
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'cml-writers-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

const owner = {
  id: 'owner-1',
  name: 'Стройснаб',
  officialName: 'ООО "Стройснаб"',
  inn: '7701234567',
  kpp: '770101001',
};
const pair = { code: '715', name: 'пар', fullName: 'Пара (2 шт.)' };
const piece = { code: '796', name: 'шт', fullName: 'Штука', intlAbbr: 'PCE' };

const boots: CatalogProduct = {
  id: 'bd72d910-55bc-11d9-848a-00112f43529a',
  barcode: '2000018987155',
  article: 'Б-130001',
  name: 'Женские ботфорты коричневые',
  unit: pair,
  groupIds: ['g-boots'],
  description: 'Натуральная кожа',
  pictures: ['import_files/bd/bd72d910.jpg', 'import_files/bd/bd72d910_2.jpg'],
  manufacturer: { id: 'm-1', name: 'Фабрика', officialName: 'АО "Фабрика"' },
  properties: [
    { id: 'p-color', values: ['c-brown'] },
    { id: 'p-weight', values: ['0.9'] },
  ],
  taxes: [{ name: 'НДС', rate: '20' }],
  requisites: [
    { name: 'ВидНоменклатуры', value: 'Обувь' },
    { name: 'ТипНоменклатуры', value: 'Товар' },
    { name: 'Полное наименование', value: 'Женские ботфорты коричневые' },
  ],
};
const delivery: CatalogProduct = {
  id: 'svc-delivery',
  name: 'Доставка',
  unit: piece,
  taxes: [{ name: 'НДС', rate: null }],
  requisites: [{ name: 'ТипНоменклатуры', value: 'Услуга' }],
  status: 'Удален',
};

function importDoc(products: readonly CatalogProduct[]): ImportDocument {
  return {
    classifier: {
      id: 'cls-1',
      name: 'Классификатор (Каталог товаров)',
      owner,
      groups: [
        {
          id: 'g-shoes',
          name: 'Обувь',
          groups: [
            { id: 'g-boots', name: 'Ботфорты', description: 'Высокие' },
            { id: 'g-low', name: 'Туфли' },
          ],
        },
        { id: 'g-services', name: 'Услуги' },
      ],
      properties: [
        {
          id: 'p-color',
          name: 'Цвет',
          valueType: 'Справочник',
          choices: [
            { id: 'c-brown', value: 'Коричневый' },
            { id: 'c-black', value: 'Чёрный' },
          ],
          forProducts: true,
        },
        { id: 'p-weight', name: 'Вес', valueType: 'Число' },
      ],
    },
    catalog: {
      id: 'cat-1',
      name: 'Каталог товаров',
      owner,
      onlyChanges: false,
      description: 'Основной каталог',
    },
    products,
  };
}

const offers: PackageOffer[] = [
  {
    productId: boots.id,
    variantId: '90c55447-d3a8-11e4-9423-e0cb4ed5eed4',
    article: 'Б-130001',
    name: 'Женские ботфорты коричневые (38)',
    unit: pair,
    characteristics: [
      { name: 'Размер', value: '38' },
      { name: 'Цвет', value: 'Коричневый' },
    ],
    prices: [
      { priceTypeId: 'pt-retail', price: '1719.5' },
      { priceTypeId: 'pt-opt', price: '1500', currency: 'USD', unit: '796', factor: '2' },
    ],
    quantity: '20',
    stocks: [
      { warehouseId: 'w-1', quantity: '15' },
      { warehouseId: 'w-2', quantity: '5' },
    ],
  },
  {
    productId: 'svc-delivery',
    name: 'Доставка',
    unit: piece,
    prices: [{ priceTypeId: 'pt-retail', price: '300', presentation: '300 руб. за шт' }],
  },
];

function offersDoc(items: readonly PackageOffer[]): OffersDocument {
  return {
    package: {
      id: 'cat-1#',
      name: 'Пакет предложений (Каталог товаров)',
      catalogId: 'cat-1',
      classifierId: 'cls-1',
      owner,
      onlyChanges: true,
      priceTypes: [
        {
          id: 'pt-retail',
          name: 'Розничная',
          currency: 'RUB',
          tax: { name: 'НДС', inSum: true },
        },
        { id: 'pt-opt', name: 'Оптовая', currency: 'USD' },
      ],
      warehouses: [
        { id: 'w-1', name: 'Магазин "Обувь"' },
        { id: 'w-2', name: 'Склад' },
      ],
    },
    offers: items,
  };
}

async function toFile(write: (file: string) => Promise<void>, name = 'doc.xml'): Promise<string> {
  const file = path.join(dir, `${++seq}-${name}`);
  await write(file);
  return file;
}

const options = (o: Partial<CmlWriteOptions> = {}): CmlWriteOptions => ({
  generatedAt: new Date('2026-12-03T10:20:30.456Z'),
  ...o,
});

/** The whole subtrees under `parent` named `name`, in document order. */
async function read(file: string, parent: string, name: string): Promise<XmlNode[]> {
  const out: XmlNode[] = [];
  await readCml(file, {
    select: (p) => p.at(-1) === name && p.at(-2) === parent,
    onBatch: (events) => {
      out.push(...events.map((e) => e.node));
      return Promise.resolve();
    },
  });
  return out;
}

async function rootAttrs(file: string): Promise<Map<string, Record<string, string>>> {
  const seen = new Map<string, Record<string, string>>();
  await readCml(file, {
    select: () => false,
    onOpen: (p, attrs) => {
      if (p.length <= 2) seen.set(p.join('/'), attrs);
    },
    onBatch: () => Promise.resolve(),
  });
  return seen;
}

/** A Товар read back into the writer's input shape, for the fields catalog-items does not map. */
function productBack(n: XmlNode): CatalogProduct {
  const unit = child(n, 'БазоваяЕдиница');
  const party = child(n, 'Изготовитель');
  const list = (name: string, item: string): XmlNode[] => {
    const c = child(n, name);
    return c ? children(c, item) : [];
  };
  const opt = (name: string): string | undefined => child(n, name)?.text;
  const p: Record<string, unknown> = {
    id: childText(n, 'Ид'),
    barcode: opt('Штрихкод'),
    article: opt('Артикул'),
    name: childText(n, 'Наименование'),
    unit: {
      code: unit?.attrs['Код'],
      name: unit?.text,
      fullName: unit?.attrs['НаименованиеПолное'],
      intlAbbr: unit?.attrs['МеждународноеСокращение'],
    },
    groupIds: list('Группы', 'Ид').map((g) => g.text),
    description: opt('Описание'),
    pictures: children(n, 'Картинка').map((c) => c.text),
    manufacturer: party && {
      id: child(party, 'Ид')?.text,
      name: childText(party, 'Наименование'),
      officialName: childText(party, 'ОфициальноеНаименование'),
    },
    properties: list('ЗначенияСвойств', 'ЗначенияСвойства').map((v) => ({
      id: childText(v, 'Ид'),
      values: children(v, 'Значение').map((c) => c.text),
    })),
    taxes: list('СтавкиНалогов', 'СтавкаНалога').map((t) => ({
      name: childText(t, 'Наименование'),
      rate: childText(t, 'Ставка') === 'Без налога' ? null : childText(t, 'Ставка'),
    })),
    requisites: list('ЗначенияРеквизитов', 'ЗначениеРеквизита').map((r) => ({
      name: childText(r, 'Наименование'),
      value: childText(r, 'Значение'),
    })),
    status: n.attrs['Статус'],
  };
  return JSON.parse(JSON.stringify(p)) as CatalogProduct;
}

/** The input as it reads back: absent optional lists read as empty ones. */
function expected(p: CatalogProduct): CatalogProduct {
  return JSON.parse(
    JSON.stringify({
      groupIds: [],
      pictures: [],
      properties: [],
      taxes: [],
      requisites: [],
      ...p,
      manufacturer: p.manufacturer && {
        officialName: p.manufacturer.name,
        ...p.manufacturer,
      },
    }),
  ) as CatalogProduct;
}

for (const encoding of ['utf-8', 'windows-1251'] as const) {
  test(`import.xml in ${encoding} reads back as written: classifier, catalog head, products`, async (t) => {
    const file = await toFile((f) =>
      writeImportXml(importDoc([boots, delivery]), createWriteStream(f), options({ encoding })),
    );
    const head = readFileSync(file).subarray(0, 60).toString('latin1');
    t.regex(
      head,
      new RegExp(
        `^<\\?xml version="1.0" encoding="${encoding === 'utf-8' ? 'UTF-8' : 'windows-1251'}"\\?>`,
        'i',
      ),
    );
    const attrs = await rootAttrs(file);
    t.deepEqual(attrs.get('КоммерческаяИнформация'), {
      xmlns: 'urn:1C.ru:commerceml_2',
      ВерсияСхемы: '2.08',
      ДатаФормирования: '2026-12-03T10:20:30',
    });
    t.deepEqual(attrs.get('КоммерческаяИнформация/Каталог'), { СодержитТолькоИзменения: 'false' });

    const groups = (await read(file, 'Группы', 'Группа'))
      .filter((g) => g.name === 'Группа')
      .flatMap((g) => flattenGroups(g, null));
    t.deepEqual(
      groups.map((g) => [g.id, g.name, g.parentId]),
      [
        ['g-shoes', 'Обувь', null],
        ['g-boots', 'Ботфорты', 'g-shoes'],
        ['g-low', 'Туфли', 'g-shoes'],
        ['g-services', 'Услуги', null],
      ],
    );
    const [color] = await read(file, 'Свойства', 'Свойство');
    t.is(childText(color as XmlNode, 'ТипЗначений'), 'Справочник');
    t.deepEqual(
      children(child(color as XmlNode, 'ВариантыЗначений') as XmlNode, 'Справочник').map((s) => [
        childText(s, 'ИдЗначения'),
        childText(s, 'Значение'),
      ]),
      [
        ['c-brown', 'Коричневый'],
        ['c-black', 'Чёрный'],
      ],
    );

    const nodes = await read(file, 'Товары', 'Товар');
    t.deepEqual(nodes.map(productBack), [expected(boots), expected(delivery)]);
    const [a, b] = nodes.map(toProduct);
    t.like(a, {
      id: boots.id,
      name: boots.name,
      article: 'Б-130001',
      barcode: '2000018987155',
      unit: 'пар',
      groupId: 'g-boots',
      description: 'Натуральная кожа',
      isService: false,
      deleted: false,
    });
    t.deepEqual(a?.taxes, [{ name: 'НДС', rate: '20' }]);
    t.like(b, { id: 'svc-delivery', isService: true, deleted: true, groupId: null });
    t.deepEqual(b?.taxes, [{ name: 'НДС', rate: null }]);
  });

  test(`offers.xml in ${encoding} reads back as written: price types, warehouses, offers with variants`, async (t) => {
    const file = await toFile((f) =>
      writeOffersXml(
        offersDoc(offers),
        createWriteStream(f),
        options({ encoding, schemaVersion: '2.10' }),
      ),
    );
    const attrs = await rootAttrs(file);
    t.is(attrs.get('КоммерческаяИнформация')?.['ВерсияСхемы'], '2.10');
    t.deepEqual(attrs.get('КоммерческаяИнформация/ПакетПредложений'), {
      СодержитТолькоИзменения: 'true',
    });
    const types = await read(file, 'ТипыЦен', 'ТипЦены');
    t.deepEqual(
      types.map((n) => [
        childText(n, 'Ид'),
        childText(n, 'Валюта'),
        child(n, 'Налог') !== undefined,
      ]),
      [
        ['pt-retail', 'RUB', true],
        ['pt-opt', 'USD', false],
      ],
    );
    const stores = await read(file, 'Склады', 'Склад');
    t.deepEqual(
      stores.map((n) => [childText(n, 'Ид'), childText(n, 'Наименование')]),
      [
        ['w-1', 'Магазин "Обувь"'],
        ['w-2', 'Склад'],
      ],
    );
    const nodes = await read(file, 'Предложения', 'Предложение');
    const [first, second] = nodes.map((n) => toOffer(n, () => null));
    t.deepEqual(first, {
      productId: boots.id,
      characteristic: '90c55447-d3a8-11e4-9423-e0cb4ed5eed4',
      price: '1719.5',
      currency: 'RUB',
      quantity: '20',
      stocks: [
        { warehouseId: 'w-1', quantity: '15' },
        { warehouseId: 'w-2', quantity: '5' },
      ],
      properties: [
        ['Размер', '38'],
        ['Цвет', 'Коричневый'],
      ],
    });
    t.like(second, {
      productId: 'svc-delivery',
      characteristic: null,
      price: '300',
      quantity: null,
    });
    const prices = children(child(nodes[0] as XmlNode, 'Цены') as XmlNode, 'Цена').map((p) =>
      ['Представление', 'ИдТипаЦены', 'ЦенаЗаЕдиницу', 'Валюта', 'Единица', 'Коэффициент'].map(
        (name) => childText(p, name),
      ),
    );
    t.deepEqual(prices, [
      ['1719.5 RUB за пар', 'pt-retail', '1719.5', 'RUB', '715', '1'],
      ['1500 USD за пар', 'pt-opt', '1500', 'USD', '796', '2'],
    ]);
    t.is(
      childText(child(nodes[1] as XmlNode, 'Цены')?.children[0] as XmlNode, 'Представление'),
      '300 руб. за шт',
    );
  });
}

test('the readable-stream form yields the same bytes as the Writable form', async (t) => {
  const file = await toFile((f) =>
    writeImportXml(importDoc([boots]), createWriteStream(f), options()),
  );
  const chunks: Buffer[] = [];
  for await (const c of importXmlStream(importDoc([boots]), options())) chunks.push(c as Buffer);
  t.deepEqual(Buffer.concat(chunks), readFileSync(file));
});

test('hostile text stays text: markup, ]]>, entities, quotes, CR and tabs round-trip; characters XML cannot carry are dropped', async (t) => {
  const hostile = 'a & b &amp; <c/> ]]> "q" \'s\' \r\n\tend';
  const product: CatalogProduct = {
    id: 'id-&<>"',
    name: `x\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800y\uDC00z 😀 ${hostile}`,
    unit: { code: '796', name: hostile, fullName: 'tab\there "and" new\nline\rcr &amp;' },
    description: '<![CDATA[ not a section ]]> <!DOCTYPE x [<!ENTITY e "boom">]> &e;',
    requisites: [{ name: ']]>', value: '&#x26;' }],
  };
  const file = await toFile((f) =>
    writeImportXml(importDoc([product]), createWriteStream(f), options()),
  );
  const [node] = await read(file, 'Товары', 'Товар');
  const back = productBack(node as XmlNode);
  t.is(back.id, 'id-&<>"');
  t.is(back.name, `xyz 😀 ${hostile}`);
  t.is(back.unit.name, hostile);
  t.is(back.unit.fullName, 'tab\there "and" new\nline\rcr &amp;');
  t.is(back.description, product.description);
  t.deepEqual(back.requisites, product.requisites);
  const text = readFileSync(file, 'utf8');
  t.false(text.includes('<![CDATA['));
  t.false(text.includes('<!DOCTYPE'));
  t.false(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text));
});

test('windows-1251: Cyrillic as single bytes; a character outside the code page becomes a character reference by default, or is refused', async (t) => {
  const product: CatalogProduct = {
    id: 'p-1',
    name: 'Ёжик № 5 — €10 ā 😀',
    unit: { code: '796', name: 'шт', fullName: 'Ŝtuka' },
  };
  const file = await toFile((f) =>
    writeImportXml(
      importDoc([product]),
      createWriteStream(f),
      options({ encoding: 'windows-1251' }),
    ),
  );
  const bytes = readFileSync(file);
  t.true(bytes.includes(Buffer.from([0xa8, 0xe6, 0xe8, 0xea]))); // Ёжик
  t.true(bytes.includes(Buffer.from('&#x101; &#x1F600;', 'latin1')));
  t.true(bytes.includes(Buffer.from('&#x15C;tuka', 'latin1')));
  const [node] = await read(file, 'Товары', 'Товар');
  t.is(childText(node as XmlNode, 'Наименование'), product.name);
  t.is(child(node as XmlNode, 'БазоваяЕдиница')?.attrs['НаименованиеПолное'], 'Ŝtuka');

  const refused = path.join(dir, 'refused.xml');
  const err = await t.throwsAsync(
    writeImportXml(
      importDoc([product]),
      createWriteStream(refused),
      options({ encoding: 'windows-1251', unencodable: 'error' }),
    ),
  );
  t.is((err as { kind?: string }).kind, 'invalid_input');
  t.regex(err?.message ?? '', /<Наименование>: character U\+0101 "ā" has no windows-1251 byte/);
});

async function xmllint(): Promise<boolean> {
  return run('xmllint', ['--version']).then(
    () => true,
    () => false,
  );
}

async function validate(file: string, version: string): Promise<string | null> {
  try {
    await run('xmllint', [
      '--noout',
      '--schema',
      path.join(XSD, `commerceml-${version}.xsd`),
      file,
    ]);
    return null;
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr ?? err);
  }
}

test('import.xml and offers.xml validate against the published 2.08 and 2.10 schemas in both encodings', async (t) => {
  t.timeout(60_000);
  if (!requirePeer('xmllint', await xmllint(), t)) return;
  for (const schemaVersion of ['2.08', '2.10'] as const) {
    for (const encoding of ['utf-8', 'windows-1251'] as const) {
      const o = options({ schemaVersion, encoding });
      const imp = await toFile((f) =>
        writeImportXml(importDoc([boots, delivery]), createWriteStream(f), o),
      );
      const off = await toFile((f) => writeOffersXml(offersDoc(offers), createWriteStream(f), o));
      t.is(await validate(imp, schemaVersion), null, `import.xml ${schemaVersion} ${encoding}`);
      t.is(await validate(off, schemaVersion), null, `offers.xml ${schemaVersion} ${encoding}`);
    }
  }
  // The validator does reject: an offer without a price breaks the schema's Цены/Цена.
  const bad = await toFile((f) =>
    writeOffersXml(
      offersDoc([{ productId: 'x', name: 'x', unit: piece, prices: [] }]),
      createWriteStream(f),
      options(),
    ),
  );
  t.regex((await validate(bad, '2.08')) ?? '', /Цены.*Missing child element|fails to validate/s);
});
