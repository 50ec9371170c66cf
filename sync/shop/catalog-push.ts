// A catalog push to one shop, as 1C runs it (sync/shop/README.md §3): files generated first (a
// failure there sends nothing), then checkauth → init → file(s) → import per file (looping on
// progress) → deactivate/complete after a full snapshot. The cursor moves only after the shop
// said success for every file, so a failed push is resent whole next time, and the exchange
// history gets one row with the counts or the shop's own words.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { HttpClient } from '../../adapters/http.js';
import { nowUtc } from '../../store/db.js';
import type { ExchangeLog } from '../../store/exchange-log.js';
import type { ShopConnectionRepository } from '../../store/shops/connection-repository.js';
import { markPicturesSent, unsentPictures } from '../../store/shops/sent-pictures.js';
import { writeCatalogFiles } from './catalog-files.js';
import { writePictures, type PictureFile } from './pictures.js';
import { ShopSession, type InitAnswer } from './shop-session.js';
import { zipFiles } from './zip-files.js';

export const SHOP_SYSTEM = 'shop';

export interface ShopRunDeps {
  readonly knex: Knex;
  readonly exchangeLog: ExchangeLog;
  readonly connections: ShopConnectionRepository;
  readonly http: HttpClient;
  /** Where the files of a run are written (removed after the run). */
  readonly workDir: string;
  readonly requestTimeoutMs: number;
  readonly importBudgetMs: number;
  /** Name of the CRM's organisation, written as Владелец. */
  readonly owner: string;
  readonly clock?: () => number;
}

export interface PushResult {
  readonly full: boolean;
  readonly products: number;
  readonly services: number;
  readonly offers: number;
  readonly deleted: number;
  readonly bytes: number;
  readonly zip: boolean;
  readonly fileLimit: number;
  readonly importCalls: number;
  /** Picture files sent (those the shop already had with the same content are not sent again). */
  readonly pictures: number;
  readonly notes: readonly string[];
}

/** The pictures of this push the shop does not have yet, each path once. */
async function picturesToSend(
  deps: ShopRunDeps,
  id: number,
  all: readonly PictureFile[],
): Promise<PictureFile[]> {
  const byPath = new Map<string, PictureFile>();
  for (const p of all) byPath.set(p.path, p);
  const unique = [...byPath.values()];
  const out: PictureFile[] = [];
  for (let i = 0; i < unique.length; i += 500)
    out.push(...(await unsentPictures(deps.knex, id, unique.slice(i, i + 500))));
  return out;
}

/** One checkauth/init session: what it uploads (one archive when the shop said zip) and imports. */
interface Round {
  readonly archive: string;
  readonly files: readonly { readonly file: string; readonly name: string }[];
  readonly imports: readonly string[];
}

export function sessionFor(
  deps: ShopRunDeps,
  conn: { url: string; login: string },
  password: string,
): ShopSession {
  return new ShopSession(deps.http, {
    url: conn.url,
    login: conn.login,
    password,
    requestTimeoutMs: deps.requestTimeoutMs,
    importBudgetMs: deps.importBudgetMs,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}

export async function pushCatalog(
  deps: ShopRunDeps,
  id: number,
  options: { readonly full?: boolean } = {},
): Promise<PushResult> {
  const conn = await deps.connections.mustGet(id);
  const password = await deps.connections.password(id);
  const since = options.full === true ? null : conn.pushedUntil;
  const startedAt = nowUtc();
  const logId = await deps.exchangeLog.start(SHOP_SYSTEM, 'outbound', String(id));
  const dir = await mkdtemp(path.join(deps.workDir, `shop-${id}-`));
  try {
    const files = await writeCatalogFiles(deps.knex, dir, {
      catalogs: conn.catalogs,
      since,
      schema: conn.schema,
      encoding: conn.encoding,
      owner: deps.owner,
      generatedAt: new Date(),
    });
    const pictures = await picturesToSend(deps, id, files.pictures);
    const pictureFiles = await writePictures(deps.knex, dir, pictures);
    const session = sessionFor(deps, conn, password);
    const importFile = { file: files.importXml, name: 'import.xml' };
    const offersFile = { file: files.offersXml, name: 'offers.xml' };
    // Pictures travel with import.xml, which names them; a one-init-per-file shop gets a session
    // for import.xml (with its pictures) and another for offers.xml (sync/shop/README.md §3).
    const rounds: Round[] = conn.oneInitPerFile
      ? [
          {
            archive: 'crm-import.zip',
            files: [importFile, ...pictureFiles],
            imports: ['import.xml'],
          },
          { archive: 'crm-offers.zip', files: [offersFile], imports: ['offers.xml'] },
        ]
      : [
          {
            archive: 'crm-catalog.zip',
            files: [importFile, offersFile, ...pictureFiles],
            imports: ['import.xml', 'offers.xml'],
          },
        ];
    let bytes = 0;
    let importCalls = 0;
    let init: InitAnswer = { zip: false, fileLimit: 0, version: null };
    for (const round of rounds) {
      await session.checkauth('catalog');
      init = await session.init('catalog', conn.schema);
      if (init.zip) {
        const archive = path.join(dir, round.archive);
        await zipFiles(archive, round.files);
        bytes += await session.upload('catalog', round.archive, archive, init.fileLimit);
      } else {
        // As 1C does without zip: each file, pictures included, a file of its own.
        for (const f of round.files)
          bytes += await session.upload('catalog', f.name, f.file, init.fileLimit);
      }
      for (const name of round.imports) importCalls += await session.importFile('catalog', name);
    }
    const notes: string[] = [];
    if (since === null && session.timestamp !== '')
      notes.push(await session.optional('catalog', 'deactivate', { timestamp: session.timestamp }));
    notes.push(await session.optional('catalog', 'complete'));
    await markPicturesSent(deps.knex, id, pictures);
    await deps.connections.pushed(id, startedAt);
    const result: PushResult = {
      full: since === null,
      products: files.products,
      services: files.services,
      offers: files.offers,
      deleted: files.deleted,
      bytes,
      zip: init.zip,
      fileLimit: init.fileLimit,
      importCalls,
      pictures: pictures.length,
      notes,
    };
    await deps.exchangeLog.finish(
      logId,
      'ok',
      { updated: files.products + files.services, deleted: files.deleted },
      null,
      JSON.stringify({ direction: 'to site', ...result }),
    );
    return result;
  } catch (err) {
    const message = (err as Error).message;
    await deps.connections.failed(id, message);
    await deps.exchangeLog.finish(
      logId,
      'error',
      {},
      message,
      JSON.stringify({ direction: 'to site', full: since === null }),
    );
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
