// Console routes of contact links, for administrators: list with status and the field mapping,
// add (a CardDAV or a Google link, for the user's contacts or a group's), authorise a Google link,
// test (discovery), sync now, delete (link-routes.ts, shared with calendar links). Registered with
// the bridge instance the job runs, as the calendar links' routes are.
import type { CardLinkInput } from '../../carddav-bridge/link-input.js';
import type { CarddavBridge } from '../../carddav-bridge/service.js';
import { idOf } from '../form.js';
import { contactLinksPage } from '../pages/carddav-links.js';
import { filledFields, linkRoutes } from './link-routes.js';
import type { ConsoleSection } from './sections.js';

const FIELDS = [
  'kind',
  'url',
  'bookUrl',
  'username',
  'password',
  'direction',
  'accountEmail',
  'clientId',
  'clientSecret',
  'refreshToken',
  'authUrl',
  'tokenUrl',
] as const;

export const carddavLinkRoutes =
  (bridge: CarddavBridge): ConsoleSection =>
  (router, deps) =>
    linkRoutes(router, {
      back: '/console/carddav-links',
      title: 'Contact links',
      noun: 'carddav-link',
      bridge: () => bridge,
      input: (form): CardLinkInput => {
        const group = form?.get('groupId')?.trim() ?? '';
        return {
          ...filledFields(form, FIELDS),
          userId: idOf(form?.get('userId') ?? '', 'User'),
          ...(group === '' ? {} : { groupId: idOf(group, 'Group') }),
        };
      },
      added: (link, input) =>
        `Link ${link.id} added. ${
          link.kind === 'google' && !input.refreshToken
            ? 'Authorise it with Google, then it syncs on its own.'
            : 'Test it, then it syncs on its own.'
        }`,
      render: async (csrf, report) =>
        contactLinksPage({
          links: await bridge.links.list(),
          users: await deps.store.users.list(),
          groups: await deps.store.groups.list(),
          csrf,
          report,
        }),
      unknownVerb: 'Unknown contact link action',
    });
