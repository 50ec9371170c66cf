// Writes catalog items into the CRM modules (gateway/commerceml/README.md §2.2–2.3),
// batch by batch: items are matched strictly by 1C Ид through sync links (system '1c'), so a
// re-import updates instead of duplicating (§4: duplicates on every exchange were the classic
// failure). One batch is one transaction with one link look-up and multi-row writes; a content
// hash in the link makes an unchanged item a no-op, so a repeated import only reads, and a
// batch re-run after a crash converges to the same records.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { liveModules } from '../../store/commerceml/link-batch.js';
import { getModule } from '../../store/modules/registry.js';
import { BulkRecordWriter } from '../../store/records/bulk-writer.js';
import type { Store } from '../../store/store.js';
import type { SyncLink, SyncLinkInput } from '../../store/sync-links.js';
import type { Actor, FieldValues } from '../../store/types.js';
import type { SharingAccess } from '../../store/visibility.js';
import { writeOffers, type OfferItem } from './catalog-offers.js';
import { AdoptionIndex, adoptAll } from './adoption-index.js';
import { BatchSize } from './batch-size.js';
import { replaceTaxes } from '../../store/commerceml/product-extras.js';
import {
  currencyCode,
  type CmlGroup,
  type CmlProduct,
  type CmlTax,
} from '../../formats/commerceml/catalog-items.js';

export const SYSTEM = '1c';

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export function newCounts(): WriteCounts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0 };
}

export type CatalogItem =
  | { readonly kind: 'group'; readonly group: CmlGroup }
  | { readonly kind: 'product'; readonly product: CmlProduct }
  | OfferItem;

interface Upsert {
  readonly remoteId: string;
  readonly module: string;
  readonly values: FieldValues;
  /** A first exchange adopts a CRM item with the same name (and article) instead of duplicating it. */
  readonly adopt: boolean;
  /** Tax rates to keep for the record (product_taxes); undefined/null leaves them as they are. */
  readonly taxes?: readonly CmlTax[] | null;
}

export interface Written {
  readonly entry: Upsert;
  readonly id: number;
  /** Made by this batch: nothing is stored under its id yet (ids are never reused). */
  readonly created: boolean;
}

function hashOf(e: Upsert): string {
  return createHash('sha1')
    .update(JSON.stringify(e.taxes ? [e.values, e.taxes] : e.values))
    .digest('hex');
}

/** What one batch needs while it is written: its transaction and the links it has seen. */
export interface BatchContext {
  readonly trx: Knex.Transaction;
  readonly links: Map<string, SyncLink>;
}

export class CatalogWriter {
  readonly counts = newCounts();
  readonly bulk: BulkRecordWriter;
  private items: CatalogItem[] = [];
  private readonly batch: BatchSize;
  /** Unlinked CRM items by name and article, per module that has such items (adoption-index.ts). */
  private readonly adoptFrom = new Map<string, AdoptionIndex>();
  private readonly access = new Map<string, SharingAccess>();
  /** Warehouse Ид → name, from the Склады this and earlier packages declared (§2.3, migration 0013). */
  warehouses: ReadonlyMap<string, string> = new Map();
  /** Unit Код → short name, from the ЕдиницыИзмерения declared so far (3.1 Классификатор). */
  private units: ReadonlyMap<string, string> = new Map();
  /** Currency code → Currency record id, for an offer's Валюта (§2.3). */
  private readonly currencies = new Map<string, string>();

  constructor(
    readonly store: Store,
    readonly actor: Actor,
    readonly connection: string,
  ) {
    this.bulk = new BulkRecordWriter(store.picklists);
    this.batch = new BatchSize(store.db.kind === 'sqlite');
  }

  async prepare(
    warehouses: ReadonlyMap<string, string> = new Map(),
    units: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    this.warehouses = warehouses;
    this.units = units;
    for (const m of ['Products', 'Services', 'Catalogs']) {
      this.access.set(m, await this.store.sharing.get(m));
      if (m !== 'Catalogs' && (await this.store.records.count(this.actor, m)) > 0)
        this.adoptFrom.set(
          m,
          await AdoptionIndex.load(
            this.store.db.knex,
            this.store.syncLinks,
            { module: m, table: getModule(m).table, system: SYSTEM },
            m === 'Products'
              ? { nameField: 'productname', codeField: 'productcode' }
              : { nameField: 'servicename', codeField: null },
          ),
        );
    }
    for (const c of await this.store.records.list(this.actor, 'Currency', { limit: 1000 })) {
      this.currencies.set(String(c.values['currency_code'] ?? '').toUpperCase(), String(c.id));
    }
  }

  currencyId(text: string): string | undefined {
    return this.currencies.get(currencyCode(text));
  }

  accessOf(module: string): SharingAccess {
    return this.access.get(module) ?? 'public_rw';
  }

  async add(item: CatalogItem): Promise<void> {
    this.items.push(item);
    if (this.items.length >= this.batch.current) await this.flush();
  }

  /** Writes the items gathered so far in one transaction: groups, then products, then offers. */
  async flush(): Promise<void> {
    const items = this.items;
    this.items = [];
    if (items.length === 0) return;
    const keys: string[] = [];
    for (const it of items) {
      if (it.kind === 'group') keys.push(it.group.id, it.group.parentId ?? '');
      else if (it.kind === 'product') keys.push(it.product.id, it.product.groupId ?? '');
      else
        keys.push(
          it.offer.productId,
          it.offer.characteristic === null
            ? ''
            : `${it.offer.productId}#${it.offer.characteristic}`,
        );
    }
    // Timed from inside the transaction: waiting for the connection is not the batch's own cost.
    let ms = 0;
    await this.store.db.knex.transaction(async (trx) => {
      const started = performance.now();
      const links = await this.store.syncLinks.findMany(SYSTEM, this.connection, keys, trx);
      const ctx: BatchContext = { trx, links };
      await this.groups(
        ctx,
        items.flatMap((i) => (i.kind === 'group' ? [i.group] : [])),
      );
      await this.products(
        ctx,
        items.flatMap((i) => (i.kind === 'product' ? this.productEntry(ctx, i.product) : [])),
      );
      await writeOffers(
        this,
        ctx,
        items.flatMap((i) => (i.kind === 'offer' ? [i] : [])),
      );
      ms = performance.now() - started;
    });
    const pause = this.batch.record(items.length, ms);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }

  /** Groups level by level, so a parent created in this batch has its id before its children. */
  private async groups(ctx: BatchContext, groups: readonly CmlGroup[]): Promise<void> {
    const depth = new Map<string, number>();
    for (const g of groups)
      depth.set(
        g.id,
        g.parentId !== null && depth.has(g.parentId) ? (depth.get(g.parentId) ?? 0) + 1 : 0,
      );
    const levels = Math.max(-1, ...depth.values()) + 1;
    for (let level = 0; level < levels; level++) {
      await this.upsertMany(
        ctx,
        groups
          .filter((g) => depth.get(g.id) === level)
          .map((g) => ({
            remoteId: g.id,
            module: 'Catalogs',
            adopt: false,
            values: { catalogname: g.name, parent_id: this.recordIdOf(ctx, g.parentId) },
          })),
      );
    }
  }

  private async products(ctx: BatchContext, entries: readonly Upsert[]): Promise<void> {
    const written = (await this.upsertMany(ctx, entries)).filter((w) => w.entry.taxes);
    // A record created in this batch has no rates to replace: its delete would find nothing.
    await replaceTaxes(
      ctx.trx,
      written.filter((w) => !w.created).map((w) => w.id),
      written.flatMap((w) =>
        (w.entry.taxes ?? []).map((tax) => ({
          recordId: w.id,
          taxName: tax.name,
          percentage: tax.rate,
        })),
      ),
    );
  }

  private recordIdOf(ctx: BatchContext, remoteId: string | null): string | null {
    const link = remoteId ? ctx.links.get(remoteId) : undefined;
    return link ? String(link.recordId) : null;
  }

  private productEntry(ctx: BatchContext, p: CmlProduct): Upsert[] {
    if (p.id === '') {
      this.counts.skipped++;
      return [];
    }
    const catalogId = this.recordIdOf(ctx, p.groupId);
    const active = p.deleted ? '0' : '1';
    const values: Record<string, string | null> = p.isService
      ? {
          servicename: p.name,
          catalog_id: catalogId,
          description: p.description || null,
          discontinued: active,
        }
      : {
          productname: p.name,
          productcode: p.article || null,
          barcode: p.barcode || null,
          usageunit: this.units.get(p.unit) ?? (p.unit || null),
          catalog_id: catalogId,
          description: p.description || null,
          discontinued: active,
        };
    // The tax class says whether a rate applies; the rates themselves go to product_taxes.
    if (p.taxes) values['taxclass'] = p.taxes.some((tax) => tax.rate !== null) ? 'VAT' : null;
    return [
      {
        remoteId: p.id,
        module: p.isService ? 'Services' : 'Products',
        adopt: true,
        values,
        taxes: p.taxes,
      },
    ];
  }

  /** Creates or updates the records linked to each entry's Ид; unchanged content is skipped by hash. Returns what it wrote. */
  async upsertMany(ctx: BatchContext, entries: readonly Upsert[]): Promise<Written[]> {
    const last = new Map<string, Upsert>();
    for (const e of entries) last.set(e.remoteId, e);
    const pending: { e: Upsert; hash: string }[] = [];
    for (const e of last.values()) {
      const hash = hashOf(e);
      if (ctx.links.get(e.remoteId)?.contentHash === hash) this.counts.unchanged++;
      else pending.push({ e, hash });
    }
    if (pending.length === 0) return [];
    const live = await liveModules(
      ctx.trx,
      pending.flatMap(({ e }) => {
        const l = ctx.links.get(e.remoteId);
        return l ? [l.recordId] : [];
      }),
    );
    const updates = new Map<string, Map<number, FieldValues>>();
    const creates = new Map<string, { e: Upsert; hash: string }[]>();
    const linked: SyncLinkInput[] = [];
    const written: Written[] = [];
    const adopted = await adoptAll(
      this.adoptFrom,
      ctx.trx,
      pending.filter((p) => p.e.adopt && !ctx.links.has(p.e.remoteId)).map((p) => p.e),
    );
    for (const p of pending) {
      const link = ctx.links.get(p.e.remoteId);
      let id = link && live.get(link.recordId) === p.e.module ? link.recordId : null;
      if (id === null && !link) id = adopted.get(p.e) ?? null;
      if (id === null) {
        creates.set(p.e.module, [...(creates.get(p.e.module) ?? []), p]);
        continue;
      }
      written.push({ entry: p.e, id, created: false });
      updates.set(
        p.e.module,
        (updates.get(p.e.module) ?? new Map<number, FieldValues>()).set(id, p.e.values),
      );
      linked.push(this.linkOf(p.e, id, p.hash));
    }
    for (const [module, byId] of updates) {
      await this.bulk.revise(ctx.trx, this.actor, module, this.accessOf(module), byId);
      this.counts.updated += byId.size;
    }
    for (const [module, list] of creates) {
      const ids = await this.bulk.create(
        ctx.trx,
        this.actor,
        module,
        list.map((p) => p.e.values),
      );
      list.forEach((p, i) => {
        linked.push(this.linkOf(p.e, ids[i] as number, p.hash));
        written.push({ entry: p.e, id: ids[i] as number, created: true });
      });
      this.counts.created += ids.length;
    }
    await this.store.syncLinks.upsertMany(linked, ctx.trx);
    for (const l of linked) ctx.links.set(l.remoteId, { ...l, updatedAt: '' });
    return written;
  }

  private linkOf(e: Upsert, recordId: number, hash: string): SyncLinkInput {
    return {
      system: SYSTEM,
      connection: this.connection,
      remoteId: e.remoteId,
      recordId,
      module: e.module,
      remoteEtag: null,
      contentHash: hash,
    };
  }
}
