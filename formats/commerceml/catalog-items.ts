// CommerceML catalog elements as plain values (gateway/commerceml/README.md §2.2 import.xml, §2.3
// offers.xml and the split prices.xml/rests.xml of 2.08+/3.1). Pure: XmlNode in, typed item out.
import { child, childText, children, type XmlNode } from './cml-stream.js';

export interface CmlGroup {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

export interface CmlProduct {
  readonly id: string;
  readonly name: string;
  readonly article: string;
  readonly barcode: string;
  readonly unit: string;
  readonly groupId: string | null;
  readonly description: string;
  readonly isService: boolean;
  readonly deleted: boolean;
  /** СтавкиНалогов or the requisite СтавкаНДС; null when the file says nothing of taxes. */
  readonly taxes: readonly CmlTax[] | null;
  /** Картинка: paths of the picture files sent in the same exchange (`import_files/ab/abc.jpg`). */
  readonly pictures: readonly string[];
}

export interface CmlTax {
  readonly name: string;
  /** Percent; null for "Без налога" / "Без НДС". */
  readonly rate: string | null;
}

export interface CmlStock {
  readonly warehouseId: string;
  readonly quantity: string;
}

export interface CmlOffer {
  /** The product's Ид: the part before `#` (§2.3). */
  readonly productId: string;
  readonly characteristic: string | null;
  readonly price: string | null;
  readonly currency: string | null;
  readonly quantity: string | null;
  /** Per warehouse, where the offer names warehouses (2.07 Склад, 3.1 Остатки/Остаток/Склад). */
  readonly stocks: readonly CmlStock[];
  /** ХарактеристикиТовара of a characteristic: [name, value] pairs. */
  readonly properties: readonly (readonly [string, string])[];
}

/** §2.3: Валюта is free text; the common Russian spellings of the rouble mean RUB. */
export function currencyCode(text: string): string {
  const t = text.trim().toUpperCase().replace(/\.$/, '');
  return t === 'РУБ' || t === 'RUR' || t === 'РУБЛЬ' ? 'RUB' : t;
}

/** A Группа with its nested Группы, flattened parents first (§2.2). */
export function flattenGroups(
  node: XmlNode,
  parentId: string | null,
  out: CmlGroup[] = [],
): CmlGroup[] {
  const id = childText(node, 'Ид');
  if (id !== '') out.push({ id, name: childText(node, 'Наименование') || id, parentId });
  for (const sub of children(child(node, 'Группы') ?? node, 'Группа')) {
    if (sub !== node) flattenGroups(sub, id || parentId, out);
  }
  return out;
}

/** ЗначенияРеквизитов as a name → value map (ТипНоменклатуры, Полное наименование, …). */
function requisites(node: XmlNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of children(child(node, 'ЗначенияРеквизитов') ?? node, 'ЗначениеРеквизита')) {
    map.set(childText(r, 'Наименование'), childText(r, 'Значение'));
  }
  return map;
}

/** БазоваяЕдиница is text (`шт`) in 2.0x and only a code (`796 `) in 3.1 (§2.1 table). */
function unitOf(node: XmlNode): string {
  const u = child(node, 'БазоваяЕдиница');
  if (!u) return '';
  return (
    u.text ||
    u.attrs['НаименованиеКраткое'] ||
    u.attrs['НаименованиеПолное'] ||
    childText(u, 'НаименованиеКраткое')
  ).trim();
}

function rateOf(text: string): string | null {
  const m = /^(\d+(?:[.,]\d+)?)\s*%?$/.exec(text.trim());
  return m ? (m[1] as string).replace(',', '.') : null;
}

/** §2.2: СтавкиНалогов/СтавкаНалога{Наименование, Ставка}; some unloads send only the requisite СтавкаНДС. */
function taxesOf(node: XmlNode, req: Map<string, string>): CmlTax[] | null {
  const list = children(child(node, 'СтавкиНалогов') ?? node, 'СтавкаНалога').map((t) => ({
    name: childText(t, 'Наименование') || 'НДС',
    rate: rateOf(childText(t, 'Ставка')),
  }));
  if (list.length > 0) return list;
  const vat = req.get('СтавкаНДС');
  return vat === undefined ? null : [{ name: 'НДС', rate: rateOf(vat) }];
}

export function toProduct(node: XmlNode): CmlProduct {
  const req = requisites(node);
  const kind = (req.get('ТипНоменклатуры') ?? '').toLowerCase();
  const status = node.attrs['Статус'] ?? '';
  return {
    id: childText(node, 'Ид'),
    name:
      childText(node, 'Наименование') || req.get('Полное наименование') || childText(node, 'Ид'),
    article: childText(node, 'Артикул'),
    barcode: childText(node, 'Штрихкод'),
    unit: unitOf(node),
    groupId:
      childText(child(node, 'Группы') ?? { name: '', attrs: {}, text: '', children: [] }, 'Ид') ||
      null,
    description: childText(node, 'Описание'),
    isService: kind === 'услуга',
    deleted: childText(node, 'ПометкаУдаления') === 'true' || status === 'Удален',
    taxes: taxesOf(node, req),
    pictures: children(node, 'Картинка')
      .map((c) => c.text.trim())
      .filter((t) => t !== ''),
  };
}

/** Per-warehouse stock: Склад@ИдСклада/КоличествоНаСкладе (2.07) or Остатки/Остаток/Склад{Ид, Количество} (3.1). */
function stocksOf(node: XmlNode): CmlStock[] {
  const sum = new Map<string, number>();
  const add = (id: string, q: string): void => {
    sum.set(id, (sum.get(id) ?? 0) + (Number(q) || 0));
  };
  for (const s of children(node, 'Склад')) {
    const q = s.attrs['КоличествоНаСкладе'];
    if (q !== undefined) add(s.attrs['ИдСклада'] ?? '', q);
  }
  for (const r of children(child(node, 'Остатки') ?? node, 'Остаток')) {
    const wh = child(r, 'Склад');
    const q = (wh ? childText(wh, 'Количество') : '') || childText(r, 'Количество');
    if (q !== '') add(wh ? childText(wh, 'Ид') : '', q);
  }
  return [...sum].map(([warehouseId, q]) => ({ warehouseId, quantity: String(q) }));
}

/** Stock: Количество, or else the sum over the warehouses. */
function quantityOf(node: XmlNode, stocks: readonly CmlStock[]): string | null {
  const direct = child(node, 'Количество');
  if (direct) return direct.text;
  return stocks.length > 0 ? String(stocks.reduce((sum, s) => sum + Number(s.quantity), 0)) : null;
}

export function toOffer(
  node: XmlNode,
  defaultCurrency: (priceTypeId: string) => string | null,
): CmlOffer {
  const full = childText(node, 'Ид');
  const hash = full.indexOf('#');
  const price = children(child(node, 'Цены') ?? node, 'Цена')[0];
  const typeId = price ? childText(price, 'ИдТипаЦены') : '';
  const stocks = stocksOf(node);
  return {
    productId: hash < 0 ? full : full.slice(0, hash),
    characteristic: hash < 0 || hash === full.length - 1 ? null : full.slice(hash + 1),
    price: price ? childText(price, 'ЦенаЗаЕдиницу') || null : null,
    currency: price ? childText(price, 'Валюта') || defaultCurrency(typeId) : null,
    quantity: quantityOf(node, stocks),
    stocks: stocks.filter((st) => st.warehouseId !== ''),
    properties: children(child(node, 'ХарактеристикиТовара') ?? node, 'ХарактеристикаТовара').map(
      (c) => [childText(c, 'Наименование'), childText(c, 'Значение')] as const,
    ),
  };
}
