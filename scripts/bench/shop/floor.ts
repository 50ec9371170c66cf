// The floor of `bench:shop-push`: the same rows read the same way (store/shops/catalog-rows.ts)
// and the same Товар and Предложение elements written with xmlbuilder2's streaming writer
// (createCB), so the ratio measures what the project's writers add over a well-known one.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Knex } from 'knex';
import { createCB } from 'xmlbuilder2';
import { catalogRows } from '../../../store/shops/catalog-rows.js';

async function write(
  file: string,
  fill: (out: WriteStream, data: (s: string) => void) => Promise<void>,
): Promise<void> {
  const out = createWriteStream(file);
  await fill(out, (s) => {
    out.write(s);
  });
  if (out.writableNeedDrain) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

export async function xmlbuilderFloor(
  knex: Knex,
  importFile: string,
  offersFile: string,
): Promise<void> {
  const filter = { catalogs: [], since: null, pageSize: 1000 };
  await write(importFile, async (out, data) => {
    const xml = createCB({ data, prettyPrint: true });
    xml
      .dec({ encoding: 'UTF-8' })
      .ele('КоммерческаяИнформация', { xmlns: 'urn:1C.ru:commerceml_2', ВерсияСхемы: '2.08' });
    xml
      .ele('Каталог', { СодержитТолькоИзменения: 'false' })
      .ele('Ид')
      .txt('crm-catalog')
      .up()
      .ele('Товары');
    for await (const r of catalogRows(knex, filter, null)) {
      if (r.parentId !== null) continue;
      xml.ele('Товар').ele('Ид').txt(`crm-${r.id}`).up();
      if (r.code) xml.ele('Артикул').txt(r.code).up();
      xml.ele('Наименование').txt(r.name).up();
      xml
        .ele('БазоваяЕдиница', {
          Код: '796',
          НаименованиеПолное: 'Штука',
          МеждународноеСокращение: 'PCE',
        })
        .txt('шт')
        .up();
      xml
        .ele('ЗначенияРеквизитов')
        .ele('ЗначениеРеквизита')
        .ele('Наименование')
        .txt('ТипНоменклатуры')
        .up()
        .ele('Значение')
        .txt('Товар')
        .up()
        .up()
        .up();
      xml.up();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    xml.up().up().up().end();
  });
  await write(offersFile, async (out, data) => {
    const xml = createCB({ data, prettyPrint: true });
    xml
      .dec({ encoding: 'UTF-8' })
      .ele('КоммерческаяИнформация', { xmlns: 'urn:1C.ru:commerceml_2', ВерсияСхемы: '2.08' });
    xml.ele('ПакетПредложений', { СодержитТолькоИзменения: 'false' }).ele('Предложения');
    for await (const r of catalogRows(knex, filter, null)) {
      if (r.price === null) continue;
      xml.ele('Предложение').ele('Ид').txt(`crm-${r.id}`).up().ele('Наименование').txt(r.name).up();
      xml
        .ele('Цены')
        .ele('Цена')
        .ele('Представление')
        .txt(`${r.price} RUB за шт`)
        .up()
        .ele('ИдТипаЦены')
        .txt('crm-price-retail')
        .up()
        .ele('ЦенаЗаЕдиницу')
        .txt(Number(r.price).toFixed(2))
        .up()
        .ele('Валюта')
        .txt('RUB')
        .up()
        .ele('Единица')
        .txt('796')
        .up()
        .ele('Коэффициент')
        .txt('1')
        .up()
        .up()
        .up();
      xml
        .ele('Количество')
        .txt(String(Number(r.quantity ?? '0')))
        .up()
        .up();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    xml.up().up().up().end();
  });
}
