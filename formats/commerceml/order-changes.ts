// Orders 1C → site (gateway/commerceml/README.md §2.4, sample 7): Номер is the site's order number,
// status comes from the requisites. PROTO reports payment and shipment only when complete, so
// "paid" ⇔ a non-empty «Номер оплаты по 1С»; cancelled ⇔ «Отменен» or «ПометкаУдаления».
import { child, childText, children, type XmlNode } from './cml-stream.js';

export interface OrderChangeLine {
  readonly productId: string;
  readonly name: string;
  readonly price: string;
  readonly quantity: string;
}

export interface OrderParty {
  readonly id: string;
  readonly name: string;
  readonly inn: string;
  readonly kpp: string;
}

export interface OrderChange {
  readonly number: string;
  readonly party: OrderParty | null;
  readonly posted: boolean;
  readonly paid: boolean;
  readonly cancelled: boolean;
  readonly lines: readonly OrderChangeLine[];
}

export type OrderState = 'not-posted' | 'posted' | 'paid' | 'cancelled';

export function requisiteMap(node: XmlNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of children(child(node, 'ЗначенияРеквизитов') ?? node, 'ЗначениеРеквизита')) {
    map.set(childText(r, 'Наименование'), childText(r, 'Значение'));
  }
  return map;
}

export function toOrderChange(node: XmlNode): OrderChange {
  const req = requisiteMap(node);
  const yes = (name: string): boolean => (req.get(name) ?? '').toLowerCase() === 'true';
  const lines = children(child(node, 'Товары') ?? node, 'Товар').map((g) => ({
    productId: childText(g, 'Ид'),
    name: childText(g, 'Наименование'),
    price: childText(g, 'ЦенаЗаЕдиницу') || childText(g, 'Цена') || '0',
    quantity: childText(g, 'Количество') || '1',
  }));
  const k = child(child(node, 'Контрагенты') ?? node, 'Контрагент');
  const partyName = k
    ? childText(k, 'Наименование') ||
      childText(k, 'ОфициальноеНаименование') ||
      childText(k, 'ПолноеНаименование')
    : '';
  return {
    number: childText(node, 'Номер'),
    party:
      k && partyName
        ? {
            id: childText(k, 'Ид'),
            name: partyName,
            inn: childText(k, 'ИНН'),
            kpp: childText(k, 'КПП'),
          }
        : null,
    posted: yes('Проведен'),
    paid: (req.get('Номер оплаты по 1С') ?? '') !== '' || yes('Оплачен'),
    cancelled:
      yes('Отменен') || yes('ПометкаУдаления') || childText(node, 'ПометкаУдаления') === 'true',
    lines,
  };
}

export function orderState(c: OrderChange): OrderState {
  if (c.cancelled) return 'cancelled';
  if (!c.posted) return 'not-posted';
  return c.paid ? 'paid' : 'posted';
}

/**
 * The default mapping (gateway/commerceml/README.md §2.4); the `commerceml.sale.statuses` setting
 * overrides it.
 */
export const DEFAULT_STATUS_MAP: Readonly<Record<OrderState, string>> = {
  'not-posted': 'Created',
  posted: 'Approved',
  paid: 'Delivered',
  cancelled: 'Cancelled',
};
