// REPORT calendar-multiget (RFC 4791 §7.9): the asked hrefs with their properties; an href that
// names nothing is its own 404 response. Batches are capped (403 number-of-matches-within-limits);
// the hrefs are resolved against the calendar's names once and their records loaded in one batch.
import { GatewayError } from '../../../store/errors.js';
import { idsByName, loadMany, resolveName, type DavCalendar } from '../calendar-store.js';
import type { CaldavDeps, DavRequest } from '../deps.js';
import { parsePath, slugName } from '../paths.js';
import { responseFor, type PropRequest } from '../../dav/prop-request.js';
import { calendarPropCtx } from '../props.js';
import { objectResource } from '../resources.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { children, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';

/** The href's resource name when it names an object of this calendar. */
function nameIn(cal: DavCalendar, href: string): string | null {
  const path = parsePath(href.replace(/^https?:\/\/[^/]+/, ''));
  const ok =
    path?.kind === 'object' &&
    slugName(path.calendar) === slugName(cal.slug) &&
    path.user.toLowerCase() === cal.userName.toLowerCase();
  return ok ? path.name : null;
}

export async function multiget(
  deps: CaldavDeps,
  req: DavRequest,
  cal: DavCalendar,
  root: XmlElement,
  props: PropRequest,
): Promise<DavResponse[]> {
  const hrefs = children(root, DAV_NS, 'href').map((h) => h.text.trim());
  if (hrefs.length > deps.limits.maxMultiget) {
    throw new GatewayError('forbidden', `At most ${deps.limits.maxMultiget} hrefs per multiget`, {
      dav: { precondition: { ns: DAV_NS, name: 'number-of-matches-within-limits' } },
    });
  }
  const ctx = calendarPropCtx(req.principal);
  const asked = hrefs.map((href) => nameIn(cal, href));
  const byName = await idsByName(
    deps,
    cal,
    asked.filter((n): n is string => n !== null),
  );
  const wanted: Array<{ id: number; name: string }> = [];
  for (const name of asked) {
    if (name === null) continue;
    // Client-chosen names come from the calendar's links; only `crm-<id>.ics` needs a look-up.
    const id =
      byName.get(name) ?? (/^crm-\d+\.ics$/.test(name) ? await resolveName(deps, cal, name) : null);
    if (id !== null) wanted.push({ id, name });
  }
  const loaded = new Map((await loadMany(deps, cal, wanted)).map((o) => [o.name, o]));
  return hrefs.map((href, i) => {
    const name = asked[i] ?? null;
    const object = name === null ? undefined : loaded.get(name);
    return object ? responseFor(objectResource(cal, object), props, ctx) : { href, status: 404 };
  });
}
