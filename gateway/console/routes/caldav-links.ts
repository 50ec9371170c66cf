// Console routes of calendar links, for administrators: list with status, add, authorise an OAuth
// link, test (discovery), sync now, delete (link-routes.ts, shared with contact links). The CalDAV
// bridge registers them with the bridge instance the job runs, so a "Sync now" never runs
// alongside the scheduled run of the same link in this process.
import type Router from '@koa/router';
import type { CaldavBridge } from '../../caldav-bridge/service.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { calendarLinksPage } from '../pages/caldav-links.js';
import { filledFields, linkRoutes } from './link-routes.js';
import type { ConsoleSection } from './sections.js';

const FIELDS = [
  'kind',
  'url',
  'calendarUrl',
  'username',
  'password',
  'accountEmail',
  'authUrl',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'scopes',
  'refreshToken',
] as const;

export const caldavLinkRoutes =
  (calendarBridge: CaldavBridge): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, () => calendarBridge);

function routes(
  router: Router<ConsoleCtxState>,
  deps: ConsoleDeps,
  bridge: () => CaldavBridge,
): void {
  linkRoutes(router, {
    back: '/console/caldav-links',
    title: 'Calendar links',
    noun: 'caldav-link',
    bridge,
    input: (form) => ({
      ...filledFields(form, FIELDS),
      userId: idOf(form?.get('userId') ?? '', 'User'),
    }),
    added: (link) => `Link ${link.id} added. Test it, then it syncs on its own.`,
    render: async (csrf, report) =>
      calendarLinksPage({
        links: await bridge().links.list(),
        users: await deps.store.users.list(),
        csrf,
        report,
      }),
    unknownVerb: 'Unknown calendar link action',
  });
}
