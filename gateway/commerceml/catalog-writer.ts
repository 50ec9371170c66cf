// Writes catalog items into the CRM modules (commerceml.md §2.2–2.3, issue 6 "Mapping"):
// matched strictly by 1C Ид through sync links (system '1c'), so a re-import updates instead of
// duplicating (§4: duplicates on every exchange were the classic failure). A content hash in
// the link makes an unchanged item a no-op, which keeps a repeated import cheap and idempotent.
import { createHash } from 'node:crypto';
import { runRecordQuery, type Condition } from '../../store/records/record-query.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import type { CmlGroup, CmlOffer, CmlProduct } from './xml/catalog-items.js';

export const SYSTEM = '1c';

export interface WriteCounts { created: number; updated: number; unchanged: number; skipped: number }

export function newCounts(): WriteCounts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0 };
}

function hashOf(values: Readonly<Record<string, string | null>>): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('hex');
}

export class CatalogWriter {
  readonly counts = newCounts();
  /** Adoption needs CRM items to adopt: an empty catalog skips the look-up per new item. */
  private adoptFrom: Set<string> | null = null;
  constructor(private readonly store: Store, private readonly actor: Actor, private readonly connection: string) {}

  async prepare(): Promise<void> {
    this.adoptFrom = new Set();
    for (const m of ['Products', 'Services']) if ((await this.store.records.count(this.actor, m)) > 0) this.adoptFrom.add(m);
  }

  /** Creates or updates the record linked to `remoteId`; returns its id. */
  async upsert(module: string, remoteId: string, values: Record<string, string | null>): Promise<number> {
    const link = await this.store.syncLinks.find(SYSTEM, this.connection, remoteId);
    const hash = hashOf(values);
    if (link && link.contentHash === hash) { this.counts.unchanged++; return link.recordId; }
    let recordId: number;
    if (link && (await this.store.records.status(link.recordId))?.deleted === false && link.module === module) {
      await this.store.records.update(this.actor, module, link.recordId, { values }, 'revise');
      recordId = link.recordId;
      this.counts.updated++;
    } else {
      const adopted = link ? null : await this.adoptable(module, values);
      if (adopted !== null) {
        await this.store.records.update(this.actor, module, adopted, { values }, 'revise');
        this.counts.updated++;
      } else {
        this.counts.created++;
      }
      recordId = adopted ?? (await this.store.records.create(this.actor, module, { values })).id;
    }
    await this.store.syncLinks.upsert({ system: SYSTEM, connection: this.connection, remoteId, recordId, module, remoteEtag: null, contentHash: hash });
    return recordId;
  }

  /**
   * Issue 6: on a first exchange a CRM product with the same name and article (a service with
   * the same name) is adopted rather than duplicated — unless another 1C item already holds it.
   */
  private async adoptable(module: string, values: Record<string, string | null>): Promise<number | null> {
    if (this.adoptFrom !== null && !this.adoptFrom.has(module)) return null;
    const nameField = module === 'Products' ? 'productname' : module === 'Services' ? 'servicename' : null;
    const name = nameField ? values[nameField] : null;
    if (!nameField || !name) return null;
    const items: Condition[] = [{ kind: 'compare', field: nameField, op: '=', value: name }];
    if (module === 'Products') {
      const code = values['productcode'];
      items.push(code ? { kind: 'compare', field: 'productcode', op: '=', value: code } : { kind: 'null', field: 'productcode', negated: false });
    }
    const result = await runRecordQuery(this.store.db.knex, this.store.sharing, this.actor, {
      module, columns: '*', count: false, where: { kind: 'and', items }, orderBy: [], limit: 5, offset: 0,
    });
    for (const rec of 'records' in result ? result.records : []) {
      if ((await this.store.syncLinks.forRecord(rec.id, SYSTEM)).length === 0) return rec.id;
    }
    return null;
  }

  async recordFor(remoteId: string | null): Promise<{ id: number; module: string } | null> {
    if (!remoteId) return null;
    const link = await this.store.syncLinks.find(SYSTEM, this.connection, remoteId);
    return link ? { id: link.recordId, module: link.module } : null;
  }

  async group(g: CmlGroup): Promise<void> {
    const parent = await this.recordFor(g.parentId);
    await this.upsert('Catalogs', g.id, { catalogname: g.name, parent_id: parent ? String(parent.id) : null });
  }

  async product(p: CmlProduct): Promise<void> {
    if (p.id === '') { this.counts.skipped++; return; }
    const catalog = await this.recordFor(p.groupId);
    const catalogId = catalog ? String(catalog.id) : null;
    const active = p.deleted ? '0' : '1';
    if (p.isService) {
      await this.upsert('Services', p.id, { servicename: p.name, catalog_id: catalogId, description: p.description || null, discontinued: active });
      return;
    }
    await this.upsert('Products', p.id, {
      productname: p.name, productcode: p.article || null, barcode: p.barcode || null, usageunit: p.unit || null,
      catalog_id: catalogId, description: p.description || null, discontinued: active,
    });
  }

  /** Offer values go onto the product, or onto its variant for `Ид#характеристика` (§2.3). */
  async offer(o: CmlOffer, name: string): Promise<void> {
    const base = await this.recordFor(o.productId);
    if (!base) { this.counts.skipped++; return; }
    const values: Record<string, string | null> = {};
    if (o.price !== null) values['unit_price'] = o.price;
    if (o.quantity !== null && base.module === 'Products') values['qtyinstock'] = o.quantity;
    if (o.characteristic === null) {
      if (Object.keys(values).length === 0) { this.counts.unchanged++; return; }
      await this.revise(base.module, base.id, values);
      return;
    }
    const variantName = name || await this.variantName(base, o.characteristic);
    const key = `${o.productId}#${o.characteristic}`;
    const existing = await this.recordFor(key);
    if (existing) await this.revise(existing.module, existing.id, values);
    else await this.upsert(base.module, key, { [base.module === 'Services' ? 'servicename' : 'productname']: variantName, ...values });
  }

  /** prices.xml/rests.xml carry no name: the variant is named after its product. */
  private async variantName(base: { id: number; module: string }, characteristic: string): Promise<string> {
    const rec = await this.store.records.get(this.actor, base.module, base.id);
    const label = String(rec?.values[base.module === 'Services' ? 'servicename' : 'productname'] ?? '');
    return `${label} #${characteristic.slice(0, 8)}`.trim();
  }

  private async revise(module: string, id: number, values: Record<string, string | null>): Promise<void> {
    const current = await this.store.records.get(this.actor, module, id);
    if (current && Object.entries(values).every(([k, v]) => sameValue(current.values[k], v))) { this.counts.unchanged++; return; }
    await this.store.records.update(this.actor, module, id, { values }, 'revise');
    this.counts.updated++;
  }
}

function sameValue(a: unknown, b: string | null): boolean {
  if (a === null || a === undefined || a === '') return b === null || b === '';
  if (b === null) return false;
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na === nb : String(a) === b;
}
