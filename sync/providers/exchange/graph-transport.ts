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
import { SYNCED_PROPERTIES } from './event-fields.js';
import { GraphTodo, readDeltaPage, type Collection } from './graph-todo.js';
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
/** What the bridge reads of a series master (Graph answers only selected properties): the synced
 * properties of event-fields.ts, then what a series and its conflicts need. */
const SERIES_SELECT = [
  ...SYNCED_PROPERTIES,
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

/** The permission each probe needs (Graph docs, "permissions reference"). */
const PROBES: readonly { step: string; path: string; permission: string }[] = [
  { step: 'calendar', path: '/calendar', permission: 'Calendars.ReadWrite' },
  { step: 'To Do lists', path: '/todo/lists', permission: 'Tasks.ReadWrite.All' },
  { step: 'contact folders', path: '/contactFolders', permission: 'Contacts.ReadWrite' },
];

export class GraphTransport implements ExchangeTransport {
  private readonly todo: GraphTodo;

  constructor(private readonly client: GraphClient) {
    this.todo = new GraphTodo(client);
  }

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

  private deltaPage(path: string): Promise<DeltaPage> {
    return wrap(() => readDeltaPage(this.client, path));
  }

  taskList(name: string): Promise<string> {
    return wrap(() => this.todo.taskList(name));
  }

  tasksDelta(listId: string, cursor: string | null): Promise<DeltaPage> {
    return this.deltaPage(cursor ?? this.todo.path(listId, '/delta'));
  }

  getTask(listId: string, id: string): Promise<GraphJson | null> {
    return wrap(() => this.todo.get(listId, id));
  }

  createTask(listId: string, body: GraphJson): Promise<GraphJson> {
    return wrap(() => this.todo.create(listId, body));
  }

  updateTask(
    listId: string,
    id: string,
    patch: GraphJson,
    ifMatch: string | null,
  ): Promise<GraphJson> {
    return wrap(() => this.todo.update(listId, id, patch, ifMatch));
  }

  deleteTask(listId: string, id: string, ifMatch: string | null): Promise<void> {
    return wrap(() => this.todo.remove(listId, id, ifMatch));
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
