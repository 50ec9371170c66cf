// Orders as shop modules answer mode=query (sync/shop/README.md §5): Bitrix 2.05 without namespace, OpenCart 2.07,
// WooCommerce 2.08 with two counterparties and lines without Ид, 2.10 documents inside
// Контейнер. Read tolerantly: decimal commas and spaces in numbers, a counterparty chosen by role
// (Покупатель, then Плательщик, then Получатель, then the first), its name from
// ПолноеНаименование, falling back to Наименование, then surname and name, then e-mail, since
// shops leave the full name empty, and last its Ид. Pure: XmlNode in, plain values out.
import { child, childText, children, type XmlNode } from './cml-stream.js';

export interface ShopOrderParty {
  readonly id: string;
  readonly role: string;
  /** The account name by the fallback chain above; never empty when the party has one of them. */
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

export interface ShopOrderLine {
  readonly id: string;
  readonly article: string;
  readonly name: string;
  readonly quantity: string;
  readonly price: string;
  readonly isService: boolean;
}

export interface ShopOrder {
  readonly id: string;
  /** Номер, the site's order number; Ид when a shop leaves Номер empty. */
  readonly number: string;
  readonly date: string;
  readonly currency: string;
  readonly sum: string;
  readonly comment: string;
  /** «Статус заказа» as the shop wrote it; empty when absent. */
  readonly status: string;
  readonly party: ShopOrderParty | null;
  readonly lines: readonly ShopOrderLine[];
}

/** "1 234,50" → "1234.50"; anything that is not a number → "0". */
export function decimal(text: string): string {
  const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : '0';
}

function requisites(node: XmlNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of children(child(node, 'ЗначенияРеквизитов') ?? node, 'ЗначениеРеквизита'))
    map.set(childText(r, 'Наименование').trim(), childText(r, 'Значение').trim());
  return map;
}

function contact(k: XmlNode, kinds: readonly string[]): string {
  for (const c of children(child(k, 'Контакты') ?? k, 'Контакт')) {
    const kind = (childText(c, 'Тип') || childText(c, 'КонтактВид')).toLowerCase();
    if (kinds.some((w) => kind.includes(w))) return childText(c, 'Значение').trim();
  }
  return '';
}

function toParty(k: XmlNode): ShopOrderParty {
  const email = childText(k, 'Email').trim() || contact(k, ['почта', 'mail']);
  const person = [childText(k, 'Фамилия'), childText(k, 'Имя')]
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(' ');
  const name =
    childText(k, 'ПолноеНаименование').trim() ||
    childText(k, 'Наименование').trim() ||
    childText(k, 'ОфициальноеНаименование').trim() ||
    person ||
    email ||
    childText(k, 'Ид').trim();
  return {
    id: childText(k, 'Ид').trim(),
    role: childText(k, 'Роль').trim(),
    name,
    email,
    phone: childText(k, 'Телефон').trim() || contact(k, ['телефон', 'phone']),
  };
}

const ROLES = ['Покупатель', 'Плательщик', 'Получатель'];

function mainParty(doc: XmlNode): ShopOrderParty | null {
  const parties = children(child(doc, 'Контрагенты') ?? doc, 'Контрагент')
    .map(toParty)
    .filter((p) => p.name !== '');
  for (const role of ROLES) {
    const found = parties.find((p) => p.role === role);
    if (found) return found;
  }
  return parties[0] ?? null;
}

function toLine(g: XmlNode): ShopOrderLine {
  const req = requisites(g);
  const kind = (req.get('ТипНоменклатуры') ?? req.get('ВидНоменклатуры') ?? '').toLowerCase();
  const quantity = decimal(childText(g, 'Количество') || '1');
  const price = childText(g, 'ЦенаЗаЕдиницу') || childText(g, 'Цена');
  const sum = decimal(childText(g, 'Сумма'));
  return {
    id: childText(g, 'Ид').trim(),
    article: childText(g, 'Артикул').trim(),
    name: childText(g, 'Наименование').trim(),
    quantity,
    price:
      price !== ''
        ? decimal(price)
        : Number(quantity) !== 0
          ? String(Number(sum) / Number(quantity))
          : '0',
    isService: kind === 'услуга',
  };
}

export function toShopOrder(doc: XmlNode): ShopOrder {
  const req = requisites(doc);
  const id = childText(doc, 'Ид').trim();
  return {
    id,
    number: childText(doc, 'Номер').trim() || id,
    date: childText(doc, 'Дата').trim(),
    currency: childText(doc, 'Валюта').trim(),
    sum: decimal(childText(doc, 'Сумма')),
    comment: childText(doc, 'Комментарий').trim(),
    status: req.get('Статус заказа') ?? req.get('Статус') ?? '',
    party: mainParty(doc),
    lines: children(child(doc, 'Товары') ?? doc, 'Товар').map(toLine),
  };
}

/** Bitrix writes «[N] Принят, ожидается оплата»: the name without the bracketed code also matches. */
export function statusNames(status: string): string[] {
  const bare = status.replace(/^\[[^\]]*\]\s*/, '').trim();
  return bare === status.trim() ? [status.trim()] : [status.trim(), bare];
}
