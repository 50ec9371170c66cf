// The Exchange transport over EWS for Exchange Server on-premises (adapters/ews/, formats/ews/):
// the mailbox's calendar through SyncFolderItems (the SyncState is the cursor, so the engine keeps
// it after each applied batch; at most 512 changes a call; IncludesLastItemInRange false asks for
// the next batch in the same run), the changed items read with GetItem in one call per 100,
// writes with the item's ChangeKey, ConflictResolution AutoResolve and SendToNone, and
// GetUserAvailability for free/busy. Only a Delete change removes: a failed or empty answer
// removes nothing. EwsErrors become the engine's SyncError kinds, in plain words for the link.
import type { EwsClient } from '../../../adapters/ews/client.js';
import { EwsError, ewsErrorOf } from '../../../adapters/ews/errors.js';
import {
  calendarItemJson,
  calendarUpdates,
  newCalendarItem,
} from '../../../formats/ews/calendar-item.js';
import {
  createItem,
  deleteItem,
  findByCrmId,
  getFolder,
  getItems,
  getUserAvailability,
  syncFolderItems,
  updateItem,
} from '../../../formats/ews/operations.js';
import {
  mChild,
  tChild,
  tChildren,
  tText,
  type EwsResponse,
  type ResponseMessage,
} from '../../../formats/ews/response.js';
import { syncErrorOfEws } from './ews-errors.js';
import type {
  DeltaPage,
  ExchangeTransport,
  GraphJson,
  MailboxSchedule,
  ProbeReport,
  TimeWindow,
} from './transport.js';

/** Exchange 2013 (15.0) is the oldest server whose schema has everything the bridge asks for. */
const MIN_MAJOR_VERSION = 15;
const GET_BATCH = 100;

function ok(message: ResponseMessage | undefined): ResponseMessage {
  if (!message) throw new EwsError('malformed', 'an EWS answer without a response message');
  if (message.responseClass === 'Error')
    throw ewsErrorOf(message.code, message.text, message.backOffMs);
  return message;
}

const only = (res: EwsResponse): ResponseMessage => ok(res.messages[0]);

const crmIdOf = (body: GraphJson): string | null => {
  const props = body['singleValueExtendedProperties'];
  const value = Array.isArray(props)
    ? (props as { value?: unknown }[]).find((p) => typeof p.value === 'string')?.value
    : undefined;
  return typeof value === 'string' ? value : null;
};

export class EwsTransport implements ExchangeTransport {
  /** CRM ids whose CreateItem got no answer: the item may exist, so it is looked for first. */
  private readonly uncertain = new Set<string>();

  constructor(
    private readonly client: EwsClient,
    readonly mailbox: string,
    private readonly impersonation: boolean,
  ) {}

  private call(body: Parameters<EwsClient['call']>[0]): Promise<EwsResponse> {
    return this.client.call(body, this.impersonation ? this.mailbox : null);
  }

  /** The mailbox in folder ids when the connection is not impersonating (delegate access). */
  private get owner(): string | null {
    return this.impersonation ? null : this.mailbox;
  }

  private async wrap<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw syncErrorOfEws(err, this.mailbox);
    }
  }

  async probe(): Promise<ProbeReport> {
    const steps: { step: string; ok: boolean; detail: string }[] = [];
    try {
      const res = await this.call(getFolder(['calendar'], this.owner));
      only(res);
      const v = this.client.serverVersion;
      if (v && v.major < MIN_MAJOR_VERSION) {
        steps.push({
          step: 'server version',
          ok: false,
          detail: `Exchange ${v.major}.${v.minor} (${v.version}) is too old: Exchange 2013 SP1 or later is needed`,
        });
        return { ok: false, steps, missing: [] };
      }
      steps.push({
        step: 'sign-in and mailbox',
        ok: true,
        detail: `${this.mailbox} found${v ? ` on Exchange ${v.major}.${v.minor} build ${v.build}` : ''}`,
      });
    } catch (err) {
      steps.push({
        step: 'sign-in and mailbox',
        ok: false,
        detail: err instanceof Error ? err.message : String(err),
      });
      return { ok: false, steps, missing: [] };
    }
    for (const [step, folder] of [
      ['calendar', 'calendar'],
      ['tasks', 'tasks'],
      ['contacts', 'contacts'],
    ] as const) {
      try {
        only(await this.call(getFolder([folder], this.owner)));
        steps.push({ step, ok: true, detail: 'readable' });
      } catch (err) {
        steps.push({ step, ok: false, detail: err instanceof Error ? err.message : String(err) });
      }
    }
    return { ok: steps.every((s) => s.ok), steps, missing: [] };
  }

  private async items(ids: readonly string[]): Promise<GraphJson[]> {
    const out: GraphJson[] = [];
    for (let i = 0; i < ids.length; i += GET_BATCH) {
      const res = await this.call(getItems(ids.slice(i, i + GET_BATCH)));
      for (const m of res.messages) {
        // An item deleted between the sync and the read is left out; the next round says so.
        if (m.responseClass === 'Error' && m.code === 'ErrorItemNotFound') continue;
        ok(m);
        const item = tChild(mChild(m.el, 'Items'), 'CalendarItem');
        if (item) out.push(calendarItemJson(item));
      }
    }
    return out;
  }

  eventsDelta(cursor: string | null): Promise<DeltaPage> {
    return this.wrap(async () => {
      const message = only(await this.call(syncFolderItems('calendar', this.owner, cursor)));
      const state = mChild(message.el, 'SyncState')?.text.trim();
      const last = mChild(message.el, 'IncludesLastItemInRange')?.text.trim();
      if (!state || (last !== 'true' && last !== 'false'))
        throw new EwsError(
          'malformed',
          'a SyncFolderItems answer without SyncState or IncludesLastItemInRange',
        );
      const changes = mChild(message.el, 'Changes');
      const changed: string[] = [];
      const removed: string[] = [];
      for (const c of changes?.children ?? []) {
        const item = c.name === 'Delete' ? c : tChild(c, 'CalendarItem');
        const id = tChild(item, 'ItemId')?.attrs['Id'];
        if (!id) continue;
        if (c.name === 'Delete') removed.push(id);
        else if (c.name === 'Create' || c.name === 'Update') changed.push(id);
      }
      const items = await this.items([...new Set(changed)]);
      return {
        items,
        removed,
        nextLink: last === 'false' ? state : null,
        deltaLink: last === 'true' ? state : null,
      };
    });
  }

  getEvent(id: string): Promise<GraphJson | null> {
    return this.wrap(async () => (await this.items([id]))[0] ?? null);
  }

  /** The event whose anchor holds `crmId`, when a create of it may have landed unanswered. */
  private async existing(crmId: string): Promise<GraphJson | null> {
    const message = only(await this.call(findByCrmId('calendar', this.owner, crmId)));
    const ref = tChild(
      tChild(tChild(mChild(message.el, 'RootFolder'), 'Items'), 'CalendarItem'),
      'ItemId',
    );
    return ref?.attrs['Id']
      ? { id: ref.attrs['Id'], changeKey: ref.attrs['ChangeKey'] ?? null }
      : null;
  }

  createEvent(body: GraphJson): Promise<GraphJson> {
    return this.wrap(async () => {
      // EWS has no transactionId: a create retried after a lost answer finds its item by the
      // CRM id anchor instead of making a second one (test/gateway/exchange-ews/faults.test.ts).
      const crmId = crmIdOf(body);
      if (crmId !== null && this.uncertain.has(crmId)) {
        const found = await this.existing(crmId);
        this.uncertain.delete(crmId);
        if (found) return { ...body, ...found };
      }
      let message: ResponseMessage;
      try {
        message = only(await this.call(createItem('calendar', this.owner, newCalendarItem(body))));
      } catch (err) {
        // No answer at all (a reset socket, a timeout): the item may exist.
        const answered = err instanceof EwsError && err.code !== 'server';
        if (crmId !== null && !answered) this.uncertain.add(crmId);
        throw err;
      }
      const ref = tChild(tChild(mChild(message.el, 'Items'), 'CalendarItem'), 'ItemId');
      if (!ref?.attrs['Id'])
        throw new EwsError('malformed', 'a CreateItem answer without an ItemId');
      return { ...body, id: ref.attrs['Id'], changeKey: ref.attrs['ChangeKey'] ?? null };
    });
  }

  updateEvent(id: string, patch: GraphJson, ifMatch: string | null): Promise<GraphJson> {
    return this.wrap(async () => {
      const message = only(await this.call(updateItem(id, ifMatch, calendarUpdates(patch))));
      const ref = tChild(tChild(mChild(message.el, 'Items'), 'CalendarItem'), 'ItemId');
      return { ...patch, id, changeKey: ref?.attrs['ChangeKey'] ?? null };
    });
  }

  deleteEvent(id: string, ifMatch: string | null): Promise<void> {
    return this.wrap(async () => {
      const m = (await this.call(deleteItem(id, ifMatch))).messages[0];
      if (m?.responseClass === 'Error' && m.code === 'ErrorItemNotFound') return;
      ok(m);
    });
  }

  schedules(mailboxes: readonly string[], window: TimeWindow): Promise<MailboxSchedule[]> {
    return this.wrap(async () => {
      const res = await this.call(getUserAvailability(mailboxes, window.startMs, window.endMs));
      const list = mChild(res.operation ?? undefined, 'FreeBusyResponseArray')?.children ?? [];
      return mailboxes.map((mailbox, i) => {
        const answer = list[i];
        const message = mChild(answer, 'ResponseMessage');
        const code = mChild(message, 'ResponseCode')?.text.trim() ?? 'NoError';
        if (!answer || message?.attrs['ResponseClass'] === 'Error')
          return {
            mailbox,
            busy: [],
            error: answer
              ? `${code}: ${mChild(message, 'MessageText')?.text.trim() ?? ''}`
              : 'no answer',
          };
        const events = tChildren(
          tChild(mChild(answer, 'FreeBusyView'), 'CalendarEventArray'),
          'CalendarEvent',
        );
        const busy = events
          .map((e) => ({
            startMs: Date.parse(`${tText(e, 'StartTime') ?? ''}Z`),
            endMs: Date.parse(`${tText(e, 'EndTime') ?? ''}Z`),
            status: (tText(e, 'BusyType') ?? 'Busy').toLowerCase(),
          }))
          .filter((b) => !Number.isNaN(b.startMs) && !Number.isNaN(b.endMs) && b.status !== 'free');
        return { mailbox, busy, error: null };
      });
    });
  }
}
