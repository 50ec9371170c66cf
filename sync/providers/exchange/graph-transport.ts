// The Exchange transport over Microsoft Graph v1.0 (adapters/graph/): the mailbox's default
// calendar through calendarView/delta (Graph docs, "event: delta"; the window is fixed per round),
// events by id, and writes with If-Match. Times are asked for in UTC (`Prefer: outlook.timezone`),
// pages as large as Graph allows (`Prefer: odata.maxpagesize`). GraphErrors become the engine's
// SyncError kinds: 410 syncStateNotFound → invalid_cursor (a full round), 412 → precondition_failed,
// long throttling waits → rate_limited.
import type { GraphClient } from '../../../adapters/graph/client.js';
import { GraphError } from '../../../adapters/graph/errors.js';
import {
  fromUtcMs,
  toUtcMs,
  type DateTimeTimeZone,
} from '../../../formats/graph/date-time-zone.js';
import { SyncError } from '../../provider.js';
import type {
  DeltaPage,
  ExchangeTransport,
  GraphJson,
  MailboxSchedule,
  ProbeReport,
  TimeWindow,
} from './transport.js';

const UTC = 'outlook.timezone="UTC"';
const PAGE = 'odata.maxpagesize=200';
/** What the bridge reads of a series master (Graph answers only selected properties). */
const SERIES_SELECT = [
  'subject',
  'body',
  'start',
  'end',
  'isAllDay',
  'location',
  'recurrence',
  'type',
  'isOrganizer',
  'transactionId',
  'iCalUId',
  'lastModifiedDateTime',
  'changeKey',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'cancelledOccurrences',
].join(',');

export function syncErrorOfGraph(err: unknown): unknown {
  if (!(err instanceof GraphError)) return err;
  const kind =
    err.code === 'sync_state_not_found'
      ? 'invalid_cursor'
      : err.code === 'precondition_failed'
        ? 'precondition_failed'
        : err.code === 'not_found'
          ? 'not_found'
          : err.code === 'auth' || err.code === 'forbidden'
            ? 'auth'
            : err.code === 'throttled'
              ? 'rate_limited'
              : 'transient';
  return new SyncError(kind, err.message, err.retryAfterMs, { cause: err });
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw syncErrorOfGraph(err);
  }
}

interface Collection {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.deltaLink'?: unknown;
}

/** The permission each probe needs (Graph docs, "permissions reference"). */
const PROBES: readonly { step: string; path: string; permission: string }[] = [
  { step: 'calendar', path: '/calendar', permission: 'Calendars.ReadWrite' },
  { step: 'To Do lists', path: '/todo/lists', permission: 'Tasks.ReadWrite.All' },
  { step: 'contact folders', path: '/contactFolders', permission: 'Contacts.ReadWrite' },
];

export class GraphTransport implements ExchangeTransport {
  constructor(private readonly client: GraphClient) {}

  async probe(): Promise<ProbeReport> {
    const steps: { step: string; ok: boolean; detail: string }[] = [];
    const missing: string[] = [];
    try {
      await this.client.request({ method: 'GET', path: this.client.userPath('') });
      steps.push({ step: 'sign-in and mailbox', ok: true, detail: `${this.client.mailbox} found` });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      steps.push({ step: 'sign-in and mailbox', ok: false, detail });
      return { ok: false, steps, missing };
    }
    for (const p of PROBES) {
      try {
        await this.client.request({ method: 'GET', path: this.client.userPath(p.path) });
        steps.push({ step: p.step, ok: true, detail: 'readable' });
      } catch (err) {
        const forbidden = err instanceof GraphError && err.code === 'forbidden';
        if (forbidden) missing.push(p.permission);
        steps.push({
          step: p.step,
          ok: false,
          detail: forbidden
            ? `permission ${p.permission} is missing`
            : err instanceof Error
              ? err.message
              : String(err),
        });
      }
    }
    return { ok: steps.every((s) => s.ok), steps, missing };
  }

  eventsDelta(cursor: string | null, window: TimeWindow): Promise<DeltaPage> {
    return this.deltaPage(
      cursor ??
        this.client.userPath(
          `/calendarView/delta?startDateTime=${new Date(window.startMs).toISOString()}&endDateTime=${new Date(window.endMs).toISOString()}`,
        ),
    );
  }

  /** One page of a delta round (Graph docs, "delta query overview"), whatever the resource. */
  private deltaPage(path: string): Promise<DeltaPage> {
    return wrap(async () => {
      const res = await this.client.request<Collection>({
        method: 'GET',
        path,
        prefer: [UTC, PAGE],
      });
      const body = res.body ?? {};
      if (!Array.isArray(body.value))
        throw new GraphError('malformed', 'a delta page without a value array', res.status);
      const items: GraphJson[] = [];
      const removed: string[] = [];
      for (const entry of body.value as unknown[]) {
        if (typeof entry !== 'object' || entry === null) continue;
        const e = entry as GraphJson;
        if (typeof e['id'] !== 'string') continue;
        if (e['@removed'] !== undefined) removed.push(e['id']);
        else items.push(e);
      }
      const next = body['@odata.nextLink'];
      const delta = body['@odata.deltaLink'];
      if (typeof next !== 'string' && typeof delta !== 'string')
        throw new GraphError('malformed', 'a delta page with neither nextLink nor deltaLink');
      return {
        items,
        removed,
        nextLink: typeof next === 'string' ? next : null,
        deltaLink: typeof delta === 'string' ? delta : null,
      };
    });
  }

  /** The To Do list named `name` (Graph docs, "todoTaskList"), created when missing. */
  taskList(name: string): Promise<string> {
    return wrap(async () => {
      const res = await this.client.request<Collection>({
        method: 'GET',
        path: this.client.userPath('/todo/lists'),
      });
      const lists = Array.isArray(res.body?.value) ? (res.body.value as GraphJson[]) : null;
      if (lists === null) throw new GraphError('malformed', 'a list of To Do lists without value');
      const found = lists.find((l) => l['displayName'] === name);
      if (found && typeof found['id'] === 'string') return found['id'];
      const made = await this.client.request<GraphJson>({
        method: 'POST',
        path: this.client.userPath('/todo/lists'),
        body: { displayName: name },
      });
      return String(made.body['id']);
    });
  }

  private taskPath(listId: string, rest = ''): string {
    return this.client.userPath(`/todo/lists/${encodeURIComponent(listId)}/tasks${rest}`);
  }

  tasksDelta(listId: string, cursor: string | null): Promise<DeltaPage> {
    return this.deltaPage(cursor ?? this.taskPath(listId, '/delta'));
  }

  getTask(listId: string, id: string): Promise<GraphJson | null> {
    return wrap(async () => {
      try {
        return (
          await this.client.request<GraphJson>({
            method: 'GET',
            path: this.taskPath(listId, `/${encodeURIComponent(id)}`),
          })
        ).body;
      } catch (err) {
        if (err instanceof GraphError && err.code === 'not_found') return null;
        throw err;
      }
    });
  }

  createTask(listId: string, body: GraphJson): Promise<GraphJson> {
    return wrap(async () => {
      const res = await this.client.request<GraphJson>({
        method: 'POST',
        path: this.taskPath(listId),
        body,
      });
      return res.body;
    });
  }

  updateTask(
    listId: string,
    id: string,
    patch: GraphJson,
    ifMatch: string | null,
  ): Promise<GraphJson> {
    return wrap(async () => {
      const res = await this.client.request<GraphJson>({
        method: 'PATCH',
        path: this.taskPath(listId, `/${encodeURIComponent(id)}`),
        body: patch,
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
      return res.body;
    });
  }

  deleteTask(listId: string, id: string, ifMatch: string | null): Promise<void> {
    return wrap(async () => {
      try {
        await this.client.request({
          method: 'DELETE',
          path: this.taskPath(listId, `/${encodeURIComponent(id)}`),
          ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
        });
      } catch (err) {
        if (err instanceof GraphError && err.code === 'not_found') return;
        throw err;
      }
    });
  }

  getEvent(id: string): Promise<GraphJson | null> {
    return wrap(async () => {
      try {
        const res = await this.client.request<GraphJson>({
          method: 'GET',
          path: this.client.userPath(`/events/${encodeURIComponent(id)}`),
          prefer: [UTC],
        });
        return res.body;
      } catch (err) {
        if (err instanceof GraphError && err.code === 'not_found') return null;
        throw err;
      }
    });
  }

  /** The master read with what a series needs (Graph: $select cancelledOccurrences, $expand exceptionOccurrences). */
  getSeries(id: string): Promise<GraphJson | null> {
    return wrap(async () => {
      try {
        const res = await this.client.request<GraphJson>({
          method: 'GET',
          path: this.client.userPath(
            `/events/${encodeURIComponent(id)}?$select=${SERIES_SELECT}&$expand=exceptionOccurrences`,
          ),
          prefer: [UTC],
        });
        return res.body;
      } catch (err) {
        if (err instanceof GraphError && err.code === 'not_found') return null;
        throw err;
      }
    });
  }

  instances(id: string, window: TimeWindow): Promise<GraphJson[]> {
    return wrap(async () => {
      const out: GraphJson[] = [];
      let path: string | null = this.client.userPath(
        `/events/${encodeURIComponent(id)}/instances?startDateTime=${new Date(window.startMs).toISOString()}&endDateTime=${new Date(window.endMs).toISOString()}`,
      );
      for (let pages = 0; path !== null && pages < 100; pages++) {
        const res: { body: Collection | null } = await this.client.request<Collection>({
          method: 'GET',
          path,
          prefer: [UTC, PAGE],
        });
        const body: Collection = res.body ?? {};
        if (!Array.isArray(body.value))
          throw new GraphError('malformed', 'an instances page without a value array');
        out.push(...(body.value as GraphJson[]));
        const next = body['@odata.nextLink'];
        path = typeof next === 'string' ? next : null;
      }
      return out;
    });
  }

  createEvent(body: GraphJson): Promise<GraphJson> {
    return wrap(async () => {
      const res = await this.client.request<GraphJson>({
        method: 'POST',
        path: this.client.userPath('/calendar/events'),
        body,
        prefer: [UTC],
      });
      return res.body;
    });
  }

  updateEvent(id: string, patch: GraphJson, ifMatch: string | null): Promise<GraphJson> {
    return wrap(async () => {
      const res = await this.client.request<GraphJson>({
        method: 'PATCH',
        path: this.client.userPath(`/events/${encodeURIComponent(id)}`),
        body: patch,
        prefer: [UTC],
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
      return res.body;
    });
  }

  deleteEvent(id: string, ifMatch: string | null): Promise<void> {
    return wrap(async () => {
      try {
        await this.client.request({
          method: 'DELETE',
          path: this.client.userPath(`/events/${encodeURIComponent(id)}`),
          ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
        });
      } catch (err) {
        if (err instanceof GraphError && err.code === 'not_found') return;
        throw err;
      }
    });
  }

  schedules(mailboxes: readonly string[], window: TimeWindow): Promise<MailboxSchedule[]> {
    return wrap(async () => {
      const res = await this.client.request<{ value?: unknown }>({
        method: 'POST',
        path: this.client.userPath('/calendar/getSchedule'),
        body: {
          schedules: mailboxes,
          startTime: fromUtcMs(window.startMs),
          endTime: fromUtcMs(window.endMs),
          availabilityViewInterval: 30,
        },
        prefer: [UTC],
      });
      const value = Array.isArray(res.body?.value) ? (res.body.value as GraphJson[]) : [];
      return value.map((info) => {
        const items = Array.isArray(info['scheduleItems'])
          ? (info['scheduleItems'] as GraphJson[])
          : [];
        const err = info['error'] as { message?: unknown } | undefined;
        const busy = [];
        for (const item of items) {
          try {
            busy.push({
              startMs: toUtcMs(item['start'] as DateTimeTimeZone),
              endMs: toUtcMs(item['end'] as DateTimeTimeZone),
              status: typeof item['status'] === 'string' ? item['status'] : 'busy',
            });
          } catch {
            // An item with unreadable times says nothing usable about the window.
          }
        }
        return {
          mailbox: String(info['scheduleId'] ?? ''),
          busy: busy.filter((b) => b.status !== 'free'),
          error: err && typeof err.message === 'string' ? err.message : null,
        };
      });
    });
  }
}
