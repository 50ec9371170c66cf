// REPORT calendar-multiget (RFC 4791 §7.9): the asked hrefs with their properties; an href that
// names nothing is its own 404 response. Batches are capped (403 number-of-matches-within-limits).
import { GatewayError } from '../../../store/errors.js';
import { loadByName } from '../calendar-store.js';
import type { CaldavDeps, DavRequest } from '../deps.js';
import { parsePath, type CalendarName } from '../paths.js';
import { responseFor, type PropRequest } from '../prop-request.js';
import { objectResource } from '../resources.js';
import type { DavResponse } from '../xml/multistatus.js';
import { children, DAV_NS, type XmlElement } from '../xml/parse-xml.js';

export async function multiget(deps: CaldavDeps, req: DavRequest, cal: CalendarName, root: XmlElement, props: PropRequest): Promise<DavResponse[]> {
  const hrefs = children(root, DAV_NS, 'href').map((h) => h.text.trim());
  if (hrefs.length > deps.limits.maxMultiget) {
    throw new GatewayError('forbidden', `At most ${deps.limits.maxMultiget} hrefs per multiget`, { precondition: { ns: DAV_NS, name: 'number-of-matches-within-limits' } });
  }
  const ctx = { me: req.principal.user, maxResourceBytes: deps.limits.maxResourceBytes };
  const out: DavResponse[] = [];
  for (const href of hrefs) {
    const path = parsePath(href.replace(/^https?:\/\/[^/]+/, ''));
    const ok = path?.kind === 'object' && path.calendar === cal && path.user.toLowerCase() === req.principal.user.userName.toLowerCase();
    const object = ok ? await loadByName(deps, req.principal, cal, path.name) : null;
    out.push(object ? responseFor(objectResource(req.principal, cal, object), props, ctx) : { href, status: 404 });
  }
  return out;
}
