// mode=import for type=catalog (gateway/commerceml/README.md §1.4 step 2, §2.2–2.3). Two streaming
// passes over the file: the first only parses and checks (well-formed to the last byte, currencies
// known; skipped for bytes already checked, verified-files.ts), the second writes. So a truncated
// or hostile file fails before anything is applied, and since every write is an upsert by 1C Ид,
// re-running the second pass after a crash converges to the same records: never a half-applied
// file.
import path from 'node:path';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import { GatewayError } from '../errors.js';
import { CatalogWriter, type WriteCounts } from './catalog-writer.js';
import { childText, readCml, type XmlNode } from '../../formats/commerceml/cml-stream.js';
import {
  currencyCode,
  flattenGroups,
  toOffer,
  toProduct,
} from '../../formats/commerceml/catalog-items.js';
import { SnapshotIds } from './snapshot.js';
import { declaredNames, declareNames } from '../../store/commerceml/declared-names.js';
import { PictureIntake } from './catalog-pictures.js';
import { fileDigest, findChecked, rememberChecked, type CheckedFile } from './verified-files.js';

export interface CatalogImportInput {
  readonly store: Store;
  readonly actor: Actor;
  readonly connection: string;
  readonly file: string;
  /** The session's work folder, where a full snapshot's Ид are kept until deactivate. */
  readonly workDir: string;
  readonly onProgress: (percent: number) => Promise<void>;
}

const PICTURE_BATCH = 200;

const last = (p: readonly string[], ...names: string[]): boolean =>
  names.every((n, i) => p[p.length - names.length + i] === n);

/** The outermost Группа of a Классификатор, Товар of a Каталог, Предложение, ТипЦены. */
function select(path: readonly string[]): boolean {
  return (
    last(path, 'Классификатор', 'Группы', 'Группа') ||
    last(path, 'Каталог', 'Товары', 'Товар') ||
    last(path, 'Предложения', 'Предложение') ||
    last(path, 'ТипыЦен', 'ТипЦены')
  );
}

interface Scan {
  priceTypes: Map<string, string>;
  currencies: Set<string>;
  typesOfPrices: Set<string>;
  warehouses: Map<string, string>;
  units: Map<string, string>;
}

/**
 * The check pass reads to the last byte but builds only the small nodes the checks need: each
 * ТипЦены and the first Цена of each Предложение (the one applied, catalog-items.ts toOffer),
 * and the declared Склады and ЕдиницыИзмерения for the names of warehouses and units.
 */
async function scan(file: string, onProgress: (p: number) => Promise<void>): Promise<Scan> {
  const s: Scan = {
    priceTypes: new Map(),
    currencies: new Set(),
    typesOfPrices: new Set(),
    warehouses: new Map(),
    units: new Map(),
  };
  let firstPrice = false;
  await readCml(file, {
    select: (p) => {
      if (
        last(p, 'ТипыЦен', 'ТипЦены') ||
        last(p, 'Склады', 'Склад') ||
        last(p, 'ЕдиницыИзмерения', 'ЕдиницаИзмерения')
      )
        return true;
      if (!firstPrice || !last(p, 'Предложение', 'Цены', 'Цена')) return false;
      firstPrice = false;
      return true;
    },
    onOpen: (p) => {
      if (p[p.length - 1] === 'Предложение') firstPrice = true;
    },
    onBatch: (events) => {
      for (const e of events) collect(e.node, s);
      return Promise.resolve();
    },
    onProgress: (f) => onProgress(Math.floor(f * 30)),
  });
  for (const id of s.typesOfPrices) {
    const cur = s.priceTypes.get(id);
    if (cur) s.currencies.add(currencyCode(cur));
  }
  return s;
}

function collect(node: XmlNode, s: Scan): void {
  if (node.name === 'Склад') {
    s.warehouses.set(childText(node, 'Ид'), childText(node, 'Наименование'));
    return;
  }
  if (node.name === 'ЕдиницаИзмерения') {
    s.units.set(
      childText(node, 'Код').trim(),
      childText(node, 'НаименованиеКраткое').trim() || childText(node, 'НаименованиеПолное').trim(),
    );
    return;
  }
  const cur = childText(node, 'Валюта');
  if (node.name === 'ТипЦены') s.priceTypes.set(childText(node, 'Ид'), cur);
  else if (cur) s.currencies.add(currencyCode(cur));
  else s.typesOfPrices.add(childText(node, 'ИдТипаЦены'));
}

/** A currency not active in the CRM fails the file, naming it; no currencies at all → accept. */
async function checkCurrencies(
  store: Store,
  actor: Actor,
  wanted: ReadonlySet<string>,
): Promise<void> {
  if (wanted.size === 0) return;
  const currencies = await store.records.list(actor, 'Currency', { limit: 1000 });
  if (currencies.length === 0) return;
  const active = new Set(
    currencies
      .filter((c) => (c.values['currency_status'] ?? 'Active') === 'Active')
      .map((c) => String(c.values['currency_code'] ?? '').toUpperCase()),
  );
  for (const code of wanted) {
    if (!active.has(code))
      throw new GatewayError('invalid_input', `currency ${code} is not active in the CRM`);
  }
}

/** The check pass, or its findings from an earlier run over the same bytes (verified-files.ts). */
async function checkFile(input: CatalogImportInput): Promise<CheckedFile> {
  const digest = await fileDigest(input.file);
  const known = await findChecked(input.store.settings, digest);
  if (known) return known;
  const scanned = await scan(input.file, input.onProgress);
  await rememberChecked(input.store.settings, digest, scanned);
  return scanned;
}

export async function importCatalog(input: CatalogImportInput): Promise<WriteCounts> {
  const scanned = await checkFile(input);
  await checkCurrencies(input.store, input.actor, scanned.currencies);
  const writer = new CatalogWriter(input.store, input.actor, input.connection);
  // Declarations of this file join those of earlier packages (migration 0013) before its stock
  // and products refer to them by code.
  const knex = input.store.db.knex;
  await declareNames(knex, input.connection, 'warehouse', scanned.warehouses);
  await declareNames(knex, input.connection, 'unit', scanned.units);
  await writer.prepare(
    await declaredNames(knex, input.connection, 'warehouse'),
    await declaredNames(knex, input.connection, 'unit'),
  );
  let full = false;
  const snapshot = new SnapshotIds(input.workDir);
  const pictures = new PictureIntake(
    input.store,
    input.connection,
    input.workDir,
    path.dirname(input.file),
  );
  await readCml(input.file, {
    select,
    onOpen: (p, attrs) => {
      if (p[p.length - 1] === 'Каталог' && attrs['СодержитТолькоИзменения'] === 'false')
        full = true;
    },
    onBatch: async (events) => {
      const seen: string[] = [];
      for (const { node } of events) {
        if (node.name === 'Группа') {
          for (const group of flattenGroups(node, null)) await writer.add({ kind: 'group', group });
        } else if (node.name === 'Товар') {
          const product = toProduct(node);
          await writer.add({ kind: 'product', product });
          pictures.add(product.id, product.pictures);
          if (full) seen.push(childText(node, 'Ид'));
        } else if (node.name === 'Предложение') {
          await writer.add({
            kind: 'offer',
            offer: toOffer(node, (id) => scanned.priceTypes.get(id) ?? null),
            name: childText(node, 'Наименование'),
          });
        }
      }
      await snapshot.add(seen);
      // Pictures go to records, so the products they name are written first.
      if (pictures.size >= PICTURE_BATCH) {
        await writer.flush();
        await pictures.flush();
      }
    },
    onProgress: (f) => input.onProgress(30 + Math.floor(f * 69)),
  });
  await writer.flush();
  await pictures.flush();
  await snapshot.commit();
  return writer.counts;
}
