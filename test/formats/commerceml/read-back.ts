// Reading what the CommerceML writers wrote back through the project's streaming reader
// (formats/commerceml/cml-stream.ts), into the writers' own input shapes where catalog-items.ts
// maps only part of a Товар.
import type { CatalogProduct } from '../../../formats/commerceml/catalog-document.js';
import {
  child,
  childText,
  children,
  readCml,
  type XmlNode,
} from '../../../formats/commerceml/cml-stream.js';

/** The whole subtrees under `parent` named `name`, in document order. */
export async function read(file: string, parent: string, name: string): Promise<XmlNode[]> {
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

export async function rootAttrs(file: string): Promise<Map<string, Record<string, string>>> {
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
export function productBack(n: XmlNode): CatalogProduct {
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
export function expected(p: CatalogProduct): CatalogProduct {
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
