// The import.xml and offers.xml writers (CommerceML 2.08/2.10 schema) in UTF-8 and
// windows-1251: what they write reads back through the project's own streaming reader and item
// mappings (formats/commerceml/cml-stream.ts, catalog-items.ts) as the values given.
import { createWriteStream, readFileSync } from 'node:fs';
import test from 'ava';
import { importXmlStream, writeImportXml } from '../../../formats/commerceml/catalog-document.js';
import { flattenGroups, toOffer, toProduct } from '../../../formats/commerceml/catalog-items.js';
import {
  child,
  childText,
  children,
  type XmlNode,
} from '../../../formats/commerceml/cml-stream.js';
import { writeOffersXml } from '../../../formats/commerceml/offers-document.js';
import { expected, productBack, read, rootAttrs } from './read-back.js';
import {
  boots,
  delivery,
  importDoc,
  offers,
  offersDoc,
  options,
  scratch,
} from './writer-fixture.js';

const { toFile, remove } = scratch();
test.after.always(remove);

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
