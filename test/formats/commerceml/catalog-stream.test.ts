// 100,000 products through the import.xml writer (CommerceML 2.08 Каталог/Товары) into a slow
// consumer: the document streams (the first bytes leave long before the last product is made),
// the producer waits for the consumer, and the heap stays flat while the output runs to tens of
// megabytes.
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import test from 'ava';
import {
  writeImportXml,
  type CatalogProduct,
} from '../../../formats/commerceml/catalog-document.js';
import { offersXmlStream } from '../../../formats/commerceml/offers-document.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const N = 100_000;
const owner = { name: 'Стройснаб' };
const unit = { code: '796', name: 'шт', fullName: 'Штука', intlAbbr: 'PCE' };

function heap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

test('100,000 products stream with bounded memory into a consumer that takes its time', async (t) => {
  t.timeout(60_000);
  let made = 0;
  let madeAtFirstChunk = -1;
  let bytes = 0;
  let chunks = 0;
  let tail: Buffer = Buffer.alloc(0);
  const base = heap();
  let peak = 0;
  function* products(): Generator<CatalogProduct> {
    for (let i = 0; i < N; i++) {
      if (i % 10_000 === 0) peak = Math.max(peak, heap() - base);
      made++;
      yield {
        id: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`,
        article: `ART-${i}`,
        name: `Товар номер ${i} — «кожа & замша» <арт. ${i}>`,
        unit,
        groupIds: [`g-${i % 50}`],
        description: `Размерный ряд 36–41, товар ${i}`,
        properties: [{ id: 'p-color', values: [`c-${i % 7}`] }],
        taxes: [{ name: 'НДС', rate: '20' }],
        requisites: [{ name: 'ТипНоменклатуры', value: 'Товар' }],
      };
    }
  }
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, done) {
      if (madeAtFirstChunk < 0) madeAtFirstChunk = made;
      bytes += chunk.length;
      chunks++;
      tail = chunk.subarray(-100);
      setImmediate(done); // a consumer slower than the producer: backpressure must hold it back
    },
  });
  const started = performance.now();
  await writeImportXml(
    {
      catalog: { id: 'cat-1', name: 'Каталог', owner, onlyChanges: false },
      products: products(),
    },
    sink,
    { generatedAt: new Date() },
  );
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, heap() - base);
  t.log(
    `${N} products, ${(bytes / 1e6).toFixed(1)} MB in ${chunks} chunks, ${seconds.toFixed(1)} s; ` +
      `heap growth at most ${(peak / 1e6).toFixed(1)} MB`,
  );
  t.is(made, N);
  t.true(madeAtFirstChunk < 1000, `first chunk after ${madeAtFirstChunk} products`);
  t.true(tail.toString('utf8').endsWith('</КоммерческаяИнформация>\n'));
  t.true(bytes > 50e6);
  t.true(peak < bytes / 20, `heap grew ${peak} bytes for ${bytes} bytes of output`);
  t.true(peak < 16e6, `heap grew ${peak} bytes`);
  t.true(seconds < 30, `${seconds} s`); // generous on a loaded machine; minutes would mean a per-element cost
});

test('offers stream from an async source through the readable form', async (t) => {
  t.timeout(30_000);
  async function* offers() {
    for (let i = 0; i < 20_000; i++) {
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
      yield {
        productId: `p-${i}`,
        variantId: i % 2 === 0 ? `v-${i}` : null,
        name: `Предложение ${i}`,
        unit,
        prices: [{ priceTypeId: 'pt', price: `${i}.50` }],
        quantity: String(i % 13),
        stocks: [{ warehouseId: 'w', quantity: String(i % 13) }],
      };
    }
  }
  let bytes = 0;
  let count = 0;
  for await (const chunk of offersXmlStream(
    {
      package: {
        name: 'Пакет',
        catalogId: 'cat-1',
        owner,
        onlyChanges: false,
        priceTypes: [{ id: 'pt', name: 'Розничная', currency: 'RUB' }],
        warehouses: [{ id: 'w', name: 'Склад' }],
      },
      offers: offers(),
    },
    { generatedAt: new Date() },
  )) {
    const text = (chunk as Buffer).toString('utf8');
    count += text.split('<Предложение>').length - 1;
    bytes += (chunk as Buffer).length;
  }
  t.is(count, 20_000);
  t.true(bytes > 5e6);
});
