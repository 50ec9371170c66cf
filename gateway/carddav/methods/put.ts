// PUT of an address object resource (RFC 6352 §6.3.2): conditional on If-Match / If-None-Match,
// validated (§6.3.2.1 preconditions: valid-address-data, no-uid-conflict, max-resource-size for
// an oversized PHOTO too), mapped to a Contact, and the client's bytes kept verbatim with the UID
// so a GET returns exactly what was stored until the CRM changes a mapped field.
import { GatewayError } from '../../../store/errors.js';
import {
  CARDDAV_NS,
  parseCard,
  invalidCard,
  type ParsedCard,
} from '../../../formats/vcard/card.js';
import { photoBytes } from '../../../formats/vcard/version.js';
import { checkPreconditions } from '../../dav/preconditions.js';
import {
  bookFor,
  connectionOf,
  etagOf,
  loadByName,
  needWrite,
  SYNC_SYSTEM,
  type DavBook,
  type LoadedCard,
} from '../books.js';
import { contactValues } from '../card-values.js';
import type { CarddavDeps, DavRequest, DavResult } from '../deps.js';
import { cardHref } from '../paths.js';
import { ownCardPath, parseOrNotFound } from '../resources.js';

function checkContentType(contentType: string): void {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'text/vcard' && type !== 'text/x-vcard')
    throw new GatewayError('unsupported', `Content-Type ${type} is not text/vcard`, {
      dav: { precondition: { ns: CARDDAV_NS, name: 'supported-address-data' } },
    });
}

function checkPhoto(deps: CarddavDeps, card: ParsedCard): void {
  const bytes = photoBytes(card);
  if (bytes > deps.limits.maxPhotoBytes)
    throw new GatewayError(
      'too_large',
      `The PHOTO has ${bytes} bytes; at most ${deps.limits.maxPhotoBytes} are accepted`,
      { dav: { precondition: { ns: CARDDAV_NS, name: 'max-resource-size' } } },
    );
}

async function checkUid(
  deps: CarddavDeps,
  book: DavBook,
  uid: string,
  existing: LoadedCard | null,
): Promise<void> {
  const ids = (await deps.cards.idsByUid(book.module, uid, book.scope)).filter(
    (id) => id !== existing?.recordId,
  );
  const first = ids[0];
  if (first === undefined) return;
  const other = (await deps.cards.names([first])).get(first);
  throw new GatewayError('forbidden', `UID ${uid} is already used by another card`, {
    dav: {
      precondition: { ns: CARDDAV_NS, name: 'no-uid-conflict' },
      href: other ? cardHref(book.userName, book.slug, other) : null,
    },
  });
}

/** If-Match may name the ETag of either version the client read (negotiate.ts). */
function currentEtag(existing: LoadedCard | null, ifMatch: string | null): string | null {
  if (!existing) return null;
  const v4 = existing.as('4.0').etag;
  return ifMatch?.includes(v4) ? v4 : existing.as('3.0').etag;
}

export async function put(deps: CarddavDeps, req: DavRequest): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  ownCardPath(req.principal, path);
  if (path.kind !== 'card')
    throw new GatewayError('method_not_allowed', 'PUT creates address object resources only');
  const book = await bookFor(deps, req.principal, path.book);
  needWrite(book);
  if (!req.principal.canWrite) throw new GatewayError('forbidden', 'The access token is read-only');
  checkContentType(req.contentType);
  const existing = await loadByName(deps, book, path.name);
  checkPreconditions(currentEtag(existing, req.ifMatch), req.ifMatch, req.ifNoneMatch);
  const card = parseCard(req.body);
  checkPhoto(deps, card);
  await checkUid(deps, book, card.uid, existing);
  const values = await contactValues(deps, card);
  const etag = etagOf(req.body);
  try {
    await deps.writer.write({
      actor: req.principal.actor,
      module: book.module,
      recordId: existing?.recordId ?? null,
      values,
      card: (record) => ({
        recordId: record.id,
        module: record.module,
        book: book.slug,
        uid: card.uid,
        name: path.name,
        vcard: req.body,
        recordModified: record.modifiedTime,
      }),
      link: {
        system: SYNC_SYSTEM,
        connection: connectionOf(book.userId),
        remoteId: path.name,
        remoteEtag: etag,
        contentHash: etag,
      },
    });
  } catch (err) {
    if (
      err instanceof GatewayError &&
      (err.kind === 'invalid_input' || err.kind === 'mandatory_missing')
    )
      throw invalidCard(err.message);
    throw err;
  }
  // RFC 6352 §6.3.2.3: an ETag only when GET (3.0 unless asked) returns the bytes just stored.
  const served = (await loadByName(deps, book, path.name))?.as('3.0');
  const headers: Record<string, string> = served?.text === req.body ? { etag: served.etag } : {};
  return { status: existing ? 204 : 201, headers };
}
