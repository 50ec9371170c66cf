// Synthetic CommerceML 2.08 files for the benchmark: import.xml with
// `groups` groups (nested two levels) and `products` products, offers.xml with one price and
// stock per product. Written as a stream, never held as one string.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const guid = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function* importLines(products: number, groups: number): Generator<string> {
  yield '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08" ДатаФормирования="2026-01-01T00:00:00">\n';
  yield '<Классификатор><Ид>classifier</Ид><Наименование>Классификатор</Наименование><Группы>\n';
  const top = Math.max(1, Math.floor(groups / 10));
  for (let g = 0; g < top; g++) {
    yield `<Группа><Ид>${guid(1, g)}</Ид><Наименование>Группа ${g}</Наименование><Группы>`;
    for (let s = top + g * 9; s < Math.min(groups, top + g * 9 + 9); s++)
      yield `<Группа><Ид>${guid(1, s)}</Ид><Наименование>Подгруппа ${s}</Наименование></Группа>`;
    yield '</Группы></Группа>\n';
  }
  yield '</Группы></Классификатор>\n<Каталог СодержитТолькоИзменения="false"><Ид>catalog</Ид><ИдКлассификатора>classifier</ИдКлассификатора><Наименование>Каталог</Наименование><Товары>\n';
  for (let p = 0; p < products; p++) {
    yield (
      `<Товар><Ид>${guid(2, p)}</Ид><Штрихкод>46${String(p).padStart(11, '0')}</Штрихкод><Артикул>ART-${p}</Артикул><Наименование>${esc(`Товар номер ${p} — «тестовый» & длинное описательное имя для объёма`)}</Наименование>` +
      `<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница><Группы><Ид>${guid(1, p % groups)}</Ид></Группы>` +
      `<Описание>${esc('Описание товара. '.repeat(20))}</Описание><СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>` +
      '<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита>' +
      '<ЗначениеРеквизита><Наименование>ТипНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар>\n'
    );
  }
  yield '</Товары></Каталог></КоммерческаяИнформация>\n';
}

function* offerLines(products: number): Generator<string> {
  yield '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08" ДатаФормирования="2026-01-01T00:00:00">\n';
  yield '<ПакетПредложений СодержитТолькоИзменения="false"><Ид>catalog#</Ид><Наименование>Пакет</Наименование><ИдКаталога>catalog</ИдКаталога>';
  yield '<ТипыЦен><ТипЦены><Ид>retail</Ид><Наименование>Розничная</Наименование><Валюта>RUB</Валюта></ТипЦены></ТипыЦен><Предложения>\n';
  for (let p = 0; p < products; p++) {
    yield (
      `<Предложение><Ид>${guid(2, p)}</Ид><Наименование>Товар номер ${p}</Наименование><Цены><Цена><Представление>${100 + (p % 900)} RUB за шт</Представление>` +
      `<ИдТипаЦены>retail</ИдТипаЦены><ЦенаЗаЕдиницу>${100 + (p % 900)}.50</ЦенаЗаЕдиницу><Валюта>RUB</Валюта><Единица>шт</Единица><Коэффициент>1</Коэффициент></Цена></Цены>` +
      `<Количество>${p % 50}</Количество></Предложение>\n`
    );
  }
  yield '</Предложения></ПакетПредложений></КоммерческаяИнформация>\n';
}

export async function generateCatalog(
  dir: string,
  products: number,
  groups: number,
): Promise<{ importFile: string; offersFile: string }> {
  const importFile = `${dir}/import.xml`;
  const offersFile = `${dir}/offers.xml`;
  await writeLines(importFile, importLines(products, groups));
  await writeLines(offersFile, offerLines(products));
  return { importFile, offersFile };
}
