// The mailbox's default calendar as a sync provider (sync/provider.ts) over an Exchange transport.
// The change feed is calendarView/delta: the cursor is the page link to follow (`@odata.nextLink`,
// then the truncated flag asks the engine for the next page in the same run) or the round's
// `@odata.deltaLink`. Items of the pages are kept for the `fetch` that follows, so a round reads each
// event once. Only explicit `@removed` entries remove: an empty or failed page removes nothing.
// Writes: creates carry a transactionId (the retry of a create whose answer was lost returns the
// same event; one retry here, the run's repetition otherwise); updates send only the synced
// properties with If-Match; an event where the mailbox is only an attendee (`isOrganizer: false`)
// is never written, so Exchange never sends updates on the organizer's behalf.
import { isSyncError } from '../../provider.js';
import type { ChangeSet, ItemVersion, RemoteItem, RemoteProvider } from '../../provider.js';
import { SYNCED_PROPERTIES } from './event-fields.js';
import { sameRecurrence, withoutSeriesParts, writeSeriesParts } from './series-writes.js';
import { deltaChangeSet } from './delta-changes.js';
import type { ExchangeTransport, GraphJson, TimeWindow } from './transport.js';

const versionOf = (e: GraphJson): string | null =>
  typeof e['@odata.etag'] === 'string'
    ? e['@odata.etag']
    : typeof e['changeKey'] === 'string'
      ? e['changeKey']
      : null;

export class ExchangeCalendarProvider implements RemoteProvider {
  private readonly seen = new Map<string, GraphJson>();
  /** Writes left out because the mailbox only attends the event. */
  readonly readOnlySkips: string[] = [];

  constructor(
    private readonly transport: ExchangeTransport,
    private readonly window: TimeWindow,
  ) {}

  /**
   * The page's items with series whole: a master (or an occurrence or exception of one) stands
   * for its series, read again with its cancelled and exception occurrences (series.ts).
   */
  private async wholeSeries(items: readonly GraphJson[]): Promise<GraphJson[]> {
    const out: GraphJson[] = [];
    const masters = new Set<string>();
    for (const e of items) {
      const type = e['type'];
      const master =
        type === 'seriesMaster'
          ? String(e['id'])
          : (type === 'occurrence' || type === 'exception') &&
              typeof e['seriesMasterId'] === 'string'
            ? e['seriesMasterId']
            : null;
      if (master === null) out.push(e);
      else if (!this.transport.getSeries) {
        if (type === 'seriesMaster') out.push(e);
      } else if (!masters.has(master)) {
        masters.add(master);
        const whole = await this.transport.getSeries(master);
        if (whole) out.push(whole);
      }
    }
    return out;
  }

  async changes(cursor: string | null): Promise<ChangeSet> {
    const page = await this.transport.eventsDelta(cursor, this.window);
    const items = await this.wholeSeries(page.items);
    for (const item of items) this.seen.set(String(item['id']), item);
    return deltaChangeSet(page, items, versionOf);
  }

  async fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    const out: RemoteItem[] = [];
    for (const id of ids) {
      const e = this.seen.get(id) ?? (await this.transport.getEvent(id));
      this.seen.delete(id);
      if (e) out.push({ id, version: versionOf(e), raw: JSON.stringify(e) });
    }
    return out;
  }

  async create(_uid: string, raw: string): Promise<ItemVersion> {
    const wanted = JSON.parse(raw) as GraphJson;
    const body = withoutSeriesParts(wanted);
    let made: GraphJson;
    try {
      made = await this.transport.createEvent(body);
    } catch (err) {
      // The answer may have been lost after Exchange made the event: the same transactionId
      // answers that event instead of a second one.
      if (!isSyncError(err, 'transient')) throw err;
      made = await this.transport.createEvent(body);
    }
    const id = String(made['id']);
    if (wanted['recurrence'] && (await writeSeriesParts(this.transport, id, wanted, null)) > 0) {
      const after = await this.transport.getEvent(id);
      if (after) made = after;
    }
    return { id, version: versionOf(made) };
  }

  private async current(id: string): Promise<GraphJson | null> {
    return this.seen.get(id) ?? (await this.transport.getEvent(id));
  }

  async update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    const e = JSON.parse(raw) as GraphJson;
    if (e['isOrganizer'] === false) {
      this.readOnlySkips.push(id);
      const there = await this.current(id);
      return there ? versionOf(there) : ifVersion;
    }
    const patch: GraphJson = {};
    for (const key of SYNCED_PROPERTIES) if (e[key] !== undefined) patch[key] = e[key];
    if (!e['recurrence']) return versionOf(await this.transport.updateEvent(id, patch, ifVersion));
    // A series: the recurrence is sent only when it changed (Exchange drops a series' exceptions
    // when its pattern is rewritten), then the occurrences that differ are written one by one.
    const have = this.transport.getSeries ? await this.transport.getSeries(id) : null;
    if (!sameRecurrence(have?.['recurrence'], e['recurrence']))
      patch['recurrence'] = e['recurrence'];
    let after = await this.transport.updateEvent(id, patch, ifVersion);
    if ((await writeSeriesParts(this.transport, id, e, patch['recurrence'] ? null : have)) > 0)
      after = (await this.transport.getEvent(id)) ?? after;
    return versionOf(after);
  }

  async remove(id: string, ifVersion: string | null): Promise<void> {
    const there = await this.current(id);
    if (there && there['isOrganizer'] === false) {
      this.readOnlySkips.push(id);
      return;
    }
    await this.transport.deleteEvent(id, ifVersion);
  }
}
