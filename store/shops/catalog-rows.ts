// What a catalog push reads (README "Web shops (CRM as 1C)"): Products and Services of the
// chosen catalogs, page by page in id order (keyset paging), so 100,000 products never sit in
// memory at once. Each row carries the 1C Ид the record came with (its sync link of system '1c')
// when there is one. An incremental push reads what changed after the cursor, deleted records
// included, so the shop can mark them Удален.
import type { Knex } from 'knex';
import { PICTURE_SOURCE, picturesOf, type PictureMeta } from '../commerceml/product-pictures.js';

export interface CatalogGroupRow {
  readonly id: number;
  readonly name: string;
  readonly parentId: number | null;
  readonly remoteId: string | null;
}

export interface CatalogRow {
  readonly id: number;
  readonly module: 'Products' | 'Services';
  readonly name: string;
  readonly code: string | null;
  readonly barcode: string | null;
  readonly unit: string | null;
  readonly catalogId: number | null;
  readonly description: string | null;
  readonly price: string | null;
  readonly currency: string | null;
  readonly quantity: string | null;
  readonly parentId: number | null;
  readonly variantProperties: string | null;
  readonly active: boolean;
  readonly deleted: boolean;
  readonly remoteId: string | null;
  readonly taxes: readonly { readonly name: string; readonly rate: string | null }[];
  /** Its pictures (documents of source product-picture), in the order they were added. */
  readonly pictures: readonly PictureMeta[];
}

export interface CatalogFilter {
  /** Catalogs record ids whose products go out, sub-catalogs included; empty = everything. */
  readonly catalogs: readonly number[];
  /** Only records changed after this store time (nowUtc format); null = a full push. */
  readonly since: string | null;
  readonly pageSize?: number;
}

const ONE_C_ID = (knex: Knex, alias: string): Knex.Raw =>
  knex.raw(
    `(select min(s.remote_id) from sync_links s where s.record_id = ${alias}.id and s.system = '1c') as remote_id`,
  );

/** Every live catalog with its parent and 1C Ид; catalogs are few (a classifier), so one query. */
export async function catalogGroups(knex: Knex): Promise<CatalogGroupRow[]> {
  const rows = await knex('crm_entities as e')
    .join('mod_catalogs as c', 'c.id', 'e.id')
    .where('e.deleted', false)
    .orderBy('e.id')
    .select<
      {
        id: number;
        catalogname: string;
        parent_id: number | string | null;
        remote_id: string | null;
      }[]
    >('e.id', 'c.catalogname', 'c.parent_id', ONE_C_ID(knex, 'e'));
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.catalogname,
    parentId: r.parent_id === null || r.parent_id === '' ? null : Number(r.parent_id),
    remoteId: r.remote_id,
  }));
}

/** The chosen catalogs and all their descendants; null when every catalog is meant. */
export function catalogClosure(
  groups: readonly CatalogGroupRow[],
  chosen: readonly number[],
): Set<number> | null {
  if (chosen.length === 0) return null;
  const out = new Set<number>(chosen);
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of groups)
      if (g.parentId !== null && out.has(g.parentId) && !out.has(g.id)) {
        out.add(g.id);
        grew = true;
      }
  }
  return out;
}

interface RawRow {
  id: number;
  deleted: boolean | number;
  name: string;
  code: string | null;
  barcode: string | null;
  unit: string | null;
  catalog_id: number | string | null;
  description: string | null;
  unit_price: number | string | null;
  currency_code: string | null;
  qtyinstock: number | string | null;
  parent_product_id: number | string | null;
  variant_properties: string | null;
  discontinued: boolean | number | string | null;
  remote_id: string | null;
  snapshot?: string | null;
}

/** The 1C Ид a deleted record had: the bin's snapshot keeps the sync links it detached. */
function binnedOneCId(snapshot: string | null | undefined): string | null {
  if (!snapshot) return null;
  try {
    const parsed = JSON.parse(snapshot) as {
      syncLinks?: { system?: string; remote_id?: string }[];
    };
    return parsed.syncLinks?.find((l) => l.system === '1c')?.remote_id ?? null;
  } catch {
    return null;
  }
}

function num(v: number | string | null): string | null {
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : null;
}

function page(
  knex: Knex,
  module: 'Products' | 'Services',
  filter: CatalogFilter,
  closure: Set<number> | null,
  after: number,
  size: number,
): Knex.QueryBuilder {
  const table = module === 'Products' ? 'mod_products' : 'mod_services';
  const q = knex('crm_entities as e')
    .join(`${table} as p`, 'p.id', 'e.id')
    .leftJoin('mod_currency as cur', 'cur.id', 'p.currency_id')
    .where('e.module', module)
    .andWhere('e.id', '>', after)
    .orderBy('e.id')
    .limit(size)
    .select(
      'e.id',
      'e.deleted',
      module === 'Products' ? 'p.productname as name' : 'p.servicename as name',
      module === 'Products' ? 'p.productcode as code' : knex.raw('null as code'),
      module === 'Products' ? 'p.barcode' : knex.raw('null as barcode'),
      module === 'Products' ? 'p.usageunit as unit' : 'p.service_usageunit as unit',
      'p.catalog_id',
      'p.description',
      'p.unit_price',
      'cur.currency_code',
      module === 'Products' ? 'p.qtyinstock' : knex.raw('null as qtyinstock'),
      module === 'Products' ? 'p.parent_product_id' : knex.raw('null as parent_product_id'),
      module === 'Products' ? 'p.variant_properties' : knex.raw('null as variant_properties'),
      'p.discontinued',
      ONE_C_ID(knex, 'e'),
    );
  if (filter.since === null) q.andWhere('e.deleted', false);
  else {
    // A deletion leaves modifiedtime as it was; the recycle bin dates it (store/recycle-bin.ts).
    const since = filter.since;
    // A picture added since counts as a change of its product (store/commerceml/product-pictures.ts).
    q.leftJoin('recycle_bin as rb', 'rb.record_id', 'e.id')
      .select('rb.snapshot')
      .andWhere((w) =>
        w
          .where('e.modifiedtime', '>', since)
          .orWhere('rb.deleted_at', '>', since)
          .orWhereExists((d) =>
            d
              .select(knex.raw('1'))
              .from('documents as d')
              .whereRaw('d.record_id = e.id')
              .andWhere('d.source', PICTURE_SOURCE)
              .andWhere('d.created_at', '>', since),
          ),
      );
  }
  if (closure !== null) q.whereIn('p.catalog_id', [...closure]);
  return q;
}

async function taxesOf(
  knex: Knex,
  ids: readonly number[],
): Promise<Map<number, { name: string; rate: string | null }[]>> {
  const out = new Map<number, { name: string; rate: string | null }[]>();
  if (ids.length === 0) return out;
  const rows = await knex('product_taxes')
    .whereIn('record_id', ids)
    .select<{ record_id: number; tax_name: string; percentage: number | string | null }[]>(
      'record_id',
      'tax_name',
      'percentage',
    );
  for (const r of rows) {
    const id = Number(r.record_id);
    out.set(id, [...(out.get(id) ?? []), { name: r.tax_name, rate: num(r.percentage) }]);
  }
  return out;
}

/** Products, then Services, in id order, one page at a time. */
export async function* catalogRows(
  knex: Knex,
  filter: CatalogFilter,
  closure: Set<number> | null,
): AsyncGenerator<CatalogRow> {
  const size = filter.pageSize ?? 1000;
  for (const module of ['Products', 'Services'] as const) {
    let after = 0;
    for (;;) {
      const rows = (await page(knex, module, filter, closure, after, size)) as RawRow[];
      if (rows.length === 0) break;
      const ids = rows.map((r) => Number(r.id));
      const taxes = await taxesOf(knex, ids);
      const pictures = await picturesOf(knex, ids);
      for (const r of rows) {
        const id = Number(r.id);
        yield {
          id,
          module,
          name: r.name,
          code: r.code || null,
          barcode: r.barcode || null,
          unit: r.unit || null,
          catalogId: r.catalog_id === null || r.catalog_id === '' ? null : Number(r.catalog_id),
          description: r.description || null,
          price: num(r.unit_price),
          currency: r.currency_code,
          quantity: num(r.qtyinstock),
          parentId:
            r.parent_product_id === null || r.parent_product_id === ''
              ? null
              : Number(r.parent_product_id),
          variantProperties: r.variant_properties,
          active:
            r.discontinued === null ||
            r.discontinued === 1 ||
            r.discontinued === true ||
            r.discontinued === '1',
          deleted: Boolean(r.deleted),
          remoteId: r.remote_id ?? binnedOneCId(r.snapshot),
          taxes: taxes.get(id) ?? [],
          pictures: pictures.get(id) ?? [],
        };
      }
      after = Number(rows.at(-1)?.id ?? after);
      if (rows.length < size) break;
    }
  }
}
