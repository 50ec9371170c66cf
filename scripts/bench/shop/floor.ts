// The floor of `bench:shop-push`: the same rows read the same way (store/shops/catalog-rows.ts)
// and the same Товар and Предложение elements, each built as an xmlbuilder2 fragment and its
// text appended to a file stream (awaiting 'drain' as a stream writer must), so the ratio
// measures what the project's writers add over a well-known library. One fragment per product
// keeps the library's work per row constant: xmlbuilder2's createCB writer, measured here
// before, grew slower than linearly on 100,000 children of one element.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Knex } from 'knex';
import { fragment } from 'xmlbuilder2';
import { catalogRows } from '../../../store/shops/catalog-rows.js';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08">\n';
const PIECE = { Код: '796', НаименованиеПолное: 'Штука', МеждународноеСокращение: 'PCE' };

async function put(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function finish(out: WriteStream, text: string): Promise<void> {
  out.end(text);
  await once(out, 'finish');
}

export async function xmlbuilderFloor(
  knex: Knex,
  importFile: string,
  offersFile: string,
): Promise<void> {
  const filter = { catalogs: [], since: null, pageSize: 1000 };
  const options = { prettyPrint: true, headless: true } as const;
  const imp = createWriteStream(importFile);
  await put(imp, `${HEAD}<Каталог СодержитТолькоИзменения="false"><Ид>crm-catalog</Ид><Товары>\n`);
  for await (const r of catalogRows(knex, filter, null)) {
    if (r.parentId !== null) continue;
    const item = fragment().ele('Товар');
    item.ele('Ид').txt(`crm-${r.id}`);
    if (r.code) item.ele('Артикул').txt(r.code);
    item.ele('Наименование').txt(r.name);
    item.ele('БазоваяЕдиница', PIECE).txt('шт');
    item
      .ele('ЗначенияРеквизитов')
      .ele('ЗначениеРеквизита')
      .ele('Наименование')
      .txt('ТипНоменклатуры')
      .up()
      .ele('Значение')
      .txt('Товар');
    await put(imp, `${item.end(options)}\n`);
  }
  await finish(imp, '</Товары></Каталог></КоммерческаяИнформация>\n');

  const off = createWriteStream(offersFile);
  await put(off, `${HEAD}<ПакетПредложений СодержитТолькоИзменения="false"><Предложения>\n`);
  for await (const r of catalogRows(knex, filter, null)) {
    if (r.price === null) continue;
    const offer = fragment().ele('Предложение');
    offer.ele('Ид').txt(`crm-${r.id}`);
    offer.ele('Наименование').txt(r.name);
    const price = offer.ele('Цены').ele('Цена');
    price.ele('Представление').txt(`${r.price} RUB за шт`);
    price.ele('ИдТипаЦены').txt('crm-price-retail');
    price.ele('ЦенаЗаЕдиницу').txt(Number(r.price).toFixed(2));
    price.ele('Валюта').txt('RUB');
    price.ele('Единица').txt('796');
    price.ele('Коэффициент').txt('1');
    offer.ele('Количество').txt(String(Number(r.quantity ?? '0')));
    await put(off, `${offer.end(options)}\n`);
  }
  await finish(off, '</Предложения></ПакетПредложений></КоммерческаяИнформация>\n');
}
