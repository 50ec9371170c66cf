// CommerceML catalog elements as plain values (commerceml.md §2.2 import.xml, §2.3 offers.xml
// and the split prices.xml/rests.xml of 2.08+/3.1). Pure: XmlNode in, typed item out.
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
}

export interface CmlOffer {
  /** The product's Ид: the part before `#` (§2.3). */
  readonly productId: string;
  readonly characteristic: string | null;
  readonly price: string | null;
  readonly currency: string | null;
  readonly quantity: string | null;
}

/** §2.3: Валюта is free text; the common Russian spellings of the rouble mean RUB. */
export function currencyCode(text: string): string {
  const t = text.trim().toUpperCase().replace(/\.$/, '');
  return t === 'РУБ' || t === 'RUR' || t === 'РУБЛЬ' ? 'RUB' : t;
}

/** A Группа with its nested Группы, flattened parents first (§2.2). */
export function flattenGroups(node: XmlNode, parentId: string | null, out: CmlGroup[] = []): CmlGroup[] {
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
  return (u.text || u.attrs['НаименованиеКраткое'] || u.attrs['НаименованиеПолное'] || childText(u, 'НаименованиеКраткое')).trim();
}

export function toProduct(node: XmlNode): CmlProduct {
  const req = requisites(node);
  const kind = (req.get('ТипНоменклатуры') ?? '').toLowerCase();
  const status = node.attrs['Статус'] ?? '';
  return {
    id: childText(node, 'Ид'),
    name: childText(node, 'Наименование') || req.get('Полное наименование') || childText(node, 'Ид'),
    article: childText(node, 'Артикул'),
    barcode: childText(node, 'Штрихкод'),
    unit: unitOf(node),
    groupId: childText(child(node, 'Группы') ?? { name: '', attrs: {}, text: '', children: [] }, 'Ид') || null,
    description: childText(node, 'Описание'),
    isService: kind === 'услуга',
    deleted: childText(node, 'ПометкаУдаления') === 'true' || status === 'Удален',
  };
}

/** Stock: Количество, or the sum of Склад@КоличествоНаСкладе (2.07) or Остатки/Остаток (3.1). */
function quantityOf(node: XmlNode): string | null {
  const direct = child(node, 'Количество');
  if (direct) return direct.text;
  let sum = 0;
  let seen = false;
  for (const s of children(node, 'Склад')) {
    const q = s.attrs['КоличествоНаСкладе'];
    if (q !== undefined) { sum += Number(q) || 0; seen = true; }
  }
  for (const r of children(child(node, 'Остатки') ?? node, 'Остаток')) {
    const q = childText(child(r, 'Склад') ?? r, 'Количество') || childText(r, 'Количество');
    if (q !== '') { sum += Number(q) || 0; seen = true; }
  }
  return seen ? String(sum) : null;
}

export function toOffer(node: XmlNode, defaultCurrency: (priceTypeId: string) => string | null): CmlOffer {
  const full = childText(node, 'Ид');
  const hash = full.indexOf('#');
  const price = children(child(node, 'Цены') ?? node, 'Цена')[0];
  const typeId = price ? childText(price, 'ИдТипаЦены') : '';
  return {
    productId: hash < 0 ? full : full.slice(0, hash),
    characteristic: hash < 0 || hash === full.length - 1 ? null : full.slice(hash + 1),
    price: price ? childText(price, 'ЦенаЗаЕдиницу') || null : null,
    currency: price ? childText(price, 'Валюта') || defaultCurrency(typeId) : null,
    quantity: quantityOf(node),
  };
}
