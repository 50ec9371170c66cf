// The address books of a home over the CRM store (gateway/carddav/README.md §2): My contacts are the
// live Contacts the user owns (read-write); All contacts every Contact the user may read under the
// module's sharing rule (store/visibility.ts); Organizations the Accounts they may read, as KIND:org
// cards. Both are read-only (RFC 3744 §7.1.1 need-privileges). Hrefs of My contacts map to records
// through sync links (system 'carddav'), so a client's own names (vdirsyncer's UUIDs) stay its own;
// records that never came through CardDAV, and every card of the read-only books, are `crm-<id>.vcf`.
import { createHash } from 'node:crypto';
import { defaultCardName, type BookScope, type StoredCard } from '../../store/carddav/cards.js';
import { GatewayError } from '../../store/errors.js';
import type { CrmRecord } from '../../store/types.js';
import { canAccess } from '../../store/visibility.js';
import { parseCard, type VcardVersion } from '../../formats/vcard/card.js';
import { contactCard, organizationCard } from '../../formats/vcard/from-crm.js';
import { cardAs } from '../../formats/vcard/version.js';
import type { CarddavDeps, DavPrincipal } from './deps.js';
import type { BookSlug } from './paths.js';

export const SYNC_SYSTEM = 'carddav';

export interface DavBook {
  readonly slug: BookSlug;
  readonly module: 'Contacts' | 'Accounts';
  readonly scope: BookScope;
  readonly writable: boolean;
  readonly userName: string;
  readonly userId: number;
}

/** One card of a book: its record, href name, and the card in each version, made when asked. */
export interface LoadedCard {
  readonly recordId: number;
  readonly name: string;
  readonly stored: StoredCard | null;
  as(version: VcardVersion): { readonly text: string; readonly etag: string };
}

/** Strong ETag (RFC 6352 §6.3.2.3) of the bytes we serve. */
export function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
}

export const connectionOf = (userId: number): string => `u${userId}/contacts`;

export async function bookFor(
  deps: CarddavDeps,
  p: DavPrincipal,
  slug: BookSlug,
): Promise<DavBook> {
  const base = { slug, userName: p.user.userName, userId: p.user.id };
  if (slug === 'contacts')
    return {
      ...base,
      module: 'Contacts',
      scope: { kind: 'owned', userId: p.user.id },
      writable: true,
    };
  const module = slug === 'all' ? 'Contacts' : 'Accounts';
  const access = await deps.store.sharing.get(module);
  return { ...base, module, scope: { kind: 'visible', actor: p.actor, access }, writable: false };
}

export function isMember(record: Pick<CrmRecord, 'module' | 'owner'>, book: DavBook): boolean {
  if (record.module !== book.module) return false;
  const s = book.scope;
  if (s.kind === 'owned') return record.owner.kind === 'user' && record.owner.id === s.userId;
  return canAccess(record, s.actor, s.access, 'read');
}

/** RFC 3744 §7.1.1: a write to a read-only book. */
export function needWrite(book: DavBook): void {
  if (!book.writable)
    throw new GatewayError('forbidden', `The address book ${book.slug} is read-only`, {
      dav: { precondition: { ns: 'DAV:', name: 'need-privileges' } },
    });
}

/** Record id → href name for these records (client-chosen names exist in My contacts only). */
export async function namesFor(
  deps: CarddavDeps,
  book: DavBook,
  recordIds: readonly number[],
): Promise<Map<number, string>> {
  if (book.slug !== 'contacts') return new Map();
  return deps.store.syncLinks.remoteIds(SYNC_SYSTEM, connectionOf(book.userId), { recordIds });
}

/** Href name → record id for the client-chosen names among `names`. */
export async function idsByName(
  deps: CarddavDeps,
  book: DavBook,
  names: readonly string[],
): Promise<Map<string, number>> {
  if (book.slug !== 'contacts') return new Map();
  const found = await deps.store.syncLinks.remoteIds(SYNC_SYSTEM, connectionOf(book.userId), {
    remoteIds: names,
  });
  return new Map([...found].map(([id, name]) => [name, id]));
}

/** The record an href name stands for, when that name is the record's current name. */
export async function resolveName(
  deps: CarddavDeps,
  book: DavBook,
  name: string,
): Promise<number | null> {
  const byName = await idsByName(deps, book, [name]);
  const linked = byName.get(name);
  if (linked !== undefined) return linked;
  const m = /^crm-(\d{1,15})\.vcf$/.exec(name);
  if (!m) return null;
  const id = Number(m[1]);
  // A record with a client-chosen name answers only under that name.
  return (await namesFor(deps, book, [id])).has(id) ? null : id;
}

const VERSION_4 = /\r?\nVERSION:4\.0\r?\n/i;

/** The card in its own version and a converter to the other. */
function versions(own: string): (v: VcardVersion) => string {
  const version: VcardVersion = VERSION_4.test(own) ? '4.0' : '3.0';
  return (v) => (v === version ? own : cardAs(parseCard(own), own, v));
}

function loaded(
  recordId: number,
  name: string,
  stored: StoredCard | null,
  render: (v: VcardVersion) => string,
): LoadedCard {
  const cache = new Map<VcardVersion, { text: string; etag: string }>();
  return {
    recordId,
    name,
    stored,
    as(v) {
      let out = cache.get(v);
      if (!out) {
        const text = render(v);
        out = { text, etag: etagOf(text) };
        cache.set(v, out);
      }
      return out;
    },
  };
}

/** Records whose card must be made from their fields (Accounts; Contacts edited since, or never stored). */
async function fullRecords(
  deps: CarddavDeps,
  book: DavBook,
  ids: readonly number[],
): Promise<{ records: Map<number, CrmRecord>; accounts: Map<number, string> }> {
  const records =
    ids.length > 0 ? await deps.cards.records(book.module, ids) : new Map<number, CrmRecord>();
  const accountIds = [...records.values()]
    .filter((r) => r.module === 'Contacts')
    .map((r) => Number(r.values['account_id']))
    .filter((id) => Number.isSafeInteger(id) && id > 0);
  const accounts =
    accountIds.length > 0 ? await deps.cards.accountNames(accountIds) : new Map<number, string>();
  return { records, accounts };
}

/**
 * The members among `entries` (id and href name), in the given order; others are left out. A card
 * no CRM edit touched since its client stored it is served as stored (RFC 6352 §6.3.2.3) without
 * reading the record's fields, so listing a large book reads little more than the cards.
 */
export async function loadMany(
  deps: CarddavDeps,
  book: DavBook,
  entries: ReadonlyArray<{ readonly id: number; readonly name: string }>,
): Promise<LoadedCard[]> {
  const ids = entries.map((e) => e.id);
  const [heads, stored] = await Promise.all([
    deps.cards.heads(book.module, ids),
    book.module === 'Contacts'
      ? deps.cards.getMany(ids)
      : Promise.resolve(new Map<number, StoredCard>()),
  ]);
  const fresh = (id: number): boolean =>
    stored.get(id)?.recordModified === heads.get(id)?.modifiedTime;
  const { records, accounts } = await fullRecords(
    deps,
    book,
    [...heads.values()].filter((h) => isMember(h, book) && !fresh(h.id)).map((h) => h.id),
  );
  const out: LoadedCard[] = [];
  for (const { id, name } of entries) {
    const head = heads.get(id);
    if (!head || !isMember(head, book)) continue;
    const card = stored.get(id) ?? null;
    if (card && fresh(id)) {
      out.push(loaded(id, name, card, versions(card.vcard)));
      continue;
    }
    const record = records.get(id);
    if (!record) continue;
    if (book.module === 'Accounts') {
      out.push(loaded(id, name, null, (v) => organizationCard(record, v)));
      continue;
    }
    const account = accounts.get(Number(record.values['account_id'])) ?? null;
    const parsed = card ? parseCard(card.vcard) : null;
    out.push(loaded(id, name, card, versions(contactCard(record, parsed, account))));
  }
  return out;
}

export async function loadByName(
  deps: CarddavDeps,
  book: DavBook,
  name: string,
): Promise<LoadedCard | null> {
  const id = await resolveName(deps, book, name);
  return id === null ? null : ((await loadMany(deps, book, [{ id, name }]))[0] ?? null);
}

/** Every card of the book (PROPFIND Depth 1, initial sync-collection). */
export async function bookCards(deps: CarddavDeps, book: DavBook): Promise<LoadedCard[]> {
  return loadIds(deps, book, await deps.cards.memberIds(book.module, book.scope));
}

/** Cards of these records, named. */
export async function loadIds(
  deps: CarddavDeps,
  book: DavBook,
  ids: readonly number[],
): Promise<LoadedCard[]> {
  const names = await namesFor(deps, book, ids);
  return loadMany(
    deps,
    book,
    ids.map((id) => ({ id, name: names.get(id) ?? defaultCardName(id) })),
  );
}
