// The routes under /v1.0/users/{mailbox}: the user and its settings, the calendar (events,
// calendarView/delta, getSchedule), To Do lists and tasks, contact folders and contacts. Writes
// notify the subscriptions of their resource (subscriptions.ts) once applied.
import type { DeltaTokens } from './delta.js';
import type { Faults } from './faults.js';
import { graphError, type SandboxReply, type SandboxRequest } from './http-kit.js';
import {
  createItem,
  deleteItem,
  deltaPage,
  listItems,
  readItem,
  updateItem,
} from './routes-items.js';
import { getSchedule } from './schedule.js';
import { isOccurrenceId, listInstances, occurrenceRoute } from './series.js';
import { newId, type Kind, type Mailbox } from './store.js';
import type { Subscriptions } from './subscriptions.js';

export interface SandboxParts {
  readonly subscriptions: Subscriptions;
  readonly tokens: DeltaTokens;
  readonly faults: Faults;
  mailbox(address: string): Mailbox | null;
}

export function mailboxRoute(
  sb: SandboxParts,
  req: SandboxRequest,
  box: Mailbox,
  rest: string,
  applied: () => void,
): SandboxReply {
  const m = req.method;
  const resource = (suffix: string): string => `/users/${box.address}${suffix}`;
  const notifyAfter =
    (
      item: () => ReturnType<Mailbox['find']>,
      suffix: string,
      change: 'created' | 'updated' | 'deleted',
    ) =>
    (): void => {
      applied();
      const it = item();
      if (it) sb.subscriptions.notify(resource(suffix), it, change);
    };
  if (rest === '' && m === 'GET')
    return {
      status: 200,
      body: {
        id: newId('user-'),
        displayName: box.displayName,
        mail: box.address,
        userPrincipalName: box.address,
      },
    };
  if (rest === '/mailboxSettings' && m === 'GET') return { status: 200, body: { timeZone: 'UTC' } };
  if (rest === '/calendar' && m === 'GET')
    return {
      status: 200,
      body: {
        id: 'calendar',
        name: 'Calendar',
        canEdit: true,
        isDefaultCalendar: true,
        owner: { name: box.displayName, address: box.address },
      },
      type: 'calendar',
    };
  if (rest === '/calendar/getSchedule' && m === 'POST')
    return getSchedule(req.body, (a) => sb.mailbox(a));
  if (/^\/(calendar\/)?calendarView\/delta$/.test(rest) && m === 'GET')
    return deltaPage(
      req,
      box,
      sb.tokens,
      'event',
      'calendar',
      sb.faults.take(m, rest, ['empty-page']) !== null,
    );
  if (/^\/(calendar\/)?events$/.test(rest)) {
    if (m === 'GET') return listItems(req, box, 'event', 'calendar');
    if (m === 'POST') {
      let made: ReturnType<Mailbox['find']> = null;
      const reply = createItem(req, box, 'event', 'calendar', () => {
        made = box.ofKind('event').at(-1) ?? null;
        notifyAfter(() => made, '/events', 'created')();
      });
      return reply;
    }
  }
  const inst = /^\/(?:calendar\/)?events\/([^/]+)\/instances$/.exec(rest);
  if (inst && m === 'GET')
    return listInstances(req, box, box.find('event', decodeURIComponent(inst[1] ?? '')));
  const ev = /^\/(?:calendar\/)?events\/([^/]+)$/.exec(rest);
  if (ev && isOccurrenceId(decodeURIComponent(ev[1] ?? '')))
    return occurrenceRoute(req, box, decodeURIComponent(ev[1] ?? ''), applied);
  if (ev) {
    const item = box.find('event', decodeURIComponent(ev[1] ?? ''));
    if (m === 'GET') return readItem(req, box, item);
    if (m === 'PATCH')
      return updateItem(
        req,
        box,
        item,
        notifyAfter(() => item, '/events', 'updated'),
      );
    if (m === 'DELETE')
      return deleteItem(
        req,
        box,
        item,
        notifyAfter(() => item, '/events', 'deleted'),
      );
  }
  if (rest === '/todo/lists') {
    if (m === 'GET')
      return {
        status: 200,
        body: {
          value: [...box.folders.values()]
            .filter((f) => f.kind === 'todoTaskList')
            .map((f) => ({
              id: f.id,
              displayName: f.displayName,
              isOwner: true,
              isShared: false,
              wellknownListName: f.displayName === 'Tasks' ? 'defaultList' : 'none',
            })),
        },
        type: 'todoTaskList',
      };
    if (m === 'POST') {
      const name = req.body?.['displayName'];
      if (typeof name !== 'string' || name === '')
        return graphError(400, 'invalidRequest', 'displayName is required');
      const f = box.addFolder('todoTaskList', name);
      return {
        status: 201,
        body: {
          id: f.id,
          displayName: f.displayName,
          isOwner: true,
          isShared: false,
          wellknownListName: 'none',
        },
        type: 'todoTaskList',
      };
    }
  }
  const folderRoute =
    /^\/(todo\/lists|contactFolders)\/([^/]+)\/(tasks|contacts)(?:\/([^/]+))?$/.exec(rest);
  if (folderRoute) {
    const kind: Kind = folderRoute[3] === 'tasks' ? 'task' : 'contact';
    const folderId = decodeURIComponent(folderRoute[2] ?? '');
    if (!box.folderNamed(kind === 'task' ? 'todoTaskList' : 'contactFolder', folderId))
      return graphError(
        404,
        'ErrorItemNotFound',
        'The specified folder was not found in the store.',
      );
    const suffix = rest.replace(/\/[^/]+$/, folderRoute[4] ? '' : '$&');
    const id = folderRoute[4] ? decodeURIComponent(folderRoute[4]) : null;
    if (id === 'delta' && m === 'GET')
      return deltaPage(
        req,
        box,
        sb.tokens,
        kind,
        folderId,
        sb.faults.take(m, rest, ['empty-page']) !== null,
      );
    if (id === null && m === 'GET') return listItems(req, box, kind, folderId);
    if (id === null && m === 'POST') {
      let made: ReturnType<Mailbox['find']> = null;
      return createItem(req, box, kind, folderId, () => {
        made = box.ofKind(kind, folderId).at(-1) ?? null;
        notifyAfter(() => made, suffix, 'created')();
      });
    }
    const item = id === null ? null : box.find(kind, id);
    if (m === 'GET') return readItem(req, box, item);
    if (m === 'PATCH')
      return updateItem(
        req,
        box,
        item,
        notifyAfter(() => item, suffix, 'updated'),
      );
    if (m === 'DELETE')
      return deleteItem(
        req,
        box,
        item,
        notifyAfter(() => item, suffix, 'deleted'),
      );
  }
  if (rest === '/contactFolders') {
    if (m === 'GET')
      return {
        status: 200,
        body: {
          value: [...box.folders.values()]
            .filter((f) => f.kind === 'contactFolder')
            .map((f) => ({ id: f.id, displayName: f.displayName, parentFolderId: 'contacts' })),
        },
        type: 'contactFolder',
      };
    if (m === 'POST') {
      const name = req.body?.['displayName'];
      if (typeof name !== 'string' || name === '')
        return graphError(400, 'ErrorInvalidRequest', 'displayName is required');
      const f = box.addFolder('contactFolder', name);
      return {
        status: 201,
        body: { id: f.id, displayName: f.displayName, parentFolderId: 'contacts' },
        type: 'contactFolder',
      };
    }
  }
  return graphError(400, 'BadRequest', `Unsupported request ${m} ${rest}`);
}
