// REPORT calendar-query (RFC 4791 §7.8) with a comp-filter time-range (§9.9; start or end may be
// absent) evaluated per instance, and <C:expand> (§9.6.5). Candidates come from the stored first/
// last instance (null last = endless) so only they are expanded; instances per query are capped.
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest } from '../deps.js';
import { renderInstances } from '../../../formats/ical/expand.js';
import { icalUtc, parseIcalUtc } from '../../../formats/ical/instants.js';
import { ExpansionBudget } from '../../../formats/ical/expansion-budget.js';
import { instancesInSlices } from '../../../formats/ical/instances.js';
import type { Instance } from '../../../formats/ical/instances.js';
import { parseObject, type ParsedObject } from '../../../formats/ical/parse-ics.js';
import { responseFor, type PropRequest } from '../../dav/prop-request.js';
import { calendarPropCtx } from '../props.js';
import { objectResource } from '../resources.js';
import {
  defaultName,
  loadMany,
  namesFor,
  type DavCalendar,
  type LoadedObject,
} from '../calendar-store.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { CALDAV_NS, child, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';

interface Window {
  readonly from: number | null;
  readonly to: number | null;
}
interface QueryFilter {
  readonly component: string;
  readonly range: Window | null;
}

const unsupported = (message: string): GatewayError =>
  new GatewayError('forbidden', message, {
    dav: { precondition: { ns: CALDAV_NS, name: 'supported-filter' } },
  });

function windowOf(el: XmlElement): Window {
  const at = (name: string): number | null => {
    const v = el.attrs[name];
    if (v === undefined) return null;
    const ms = parseIcalUtc(v);
    if (ms === null)
      throw new GatewayError('forbidden', `Bad time-range ${name}`, {
        dav: { precondition: { ns: CALDAV_NS, name: 'valid-filter' } },
      });
    return ms;
  };
  return { from: at('start'), to: at('end') };
}

/** filter > comp-filter VCALENDAR > comp-filter VEVENT|VTODO > time-range; anything else is refused. */
export function parseFilter(root: XmlElement): QueryFilter | null {
  const vcal = child(child(root, CALDAV_NS, 'filter') ?? root, CALDAV_NS, 'comp-filter');
  if (!vcal) return null;
  if (vcal.attrs['name']?.toUpperCase() !== 'VCALENDAR')
    throw unsupported('The outer comp-filter must name VCALENDAR');
  const inner = child(vcal, CALDAV_NS, 'comp-filter');
  if (!inner) return null;
  if (inner.children.some((c) => c.name !== 'time-range'))
    throw unsupported('Only time-range filters are supported');
  const tr = child(inner, CALDAV_NS, 'time-range');
  return { component: (inner.attrs['name'] ?? '').toUpperCase(), range: tr ? windowOf(tr) : null };
}

function expandWindow(props: XmlElement | undefined): Window | null {
  const data = props ? child(props, CALDAV_NS, 'calendar-data') : undefined;
  const exp = data ? child(data, CALDAV_NS, 'expand') : undefined;
  return exp ? windowOf(exp) : null;
}

/** Candidates are loaded this many at a time, so the instance cap can stop a query early. */
const CHUNK = 500;

export async function calendarQuery(
  deps: CaldavDeps,
  req: DavRequest,
  cal: DavCalendar,
  root: XmlElement,
  props: PropRequest,
): Promise<DavResponse[]> {
  const filter = parseFilter(root);
  const kind = cal.slug.component === 'events' ? 'VEVENT' : 'VTODO';
  if (filter && filter.component !== '' && filter.component !== kind) return [];
  const expand = expandWindow(child(root, DAV_NS, 'prop'));
  const range = filter?.range ?? null;
  const window = range
    ? {
        from: range.from === null ? null : icalUtc(range.from),
        to: range.to === null ? null : icalUtc(range.to),
      }
    : null;
  const candidates = await deps.objects.membersOf(cal.module, cal.owner, window);
  const ctx = calendarPropCtx(req.principal);
  let instancesLeft = deps.limits.maxInstances;
  const out: DavResponse[] = [];
  // Clients ask to expand the window they filter on (python-caldav, DAVx5): then one pass decides
  // membership and yields the instances.
  const sameWindow =
    expand !== null && range !== null && expand.from === range.from && expand.to === range.to;
  // Every object draws on one expansion budget, and the event loop turns between slices of the
  // work (gateway/caldav/README.md §3 expansion budget).
  const expansion = new ExpansionBudget({
    steps: deps.limits.expansionSteps,
    ms: deps.limits.expansionMs,
  });
  const instancesIn = (
    parsed: ParsedObject,
    from: number | null,
    to: number | null,
    cap: number,
  ): Promise<Instance[]> => instancesInSlices(parsed, from, to, cap, expansion);
  const answer = async (object: LoadedObject): Promise<void> => {
    const parsed = parseObject(object.ics, kind);
    const expanded =
      expand && sameWindow
        ? await instancesIn(parsed, expand.from, expand.to, instancesLeft + 1)
        : null;
    // One matching instance decides membership; only <C:expand> pays for every instance.
    if (
      range &&
      (expanded
        ? expanded.length === 0
        : (await instancesIn(parsed, range.from, range.to, 1)).length === 0)
    )
      return;
    let ics = object.ics;
    if (expand) {
      const instances =
        expanded ?? (await instancesIn(parsed, expand.from, expand.to, instancesLeft + 1));
      instancesLeft -= instances.length;
      if (instancesLeft < 0)
        throw new GatewayError('forbidden', 'Too many instances in the range', {
          dav: { precondition: { ns: DAV_NS, name: 'number-of-matches-within-limits' } },
        });
      ics = renderInstances(parsed, instances);
    }
    out.push(responseFor(objectResource(cal, { ...object, ics }), props, ctx));
  };
  for (let i = 0; i < candidates.length; i += CHUNK) {
    // Only candidates are loaded and expanded (gateway/caldav/README.md §3 storage for fast range
    // queries).
    const ids = candidates.slice(i, i + CHUNK).map((m) => m.recordId);
    const names = await namesFor(deps, cal, ids);
    const chunk = ids.map((id) => ({ id, name: names.get(id) ?? defaultName(id) }));
    for (const object of await loadMany(deps, cal, chunk)) await answer(object);
  }
  return out;
}
