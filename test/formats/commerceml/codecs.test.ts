// The pure CommerceML codecs over every fixture (gateway/commerceml/README.md §3): streaming
// reader, encodings, namespaces, and the item mappings, without HTTP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { readCml, type XmlNode } from '../../../formats/commerceml/cml-stream.js';
import { GatewayError } from '../../../store/errors.js';
import { flattenGroups, toOffer, toProduct } from '../../../formats/commerceml/catalog-items.js';
import { orderState, toOrderChange } from '../../../formats/commerceml/order-changes.js';
import { buildOrders } from '../../../formats/commerceml/order-document.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);

async function nodes(file: string, name: string): Promise<XmlNode[]> {
  const out: XmlNode[] = [];
  await readCml(path.join(FIXTURES, file), {
    select: (p) => p[p.length - 1] === name && !p.slice(0, -1).includes(name),
    onBatch: (events) => {
      out.push(...events.map((e) => e.node));
      return Promise.resolve();
    },
  });
  return out;
}

test('2.07 import with BOM: 22 groups nested, 2 products with unit and group', async (t) => {
  t.timeout(10_000);
  const groups = (
    await nodes('carono-yii2-1c-exchange__import_2.07_utf8bom.xml', 'Группа')
  ).flatMap((g) => flattenGroups(g, null));
  t.is(groups.length, 22);
  t.true(groups.some((g) => g.parentId !== null));
  const products = (await nodes('carono-yii2-1c-exchange__import_2.07_utf8bom.xml', 'Товар')).map(
    toProduct,
  );
  t.like(products[0], {
    id: 'bd72d910-55bc-11d9-848a-00112f43529a',
    article: 'Б-130001',
    name: 'Женские ботфорты коричневые',
    isService: false,
  });
  t.truthy(products[0]?.groupId);
});

test('offers: 2.07 per-warehouse stock, 2.08 namespaced characteristics, 3.1 split prices and rests', async (t) => {
  t.timeout(10_000);
  const o207 = (
    await nodes('carono-yii2-1c-exchange__offers_2.07_characteristics.xml', 'Предложение')
  ).map((n) => toOffer(n, () => null));
  t.is(o207.length, 5);
  t.true(o207.every((o) => o.price !== null && o.currency === 'RUB'));
  const o208 = (
    await nodes('bigperson-exchange1c__offers_2.08_with-characteristics.xml', 'Предложение')
  ).map((n) => toOffer(n, () => null));
  t.true(o208.some((o) => o.characteristic !== null));
  const rests = (
    await nodes('irpsv-commerceml__bitrix-module-6.5_goods-rests_3.1.xml', 'Предложение')
  ).map((n) => toOffer(n, () => null));
  t.is(rests.length, 86);
  t.true(rests.every((o) => o.quantity !== null && o.price === null));
});

test('orders from 1C (3.1, Контейнер) and the windows-1251 Bitrix sample', async (t) => {
  t.timeout(10_000);
  const docs = (
    await nodes('irpsv-commerceml__bitrix-module-6.5_documents-from-1c_3.1.xml', 'Документ')
  ).map(toOrderChange);
  t.is(docs.length, 20);
  t.is(docs[0]?.number, '320');
  t.is(orderState(docs[0] as (typeof docs)[number]), 'posted');
  const cp = (
    await nodes(
      'dobromyslov-commerceml-parser__bitrix-sale-query-response_2.05_windows-1251.xml',
      'Документ',
    )
  ).map(toOrderChange);
  t.is(cp.length, 2);
  t.is(cp[0]?.number, '132');
  t.true((cp[0]?.lines.length ?? 0) > 0);
});

test('order export round-trips through the reader in both encodings', async (t) => {
  t.timeout(10_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'cml-codec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const enc of ['utf-8', 'windows-1251'] as const) {
    const xml = buildOrders(
      [
        {
          id: '7',
          number: 'SO-1001',
          date: '2026-01-02',
          time: '10:00:00',
          currency: 'RUB',
          sum: '10.00',
          comment: 'Комментарий',
          status: 'Created',
          party: null,
          lines: [],
        },
      ],
      new Date(),
      enc,
    );
    const file = path.join(dir, `${enc}.xml`);
    writeFileSync(file, xml);
    const out: XmlNode[] = [];
    await readCml(file, {
      select: (p) => p[p.length - 1] === 'Документ',
      onBatch: (e) => {
        out.push(...e.map((x) => x.node));
        return Promise.resolve();
      },
    });
    t.is(out[0]?.children.find((c) => c.name === 'Комментарий')?.text, 'Комментарий');
  }
});

test('a group tree nested 20,000 levels deep is refused at the depth limit, quickly', async (t) => {
  t.timeout(10_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'cml-deep-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const levels = 20_000;
  const file = path.join(dir, 'import.xml');
  writeFileSync(
    file,
    '<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация><Классификатор><Группы>' +
      '<Группа><Ид>g</Ид><Группы>'.repeat(levels) +
      '</Группы></Группа>'.repeat(levels) +
      '</Группы></Классификатор></КоммерческаяИнформация>',
  );
  const started = performance.now();
  let groups = 0;
  const err = await t.throwsAsync(
    readCml(file, {
      select: (p) => p.at(-1) === 'Группа' && p.at(-2) === 'Группы' && p.at(-3) === 'Классификатор',
      onBatch: (events) => {
        for (const e of events) groups += flattenGroups(e.node, null).length;
        return Promise.resolve();
      },
    }),
    { instanceOf: GatewayError },
  );
  t.is(err?.kind, 'invalid_input');
  t.regex(err?.message ?? '', /nested deeper than 200 elements/);
  t.is(groups, 0, 'nothing of the hostile tree was handed out');
  t.true(performance.now() - started < 2000);
});
