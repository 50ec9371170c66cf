// offers.xml as 1C writes it for a web shop (CommerceML 2.08/2.10 schema, complexTypes
// ПакетПредложений, ТипЦены, Склад, Цена, ОстаткиПоСкладам): an optional Классификатор, then
// ПакетПредложений with СодержитТолькоИзменения, Ид, Наименование, ИдКаталога,
// ИдКлассификатора, Владелец, ТипыЦен (Налог with УчтеноВСумме, Акциз), Склады, and
// Предложения. A Предложение has Ид (`product` or `product#variant`), Артикул, Наименование,
// БазоваяЕдиница, ХарактеристикиТовара, Цены/Цена (Представление, ИдТипаЦены, ЦенаЗаЕдиницу,
// Валюта, Единица, Коэффициент), Количество and one Склад ИдСклада/КоличествоНаСкладе per
// warehouse. The schemas require one Цена at least per Предложение. Offers stream from an
// iterable, as the products of import.xml do.
import type { Readable, Writable } from 'node:stream';
import { unitElement, type CatalogUnit } from './catalog-document.js';
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

export interface PriceType {
  readonly id: string;
  readonly name: string;
  /** Валюта, three letters (RUB). */
  readonly currency: string;
  readonly tax?: { readonly name: string; readonly inSum: boolean; readonly excise?: boolean };
}

export interface Warehouse {
  readonly id: string;
  readonly name: string;
}

export interface OfferPrice {
  readonly priceTypeId: string;
  /** ЦенаЗаЕдиницу: a decimal with a point, at most two fraction digits. */
  readonly price: string;
  /** Валюта; the price type's when absent. */
  readonly currency?: string;
  /** Единица: OKEI code; the offer's БазоваяЕдиница code when absent. */
  readonly unit?: string;
  /** Коэффициент; 1 when absent. */
  readonly factor?: string;
  /** Представление; "<price> <currency> за <unit name>" when absent. */
  readonly presentation?: string;
}

export interface PackageOffer {
  readonly productId: string;
  /** The characteristic (variant, SKU): Ид becomes `productId#variantId`. */
  readonly variantId?: string | null;
  readonly barcode?: string;
  readonly article?: string;
  readonly name: string;
  readonly unit: CatalogUnit;
  readonly characteristics?: readonly { readonly name: string; readonly value: string }[];
  readonly prices: readonly OfferPrice[];
  readonly quantity?: string | null;
  readonly stocks?: readonly { readonly warehouseId: string; readonly quantity: string }[];
}

export interface PackageHeader {
  /** Ид of the package; 1C writes the catalog's Ид followed by `#`. */
  readonly id?: string;
  readonly name: string;
  readonly catalogId: string;
  readonly classifierId?: string;
  readonly owner: CmlParty;
  readonly onlyChanges: boolean;
  readonly priceTypes: readonly PriceType[];
  readonly warehouses?: readonly Warehouse[];
}

export interface OffersDocument {
  readonly classifier?: CmlClassifier;
  readonly package: PackageHeader;
  readonly offers: ItemSource<PackageOffer>;
}

function priceTypes(x: XmlOut, types: readonly PriceType[]): void {
  x.start('ТипыЦен');
  for (const t of types) {
    x.start('ТипЦены').leaf('Ид', t.id).leaf('Наименование', t.name).leaf('Валюта', t.currency);
    if (t.tax)
      x.start('Налог')
        .leaf('Наименование', t.tax.name)
        .leaf('УчтеноВСумме', String(t.tax.inSum))
        .leaf('Акциз', String(t.tax.excise ?? false))
        .close();
    x.close();
  }
  x.close();
}

function offer(x: XmlOut, o: PackageOffer, currencies: ReadonlyMap<string, string>): void {
  x.start('Предложение')
    .leaf('Ид', o.variantId ? `${o.productId}#${o.variantId}` : o.productId)
    .optional('Штрихкод', o.barcode)
    .optional('Артикул', o.article)
    .leaf('Наименование', o.name);
  unitElement(x, o.unit);
  if (o.characteristics && o.characteristics.length > 0) {
    x.start('ХарактеристикиТовара');
    for (const c of o.characteristics)
      x.start('ХарактеристикаТовара')
        .leaf('Наименование', c.name)
        .leaf('Значение', c.value)
        .close();
    x.close();
  }
  x.start('Цены');
  for (const p of o.prices) {
    const currency = p.currency ?? currencies.get(p.priceTypeId) ?? '';
    x.start('Цена')
      .leaf('Представление', p.presentation ?? `${p.price} ${currency} за ${o.unit.name}`)
      .leaf('ИдТипаЦены', p.priceTypeId)
      .leaf('ЦенаЗаЕдиницу', p.price)
      .optional('Валюта', currency)
      .leaf('Единица', p.unit ?? o.unit.code)
      .leaf('Коэффициент', p.factor ?? '1')
      .close();
  }
  x.close();
  x.optional('Количество', o.quantity);
  for (const s of o.stocks ?? [])
    x.leaf('Склад', '', { ИдСклада: s.warehouseId, КоличествоНаСкладе: s.quantity });
  x.close();
}

async function body(x: XmlOut, doc: OffersDocument): Promise<void> {
  if (doc.classifier) await writeClassifier(x, doc.classifier);
  const h = doc.package;
  x.start('ПакетПредложений', { СодержитТолькоИзменения: String(h.onlyChanges) })
    .optional('Ид', h.id)
    .leaf('Наименование', h.name)
    .leaf('ИдКаталога', h.catalogId)
    .optional('ИдКлассификатора', h.classifierId ?? doc.classifier?.id);
  party(x, 'Владелец', h.owner);
  priceTypes(x, h.priceTypes);
  if (h.warehouses && h.warehouses.length > 0) {
    x.start('Склады');
    for (const w of h.warehouses)
      x.start('Склад').leaf('Ид', w.id).leaf('Наименование', w.name).close();
    x.close();
  }
  const currencies = new Map(h.priceTypes.map((t) => [t.id, t.currency]));
  x.start('Предложения');
  for await (const o of doc.offers) {
    offer(x, o, currencies);
    await x.flush();
  }
  x.close().close();
}

/** Writes offers.xml into `out`, ends it and resolves once it has finished. */
export function writeOffersXml(
  doc: OffersDocument,
  out: Writable,
  options: CmlWriteOptions,
): Promise<void> {
  return writeDocument(out, options, (x) => body(x, doc));
}

/** offers.xml as a readable stream of encoded chunks. */
export function offersXmlStream(doc: OffersDocument, options: CmlWriteOptions): Readable {
  return documentStream(options, (x) => body(x, doc));
}
