// import.xml as 1C writes it for a web shop (CommerceML 2.08/2.10 schema, complexTypes
// Классификатор, Каталог and Товар): an optional Классификатор, then Каталог with
// СодержитТолькоИзменения, Ид, ИдКлассификатора, Наименование, Владелец and Товары. A Товар
// keeps the schema's order: Ид, Штрихкод, Артикул, Наименование, БазоваяЕдиница (Код,
// НаименованиеПолное, МеждународноеСокращение; the short name as text), Группы/Ид, Описание,
// Картинка, Изготовитель, ЗначенияСвойств, СтавкиНалогов, ЗначенияРеквизитов; Статус as an
// attribute. Products are read from an iterable one at a time and written as a stream, so the
// catalog's size does not bound memory (test/formats/commerceml/catalog-stream.test.ts).
import type { Readable, Writable } from 'node:stream';
import type { CmlTax } from './catalog-items.js';
import { writeClassifier, type CmlClassifier } from './classifier.js';
import {
  documentStream,
  party,
  writeDocument,
  type CmlParty,
  type CmlWriteOptions,
  type ItemSource,
} from './cml-head.js';
import type { XmlOut } from './xml-out.js';

/** БазоваяЕдиница: OKEI code (`796`), short name as text (`шт`), full name, international abbreviation (`PCE`). */
export interface CatalogUnit {
  readonly code: string;
  readonly name: string;
  readonly fullName?: string;
  readonly intlAbbr?: string;
}

export interface CatalogProduct {
  readonly id: string;
  readonly barcode?: string;
  readonly article?: string;
  readonly name: string;
  readonly unit: CatalogUnit;
  readonly groupIds?: readonly string[];
  readonly description?: string;
  /** Картинка: file paths inside the exchange archive, e.g. `import_files/bd/bd72….jpg`. */
  readonly pictures?: readonly string[];
  readonly manufacturer?: CmlParty;
  /** ЗначенияСвойств: a Справочник property names its value by ИдЗначения; others carry the value. */
  readonly properties?: readonly { readonly id: string; readonly values: readonly string[] }[];
  /** СтавкиНалогов; a null rate is written "Без налога". */
  readonly taxes?: readonly CmlTax[];
  /** ЗначенияРеквизитов: ВидНоменклатуры, ТипНоменклатуры (Товар | Услуга), Полное наименование, … */
  readonly requisites?: readonly { readonly name: string; readonly value: string }[];
  readonly status?: 'Новый' | 'Изменен' | 'Удален';
}

export interface CatalogHeader {
  readonly id: string;
  /** ИдКлассификатора; the classifier's Ид when the document carries one. */
  readonly classifierId?: string;
  readonly name: string;
  readonly owner: CmlParty;
  readonly description?: string;
  /** СодержитТолькоИзменения: false for a full snapshot, true for a delta. */
  readonly onlyChanges: boolean;
}

export interface ImportDocument {
  readonly classifier?: CmlClassifier;
  readonly catalog: CatalogHeader;
  readonly products: ItemSource<CatalogProduct>;
}

export function unitElement(x: XmlOut, u: CatalogUnit): void {
  const attrs: Record<string, string> = { Код: u.code };
  if (u.fullName) attrs['НаименованиеПолное'] = u.fullName;
  if (u.intlAbbr) attrs['МеждународноеСокращение'] = u.intlAbbr;
  x.leaf('БазоваяЕдиница', u.name, attrs);
}

function list<T>(
  x: XmlOut,
  name: string,
  items: readonly T[] | undefined,
  each: (item: T) => void,
): void {
  if (!items || items.length === 0) return;
  x.start(name);
  for (const item of items) each(item);
  x.close();
}

export function product(x: XmlOut, p: CatalogProduct): void {
  x.start('Товар', p.status ? { Статус: p.status } : undefined)
    .leaf('Ид', p.id)
    .optional('Штрихкод', p.barcode)
    .optional('Артикул', p.article)
    .leaf('Наименование', p.name);
  unitElement(x, p.unit);
  list(x, 'Группы', p.groupIds, (id) => x.leaf('Ид', id));
  x.optional('Описание', p.description);
  for (const pic of p.pictures ?? []) x.leaf('Картинка', pic);
  if (p.manufacturer) party(x, 'Изготовитель', p.manufacturer);
  list(x, 'ЗначенияСвойств', p.properties, (v) => {
    x.start('ЗначенияСвойства').leaf('Ид', v.id);
    for (const value of v.values.length > 0 ? v.values : ['']) x.leaf('Значение', value);
    x.close();
  });
  list(x, 'СтавкиНалогов', p.taxes, (t) =>
    x
      .start('СтавкаНалога')
      .leaf('Наименование', t.name)
      .leaf('Ставка', t.rate ?? 'Без налога')
      .close(),
  );
  list(x, 'ЗначенияРеквизитов', p.requisites, (r) =>
    x.start('ЗначениеРеквизита').leaf('Наименование', r.name).leaf('Значение', r.value).close(),
  );
  x.close();
}

async function body(x: XmlOut, doc: ImportDocument): Promise<void> {
  if (doc.classifier) await writeClassifier(x, doc.classifier);
  const c = doc.catalog;
  x.start('Каталог', { СодержитТолькоИзменения: String(c.onlyChanges) })
    .leaf('Ид', c.id)
    .optional('ИдКлассификатора', c.classifierId ?? doc.classifier?.id)
    .leaf('Наименование', c.name);
  party(x, 'Владелец', c.owner);
  x.start('Товары');
  for await (const p of doc.products) {
    product(x, p);
    await x.flush();
  }
  x.close().optional('Описание', c.description).close();
}

/** Writes import.xml into `out` (a file, an HTTP body, an archive entry), ends it and resolves once it has finished. */
export function writeImportXml(
  doc: ImportDocument,
  out: Writable,
  options: CmlWriteOptions,
): Promise<void> {
  return writeDocument(out, options, (x) => body(x, doc));
}

/** import.xml as a readable stream of encoded chunks. */
export function importXmlStream(doc: ImportDocument, options: CmlWriteOptions): Readable {
  return documentStream(options, (x) => body(x, doc));
}
