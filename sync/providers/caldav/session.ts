// Opens one run of a CalDAV link: a client with the link's credentials, the calendar (the one
// chosen before, else the first event calendar that supports sync, RFC 6578 §3), and the mapping
// of the modules the link carries.
import {
  CaldavError,
  discover,
  unlinkableReason,
  type CaldavClient,
} from '../../../adapters/caldav-client.js';
import type { HttpClient } from '../../../adapters/http.js';
import type { CaldavLinkRepository } from '../../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';
import type { Knex } from 'knex';
import type { Session } from '../../engine.js';
import { clientForLink } from './link-client.js';
import { CalendarMapping, modulesOfKind } from './mapping.js';
import { CaldavProvider, syncErrorOf } from './provider.js';

export async function chooseCalendar(client: CaldavClient, link: CaldavLink): Promise<string> {
  if (link.calendarUrl) return link.calendarUrl;
  const found = await discover(client, link.url);
  if (found.calendars.length === 0)
    throw new CaldavError('not_found', `no calendar found at ${link.url}`);
  const usable = found.calendars.find((c) => unlinkableReason(c) === null);
  if (usable) return usable.url;
  const first = found.calendars[0];
  throw new CaldavError(
    'no_sync_support',
    first ? (unlinkableReason(first) ?? 'no usable calendar') : 'no usable calendar',
  );
}

export interface CaldavSessionDeps {
  readonly knex: Knex;
  readonly links: CaldavLinkRepository;
  readonly http: HttpClient;
  readonly clock: () => number;
}

export async function openCaldavSession(deps: CaldavSessionDeps, id: number): Promise<Session> {
  const link = await deps.links.mustGet(id);
  const client = clientForLink(link, deps.links, deps.http, deps.clock);
  let calendarUrl: string;
  try {
    calendarUrl = await chooseCalendar(client, link);
  } catch (err) {
    throw syncErrorOf(err);
  }
  if (calendarUrl !== link.calendarUrl) await deps.links.progress(link.id, { calendarUrl });
  return {
    provider: new CaldavProvider(client, calendarUrl),
    mapping: new CalendarMapping(deps.knex, modulesOfKind(link.kind)),
  };
}
