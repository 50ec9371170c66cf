// An address book's changes since a sync position (RFC 6578 §3.5), read from the change log of its
// module: per record its last change in the range; a live member with its properties; a record
// that left the book (deleted, handed to another owner, no longer visible) as its href. In the
// read-only books a record we cannot tell was ever shown is reported removed too: RFC 6578 §3.5.2
// lets a client ignore a 404 for a member it does not have.
import { defaultCardName } from '../../store/carddav/cards.js';
import type { VcardVersion } from '../../formats/vcard/card.js';
import type { Change } from '../../store/types.js';
import type { ChangePage, SyncChange } from '../dav/resource.js';
import { loadMany, namesFor, type DavBook } from './books.js';
import type { CarddavDeps } from './deps.js';
import { cardHref } from './paths.js';
import { cardResource, type CardResource } from './resources.js';

/** Record ids in the order of their last change. */
function lastChanges(changes: readonly Change[]): number[] {
  const out = new Map<number, true>();
  for (const c of changes) {
    out.delete(c.recordId);
    out.set(c.recordId, true);
  }
  return [...out.keys()];
}

export async function changesSince(
  deps: CarddavDeps,
  book: DavBook,
  since: number,
  upTo: number,
  size: number,
  version: VcardVersion = '3.0',
): Promise<ChangePage<CardResource>> {
  const changes = (
    await deps.store.changeLog.since(since, { modules: [book.module], limit: size + 1 })
  ).filter((c) => c.seq <= upTo);
  const truncated = changes.length > size;
  const page = truncated ? changes.slice(0, size) : changes;
  const ids = lastChanges(page);
  const links = await namesFor(deps, book, ids);
  const stored = book.slug === 'contacts' ? await deps.cards.names(ids) : new Map<number, string>();
  // A deleted card answers under the name its client gave it (its link went to the recycle bin
  // with the record; the stored card keeps the name).
  const name = (id: number): string => links.get(id) ?? stored.get(id) ?? defaultCardName(id);
  const loaded = new Map(
    (
      await loadMany(
        deps,
        book,
        ids.map((id) => ({ id, name: name(id) })),
      )
    ).map((c) => [c.recordId, c]),
  );
  const out: Array<SyncChange<CardResource>> = ids.map((id) => {
    const card = loaded.get(id);
    return card
      ? { member: cardResource(book, card, version) }
      : { removed: cardHref(book.userName, book.slug, name(id)) };
  });
  const last = page[page.length - 1];
  return { changes: out, cutAt: truncated && last ? last.seq : null };
}
