// REPORT addressbook-query (RFC 6352 §8.6): the book's cards passing the filter (filter.ts), in
// the asked version. Candidates come from one SQL query with a substring pre-filter when the
// filter allows one (filter.ts prefilterOf), then are checked exactly in batches. More results
// than the client's <C:limit> or our own cap end with a 507 for the book (§8.6.1).
import type { VcardVersion } from '../../../formats/vcard/card.js';
import { parseCard } from '../../../formats/vcard/card.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { child, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';
import { CARDDAV_NS } from '../../../formats/vcard/card.js';
import { responseFor, type PropRequest } from '../../dav/prop-request.js';
import { bookHref } from '../paths.js';
import { loadIds, type DavBook } from '../books.js';
import type { CarddavDeps, DavRequest } from '../deps.js';
import { cardPasses, parseFilter, prefilterOf } from '../filter.js';
import { cardPropCtx } from '../props.js';
import { cardResource } from '../resources.js';

const CHUNK = 500;

function limitOf(root: XmlElement, cap: number): number {
  const n = Number(
    child(child(root, CARDDAV_NS, 'limit') ?? root, CARDDAV_NS, 'nresults')?.text.trim() ?? NaN,
  );
  return Number.isInteger(n) && n > 0 ? Math.min(n, cap) : cap;
}

export async function addressbookQuery(
  deps: CarddavDeps,
  req: DavRequest,
  book: DavBook,
  root: XmlElement,
  props: PropRequest,
  version: VcardVersion,
): Promise<DavResponse[]> {
  const filter = parseFilter(root);
  const limit = limitOf(root, deps.limits.maxQueryResults);
  const prefilter = book.module === 'Contacts' ? prefilterOf(filter) : null;
  const ids = await deps.cards.memberIds(book.module, book.scope, prefilter);
  const ctx = cardPropCtx(req.principal);
  const out: DavResponse[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const card of await loadIds(deps, book, ids.slice(i, i + CHUNK))) {
      if (filter.props.length > 0 && !cardPasses(parseCard(card.as(version).text), filter))
        continue;
      if (out.length === limit) {
        out.push({
          href: bookHref(book.userName, book.slug),
          status: 507,
          error: { ns: DAV_NS, name: 'number-of-matches-within-limits' },
        });
        return out;
      }
      out.push(responseFor(cardResource(book, card, version), props, ctx));
    }
  }
  return out;
}
