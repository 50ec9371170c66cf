// Events, To Do tasks and contacts: create (events dedupe on transactionId, Graph docs "event
// resource type": transactionId), read, update with If-Match (412 when the change key moved, RFC
// 9110 §13.1.1), delete, and the delta rounds (delta.ts). Lists and folders are created on POST.
import { toUtcMs, type DateTimeTimeZone } from '../../formats/graph/date-time-zone.js';
import type { DeltaTokens } from './delta.js';
import { graphError, type SandboxReply, type SandboxRequest } from './http-kit.js';
import { renderItem } from './render.js';
import { masterPatched, seriesExtras } from './series.js';
import type { Item, Json, Kind, Mailbox } from './store.js';

const READ_ONLY = new Set([
  'id',
  'changeKey',
  'createdDateTime',
  'lastModifiedDateTime',
  '@odata.etag',
  '@odata.type',
  'isOrganizer',
  'organizer',
  'type',
  'iCalUId',
  'seriesMasterId',
]);

const TYPE_OF: Record<Kind, string> = { event: 'event', task: 'todoTask', contact: 'contact' };

function writable(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.has(k)) out[k] = v;
  return out;
}

const zoneOf = (req: SandboxRequest): string | null => req.prefer.get('outlook.timezone') ?? null;

function badEvent(body: Json): string | null {
  for (const key of ['start', 'end']) {
    const v = body[key];
    if (v === undefined) continue;
    try {
      toUtcMs(v as DateTimeTimeZone);
    } catch (err) {
      return `${key}: ${(err as Error).message}`;
    }
  }
  return null;
}

function etagMatches(req: SandboxRequest, item: Item): boolean {
  const want = req.headers['if-match'];
  if (want === undefined || want === '*') return true;
  return want.replace(/^W\//, '').replace(/"/g, '') === item.changeKey;
}

export function createItem(
  req: SandboxRequest,
  box: Mailbox,
  kind: Kind,
  folder: string,
  applied: () => void,
): SandboxReply {
  const body = req.body;
  if (!body) return graphError(400, 'RequestBodyRead', 'a JSON body is required');
  if (kind === 'event') {
    const bad = badEvent(body);
    if (bad) return graphError(400, 'TimeZoneNotSupportedException', bad);
    const tx = body['transactionId'];
    if (typeof tx === 'string') {
      const same = box.ofKind('event').find((i) => i.data['transactionId'] === tx);
      if (same) return { status: 201, body: renderItem(box, same, zoneOf(req)), type: 'event' };
    }
  }
  const item = box.add(kind, folder, writable(body));
  applied();
  return { status: 201, body: renderItem(box, item, zoneOf(req)), type: TYPE_OF[kind] };
}

export function readItem(req: SandboxRequest, box: Mailbox, item: Item | null): SandboxReply {
  if (!item)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  let body: Json = renderItem(box, item, zoneOf(req));
  if (item.kind === 'event') body = { ...body, ...seriesExtras(box, item, req) };
  const select = req.query.get('$select');
  if (select !== null) {
    // Graph answers the selected properties, with the id and the etag (OData $select).
    const keep = new Set(['id', '@odata.etag', ...select.split(',').map((k) => k.trim())]);
    keep.add('exceptionOccurrences');
    body = Object.fromEntries(Object.entries(body).filter(([k]) => keep.has(k)));
  }
  return { status: 200, body, type: TYPE_OF[item.kind] };
}

export function updateItem(
  req: SandboxRequest,
  box: Mailbox,
  item: Item | null,
  applied: () => void,
): SandboxReply {
  if (!item)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (!req.body) return graphError(400, 'RequestBodyRead', 'a JSON body is required');
  if (!etagMatches(req, item))
    return graphError(
      412,
      'ErrorIrresolvableConflict',
      'The change key passed in the request does not match the current change key for the item.',
    );
  if (item.kind === 'event') {
    const bad = badEvent(req.body);
    if (bad) return graphError(400, 'TimeZoneNotSupportedException', bad);
  }
  if (item.kind === 'event') masterPatched(item, req.body);
  box.update(item, writable(req.body));
  applied();
  return { status: 200, body: renderItem(box, item, zoneOf(req)), type: TYPE_OF[item.kind] };
}

export function deleteItem(
  req: SandboxRequest,
  box: Mailbox,
  item: Item | null,
  applied: () => void,
): SandboxReply {
  if (!item)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (!etagMatches(req, item))
    return graphError(
      412,
      'ErrorIrresolvableConflict',
      'The change key passed in the request does not match the current change key for the item.',
    );
  box.remove(item);
  applied();
  return { status: 204 };
}

function pageSize(req: SandboxRequest): number {
  const n = Number(req.prefer.get('odata.maxpagesize') ?? 50);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 50;
}

/** One page of a delta round of `kind` in `folder`: a fresh round, a skip token or a delta token. */
export function deltaPage(
  req: SandboxRequest,
  box: Mailbox,
  tokens: DeltaTokens,
  kind: Kind,
  folder: string,
  emptyPage: boolean,
): SandboxReply {
  const here = `${req.base}/users/${encodeURIComponent(box.address)}${req.path}`;
  let skip = req.query.get('$skiptoken');
  const delta = req.query.get('$deltatoken');
  if (delta !== null) {
    skip = tokens.since(box, delta);
    if (skip === null)
      return graphError(
        410,
        'syncStateNotFound',
        'The sync state generation is not found. Start a new round without a delta token.',
      );
  } else if (skip === null) {
    let window = null;
    if (kind === 'event') {
      const start = Date.parse(req.query.get('startDateTime') ?? '');
      const end = Date.parse(req.query.get('endDateTime') ?? '');
      if (Number.isNaN(start) || Number.isNaN(end))
        return graphError(
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      window = { startMs: start, endMs: end };
    }
    skip = tokens.start(box, kind, folder, window);
  }
  const page = tokens.page(box, skip, pageSize(req), emptyPage);
  if (!page) return graphError(410, 'syncStateNotFound', 'The sync state generation is not found.');
  const zone = zoneOf(req);
  const value: Json[] = [
    ...page.items.map((i) => renderItem(box, i, zone)),
    ...page.removed.map((id) => ({ id, '@removed': { reason: 'deleted' } })),
  ];
  const link: Json =
    page.skipToken !== null
      ? { '@odata.nextLink': `${here}?$skiptoken=${page.skipToken}` }
      : { '@odata.deltaLink': `${here}?$deltatoken=${page.deltaToken ?? ''}` };
  return {
    status: 200,
    body: {
      '@odata.context': `${req.base}/$metadata#Collection(${TYPE_OF[kind]})`,
      value,
      ...link,
    },
    type: TYPE_OF[kind],
  };
}

export function listItems(
  req: SandboxRequest,
  box: Mailbox,
  kind: Kind,
  folder: string,
): SandboxReply {
  const zone = zoneOf(req);
  const value = box.ofKind(kind, folder).map((i) => renderItem(box, i, zone));
  return { status: 200, body: { value }, type: TYPE_OF[kind] };
}
