// import.xml and offers.xml of one catalog push, written to disk as streams
// (formats/commerceml/catalog-document.ts, offers-document.ts) from the store read page by page
// (store/shops/catalog-rows.ts), so 100,000 products are never held in memory. What 1C writes for
// a site is written (sync/shop/README.md §4): Классификатор/Группы from the CRM catalogs, every
// product and service with a stable Ид, services with ТипНоменклатуры Услуга, variants only as
// `Ид#…` offers of their product, one price type with its VAT, the stock as Количество. A delta
// says СодержитТолькоИзменения="true" and marks deleted records Удален.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { GatewayError } from '../../store/errors.js';
import { writeImportXml, type CatalogProduct } from '../../formats/commerceml/catalog-document.js';
import type { ClassifierGroup } from '../../formats/commerceml/classifier.js';
import type { CmlWriteOptions } from '../../formats/commerceml/cml-head.js';
import { writeOffersXml, type PackageOffer } from '../../formats/commerceml/offers-document.js';
import {
  catalogClosure,
  catalogGroups,
  catalogRows,
  type CatalogGroupRow,
  type CatalogRow,
} from '../../store/shops/catalog-rows.js';
import type { ShopEncoding, ShopSchema } from '../../store/shops/types.js';
import { itemId, variantOfferId } from './catalog-ids.js';
import { picturePath, type PictureFile } from './pictures.js';
import { unitOf } from './units.js';

export const CLASSIFIER_ID = 'crm-classifier';
export const CATALOG_ID = 'crm-catalog';
export const PRICE_TYPE_ID = 'crm-price-retail';

export interface CatalogFilesInput {
  readonly catalogs: readonly number[];
  /** null: a full snapshot; otherwise the store time after which changes are sent. */
  readonly since: string | null;
  readonly schema: ShopSchema;
  readonly encoding: ShopEncoding;
  readonly owner: string;
  readonly generatedAt: Date;
  readonly pageSize?: number;
}

export interface CatalogFiles {
  readonly importXml: string;
  readonly offersXml: string;
  readonly products: number;
  readonly services: number;
  readonly offers: number;
  readonly deleted: number;
  /** The pictures named in import.xml (of the products sent, deleted ones excepted). */
  readonly pictures: readonly PictureFile[];
}

function tree(rows: readonly CatalogGroupRow[], keep: Set<number> | null): ClassifierGroup[] {
  const byParent = new Map<number | null, CatalogGroupRow[]>();
  const present = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    if (keep !== null && !keep.has(r.id)) continue;
    const parent =
      r.parentId !== null && present.has(r.parentId) && (keep === null || keep.has(r.parentId))
        ? r.parentId
        : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
  }
  const build = (parent: number | null, depth: number): ClassifierGroup[] =>
    depth > 64
      ? []
      : (byParent.get(parent) ?? []).map((g) => {
          const groups = build(g.id, depth + 1);
          return {
            id: itemId(g.id, g.remoteId),
            name: g.name,
            ...(groups.length > 0 ? { groups } : {}),
          };
        });
  return build(null, 0);
}

async function baseCurrency(knex: Knex): Promise<string> {
  const row = await knex('mod_currency as c')
    .join('crm_entities as e', 'e.id', 'c.id')
    .where('e.deleted', false)
    .orderBy([{ column: 'c.defaultid', order: 'desc' }, 'c.id'])
    .first<{ currency_code: string } | undefined>('c.currency_code');
  return row?.currency_code ?? 'RUB';
}

function price(value: string): string {
  return Number(value).toFixed(2);
}

function characteristics(text: string | null): { name: string; value: string }[] {
  if (!text) return [];
  return text.split(';').flatMap((part) => {
    const at = part.indexOf(':');
    return at < 0 ? [] : [{ name: part.slice(0, at).trim(), value: part.slice(at + 1).trim() }];
  });
}

export async function writeCatalogFiles(
  knex: Knex,
  dir: string,
  input: CatalogFilesInput,
): Promise<CatalogFiles> {
  const groups = await catalogGroups(knex);
  for (const c of input.catalogs)
    if (!groups.some((g) => g.id === c))
      throw new GatewayError('not_found', `catalog ${c} does not exist`);
  const closure = catalogClosure(groups, input.catalogs);
  const groupIds = new Map(groups.map((g) => [g.id, itemId(g.id, g.remoteId)]));
  const currency = await baseCurrency(knex);
  const owner = { id: 'crm-owner', name: input.owner };
  const options: CmlWriteOptions = {
    schemaVersion: input.schema,
    encoding: input.encoding,
    generatedAt: input.generatedAt,
  };
  const onlyChanges = input.since !== null;
  const filter = { catalogs: input.catalogs, since: input.since, pageSize: input.pageSize ?? 1000 };
  const classifier = {
    id: CLASSIFIER_ID,
    name: 'Классификатор (CRM)',
    owner,
    groups: tree(groups, closure),
  };
  const counts = { products: 0, services: 0, offers: 0, deleted: 0 };
  const pictures: PictureFile[] = [];
  const parentIds = new Map<number, string>();
  const parentIdOf = async (id: number): Promise<string> => {
    const known = parentIds.get(id);
    if (known !== undefined) return known;
    const link = await knex('sync_links')
      .where({ record_id: id, system: '1c' })
      .min<{ m: string | null }>({ m: 'remote_id' })
      .first();
    const found = itemId(id, link?.m ?? null);
    parentIds.set(id, found);
    return found;
  };

  async function* products(): AsyncGenerator<CatalogProduct> {
    for await (const r of catalogRows(knex, filter, closure)) {
      if (r.parentId !== null) continue;
      const id = itemId(r.id, r.remoteId);
      if (r.module === 'Products') parentIds.set(r.id, id);
      if (r.deleted) counts.deleted++;
      else if (r.module === 'Services') counts.services++;
      else counts.products++;
      const group = r.catalogId !== null ? groupIds.get(r.catalogId) : undefined;
      const paths: string[] = [];
      if (!r.deleted)
        for (const pic of r.pictures) {
          const p = picturePath(pic);
          if (paths.includes(p)) continue;
          paths.push(p);
          pictures.push({ documentId: pic.id, path: p, sha256: pic.sha256 });
        }
      yield {
        id,
        ...(r.barcode ? { barcode: r.barcode } : {}),
        ...(r.code ? { article: r.code } : {}),
        name: r.name,
        unit: unitOf(r.unit),
        ...(group ? { groupIds: [group] } : {}),
        ...(r.description ? { description: r.description } : {}),
        ...(paths.length > 0 ? { pictures: paths } : {}),
        ...(r.taxes.length > 0 ? { taxes: r.taxes } : {}),
        requisites: [
          { name: 'ВидНоменклатуры', value: r.module === 'Services' ? 'Услуга' : 'Товар' },
          { name: 'ТипНоменклатуры', value: r.module === 'Services' ? 'Услуга' : 'Товар' },
          { name: 'Полное наименование', value: r.name },
        ],
        ...(r.deleted || !r.active ? { status: 'Удален' as const } : {}),
      };
    }
  }

  async function offerOf(r: CatalogRow): Promise<PackageOffer | null> {
    if (r.deleted || r.price === null) return null;
    const unit = unitOf(r.unit);
    const own = itemId(r.id, r.remoteId);
    const variant = r.parentId !== null;
    const offerId = variant
      ? variantOfferId(await parentIdOf(r.parentId ?? 0), r.id, r.remoteId)
      : own;
    const hash = offerId.indexOf('#');
    const props = characteristics(r.variantProperties);
    return {
      productId: hash < 0 ? offerId : offerId.slice(0, hash),
      variantId: hash < 0 ? null : offerId.slice(hash + 1),
      ...(r.barcode ? { barcode: r.barcode } : {}),
      ...(r.code ? { article: r.code } : {}),
      name: r.name,
      unit,
      ...(variant && props.length > 0 ? { characteristics: props } : {}),
      prices: [
        { priceTypeId: PRICE_TYPE_ID, price: price(r.price), currency: r.currency ?? currency },
      ],
      ...(r.module === 'Products' ? { quantity: String(Number(r.quantity ?? '0')) } : {}),
    };
  }

  async function* offers(): AsyncGenerator<PackageOffer> {
    for await (const r of catalogRows(knex, filter, closure)) {
      const o = await offerOf(r);
      if (o === null) continue;
      counts.offers++;
      yield o;
    }
  }

  const importXml = path.join(dir, 'import.xml');
  const offersXml = path.join(dir, 'offers.xml');
  await writeImportXml(
    {
      classifier,
      catalog: {
        id: CATALOG_ID,
        classifierId: CLASSIFIER_ID,
        name: 'Каталог товаров (CRM)',
        owner,
        onlyChanges,
      },
      products: products(),
    },
    createWriteStream(importXml),
    options,
  );
  await writeOffersXml(
    {
      package: {
        id: `${CATALOG_ID}#`,
        name: 'Пакет предложений (CRM)',
        catalogId: CATALOG_ID,
        classifierId: CLASSIFIER_ID,
        owner,
        onlyChanges,
        priceTypes: [
          {
            id: PRICE_TYPE_ID,
            name: 'Розничная',
            currency,
            tax: { name: 'НДС', inSum: true, excise: false },
          },
        ],
      },
      offers: offers(),
    },
    createWriteStream(offersXml),
    options,
  );
  return { importXml, offersXml, ...counts, pictures };
}
