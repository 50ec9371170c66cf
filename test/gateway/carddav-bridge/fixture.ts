// A linked world for CardDAV bridge tests: a fresh SQLite store with one CRM user, a CarddavBridge
// over it and Radicale (Debian) on loopback serving the remote address book, plus a plain client
// that plays the user editing their online address book.
import { CarddavBridge } from '../../../gateway/carddav-bridge/service.js';
import type { CarddavLink } from '../../../store/carddav-links/link-repository.js';
import { getModule } from '../../../store/modules/registry.js';
import type { CrmRecord } from '../../../store/types.js';
import { davRemote } from '../../helpers/dav-remote.js';
import { sqliteStore, type TestStore } from '../../helpers/store.js';
import type { Radicale } from '../caldav/radicale-peer.js';
import { ALICE, bridgeConfig } from '../caldav-bridge/fixture.js';

export { radicale, stopRadicale } from '../caldav-bridge/fixture.js';

export interface CardWorld {
  readonly ts: TestStore;
  readonly bridge: CarddavBridge;
  readonly userId: number;
  readonly book: string;
  dispose(): Promise<void>;
}

const MKCOL_BOOK =
  '<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>';

/** An address book in Radicale (extended MKCOL, RFC 5689 §3 with RFC 6352 §6.3.1). */
export async function makeBook(base: string, name: string): Promise<string> {
  const url = `${base}/alice/${name}/`;
  const res = await fetch(url, {
    method: 'MKCOL',
    body: MKCOL_BOOK,
    headers: { authorization: ALICE, 'content-type': 'application/xml' },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`MKCOL ${url}: ${res.status}`);
  return url;
}

export async function cardWorld(rad: Radicale, bookName: string): Promise<CardWorld> {
  const ts = await sqliteStore();
  const user = await ts.store.users.create({
    userName: 'jane',
    password: 'jane-password-1',
    isAdmin: false,
  });
  const book = await makeBook(rad.url, bookName);
  const bridge = new CarddavBridge(ts.store, bridgeConfig(ts.dir ?? '.'), {
    backoffBaseMs: 50,
    backoffMaxMs: 200,
  });
  return { ts, bridge, userId: user.id, book, dispose: () => ts.dispose() };
}

/** A link of the world's user to its address book, optionally through another base URL. */
export function linkBook(
  w: CardWorld,
  rad: Radicale,
  direction = 'both',
  via?: string,
): Promise<CarddavLink> {
  const bookUrl = via ? w.book.replace(rad.url, via) : w.book;
  return w.bridge.create({
    userId: w.userId,
    url: bookUrl,
    username: 'alice',
    password: 'secret',
    direction,
  });
}

export const vcard = (uid: string, lines: readonly string[]): string =>
  ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, ...lines, 'END:VCARD', ''].join('\r\n');

/** The user editing their online address book directly. */
export const remote = davRemote(ALICE, 'text/vcard', '.vcf');

export function janeActor(w: CardWorld): { userId: number; isAdmin: boolean; groupIds: number[] } {
  return { userId: w.userId, isAdmin: false, groupIds: [] };
}

export async function contactsOf(w: CardWorld): Promise<CrmRecord[]> {
  const actor = { userId: w.userId, isAdmin: true, groupIds: [] };
  return w.ts.store.records.list(actor, 'Contacts', { limit: 1000 });
}

export async function readContact(w: CardWorld, id: number): Promise<CrmRecord | null> {
  return w.ts.store.records.read(getModule('Contacts'), id, true);
}

export function newContact(w: CardWorld, values: Record<string, string>): Promise<CrmRecord> {
  return w.ts.store.records.create(janeActor(w), 'Contacts', { values });
}
