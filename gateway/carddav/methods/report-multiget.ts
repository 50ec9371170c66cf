// REPORT addressbook-multiget (RFC 6352 §8.7): the asked hrefs with their properties; an href that
// names nothing in this book is its own 404 response. Batches are capped (403
// number-of-matches-within-limits); names resolve in one look-up and cards load in one batch.
import { GatewayError } from '../../../store/errors.js';
import type { VcardVersion } from '../../../formats/vcard/card.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { children, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';
import { responseFor, type PropRequest } from '../../dav/prop-request.js';
import { idsByName, loadMany, resolveName, type DavBook } from '../books.js';
import type { CarddavDeps, DavRequest } from '../deps.js';
import { parseCardPath } from '../paths.js';
import { cardPropCtx } from '../props.js';
import { cardResource } from '../resources.js';

function nameIn(book: DavBook, href: string): string | null {
  const path = parseCardPath(href.replace(/^https?:\/\/[^/]+/, ''));
  const ok =
    path?.kind === 'card' &&
    path.book === book.slug &&
    path.user.toLowerCase() === book.userName.toLowerCase();
  return ok ? path.name : null;
}

export async function multiget(
  deps: CarddavDeps,
  req: DavRequest,
  book: DavBook,
  root: XmlElement,
  props: PropRequest,
  version: VcardVersion,
): Promise<DavResponse[]> {
  const hrefs = children(root, DAV_NS, 'href').map((h) => h.text.trim());
  if (hrefs.length > deps.limits.maxMultiget)
    throw new GatewayError('forbidden', `At most ${deps.limits.maxMultiget} hrefs per multiget`, {
      dav: { precondition: { ns: DAV_NS, name: 'number-of-matches-within-limits' } },
    });
  const asked = hrefs.map((href) => nameIn(book, href));
  const byName = await idsByName(
    deps,
    book,
    asked.filter((n): n is string => n !== null),
  );
  const wanted: Array<{ id: number; name: string }> = [];
  for (const name of asked) {
    if (name === null) continue;
    const id =
      byName.get(name) ??
      (/^crm-\d+\.vcf$/.test(name) ? await resolveName(deps, book, name) : null);
    if (id !== null) wanted.push({ id, name });
  }
  const loaded = new Map((await loadMany(deps, book, wanted)).map((c) => [c.name, c]));
  const ctx = cardPropCtx(req.principal);
  return hrefs.map((href, i) => {
    const name = asked[i] ?? null;
    const card = name === null ? undefined : loaded.get(name);
    return card
      ? responseFor(cardResource(book, card, version), props, ctx)
      : { href, status: 404 };
  });
}
