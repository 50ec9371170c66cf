// Orders site → 1C as CommerceML Документ (gateway/commerceml/README.md §2.4, Bitrix mode=query
// output, sample 8): Ид/Номер stable across re-sends (a run that fails before mode=success sends
// them again), Контрагент with the account's requisites, lines with the product's 1C Ид when it has
// one. Built with xmlbuilder2; encoded UTF-8 by default or windows-1251 (§1.1,
// carono/yii2-1c-exchange#21: the declared encoding must match the bytes and the Content-Type).
import iconv from 'iconv-lite';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

export interface OrderLine {
  readonly id: string;
  readonly name: string;
  readonly price: string;
  readonly quantity: string;
  readonly sum: string;
  readonly isService: boolean;
}

export interface OrderParty {
  readonly id: string;
  readonly name: string;
  readonly fullName: string;
  readonly inn: string;
  readonly kpp: string;
  readonly address: string;
  readonly email: string;
  readonly phone: string;
}

export interface OrderExport {
  readonly id: string;
  readonly number: string;
  readonly date: string;
  readonly time: string;
  readonly currency: string;
  readonly sum: string;
  readonly comment: string;
  readonly status: string;
  readonly party: OrderParty | null;
  readonly lines: readonly OrderLine[];
}

export type OrderEncoding = 'utf-8' | 'windows-1251';

function requisite(parent: XMLBuilder, name: string, value: string): void {
  parent.ele('ЗначениеРеквизита').ele('Наименование').txt(name).up().ele('Значение').txt(value);
}

function party(doc: XMLBuilder, p: OrderParty): void {
  const k = doc.ele('Контрагенты').ele('Контрагент');
  k.ele('Ид')
    .txt(p.id)
    .up()
    .ele('Наименование')
    .txt(p.name)
    .up()
    .ele('ПолноеНаименование')
    .txt(p.fullName)
    .up()
    .ele('ОфициальноеНаименование')
    .txt(p.fullName)
    .up()
    .ele('Роль')
    .txt('Покупатель')
    .up()
    .ele('ИНН')
    .txt(p.inn)
    .up()
    .ele('КПП')
    .txt(p.kpp);
  if (p.address) k.ele('АдресРегистрации').ele('Представление').txt(p.address);
  const contacts = k.ele('Контакты');
  if (p.email) contacts.ele('Контакт').ele('Тип').txt('Почта').up().ele('Значение').txt(p.email);
  if (p.phone)
    contacts.ele('Контакт').ele('Тип').txt('ТелефонРабочий').up().ele('Значение').txt(p.phone);
}

function lines(doc: XMLBuilder, items: readonly OrderLine[]): void {
  const goods = doc.ele('Товары');
  for (const l of items) {
    const g = goods.ele('Товар');
    g.ele('Ид')
      .txt(l.id)
      .up()
      .ele('Наименование')
      .txt(l.name)
      .up()
      .ele('БазоваяЕдиница', {
        Код: '796',
        НаименованиеПолное: 'Штука',
        МеждународноеСокращение: 'PCE',
      })
      .txt('шт')
      .up()
      .ele('ЦенаЗаЕдиницу')
      .txt(l.price)
      .up()
      .ele('Количество')
      .txt(l.quantity)
      .up()
      .ele('Сумма')
      .txt(l.sum);
    const req = g.ele('ЗначенияРеквизитов');
    requisite(req, 'ВидНоменклатуры', l.isService ? 'Услуга' : 'Товар');
    requisite(req, 'ТипНоменклатуры', l.isService ? 'Услуга' : 'Товар');
  }
}

export function buildOrders(
  orders: readonly OrderExport[],
  now: Date,
  encoding: OrderEncoding,
): Buffer {
  const root = create({
    version: '1.0',
    encoding: encoding === 'utf-8' ? 'UTF-8' : 'windows-1251',
  }).ele('КоммерческаяИнформация', {
    ВерсияСхемы: '2.08',
    ДатаФормирования: now.toISOString().slice(0, 19),
  });
  for (const o of orders) {
    const doc = root.ele('Документ');
    doc
      .ele('Ид')
      .txt(o.id)
      .up()
      .ele('Номер')
      .txt(o.number)
      .up()
      .ele('Дата')
      .txt(o.date)
      .up()
      .ele('ХозОперация')
      .txt('Заказ товара')
      .up()
      .ele('Роль')
      .txt('Продавец')
      .up()
      .ele('Валюта')
      .txt(o.currency)
      .up()
      .ele('Курс')
      .txt('1')
      .up()
      .ele('Сумма')
      .txt(o.sum)
      .up();
    if (o.party) party(doc, o.party);
    doc.ele('Время').txt(o.time).up().ele('Комментарий').txt(o.comment);
    lines(doc, o.lines);
    requisite(doc.ele('ЗначенияРеквизитов'), 'Статус заказа', o.status);
  }
  const xml = root.end({ prettyPrint: true });
  return encoding === 'utf-8' ? Buffer.from(xml, 'utf8') : iconv.encode(xml, 'win1251');
}
