// The CalDAV bridge as the console, the command line, the REST edge and the job see it: links
// (create, list, test, sync now, remove) and the scheduled pass over every due link. The runs
// themselves are the sync engine's (sync/runner.ts, sync/engine.ts) over the CalDAV provider
// (sync/providers/caldav/).
import { CaldavError, discover, unlinkableReason } from '../../adapters/caldav-client.js';
import { CaldavLinkRepository, LINK_SYSTEM } from '../../store/caldav-links/link-repository.js';
import type { CaldavLink, LinkSecrets } from '../../store/caldav-links/link-types.js';
import { SecretBox } from '../../store/secrets.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { syncJobName, type SyncBridge } from '../../sync/registry.js';
import { clientForLink } from '../../sync/providers/caldav/link-client.js';
import { openCaldavSession } from '../../sync/providers/caldav/session.js';
import { DavLinkBridge, type BridgeConfig, type BridgeOptions } from '../dav-links/link-bridge.js';
import { newLink, type LinkInput } from './link-input.js';
import { loadSecretKey } from './secret-key.js';

export type { RunOutcome } from '../../sync/engine.js';
export type { BridgeConfig, BridgeOptions } from '../dav-links/link-bridge.js';

export interface CalendarReport {
  readonly url: string;
  readonly name: string;
  readonly syncToken: boolean;
  readonly linkable: boolean;
  readonly reason: string | null;
}

export interface TestReport {
  readonly ok: boolean;
  readonly message: string;
  readonly principal: string | null;
  readonly home: string | null;
  readonly calendars: readonly CalendarReport[];
}

/** The CalDAV bridge's job: its name stays what the jobs panel has always shown. */
export const CALDAV_SYNC_JOB = syncJobName(LINK_SYSTEM);

export class CaldavBridge
  extends DavLinkBridge<CaldavLink, LinkSecrets, CaldavLinkRepository>
  implements SyncBridge
{
  override readonly system = LINK_SYSTEM;
  readonly description =
    'CalDAV bridge: push CRM activity changes and pull remote calendar changes of every linked user';
  readonly modules: ReadonlySet<string> = new Set(['Events', 'Calendar']);

  constructor(store: Store, config: BridgeConfig, options: BridgeOptions = {}) {
    const links = new CaldavLinkRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    super(store, config, options, {
      system: LINK_SYSTEM,
      noun: 'CalDAV link',
      agent: 'caldav-bridge',
      links,
      open: (io, id) => openCaldavSession({ knex: store.db.knex, links, ...io }, id),
    });
  }

  async create(input: LinkInput): Promise<CaldavLink> {
    await this.mustHaveUser(input.userId);
    return this.links.create(newLink(input), new Date(this.clock()));
  }
  /** Discovery of principal, home and calendars, with plain words on what cannot be linked. */
  async test(id: number): Promise<TestReport> {
    const link = await this.links.mustGet(id);
    const client = clientForLink(link, this.links, this.http, this.clock);
    try {
      const found = await discover(client, link.calendarUrl ?? link.url);
      const calendars = found.calendars.map((c) => ({
        url: c.url,
        name: c.displayName,
        syncToken: c.syncToken !== null,
        linkable: unlinkableReason(c) === null,
        reason: unlinkableReason(c),
      }));
      const usable = calendars.find((c) => c.linkable);
      const message = usable
        ? `Connected. Calendar "${usable.name}" can be linked (${calendars.length} calendar(s) found).`
        : calendars.length === 0
          ? 'Connected, but no calendar was found for this account.'
          : (calendars[0]?.reason ?? 'No calendar can be linked.');
      return {
        ok: usable !== undefined,
        message,
        principal: found.principal,
        home: found.home,
        calendars,
      };
    } catch (err) {
      const message =
        err instanceof CaldavError || err instanceof GatewayError ? err.message : String(err);
      return {
        ok: false,
        message: `Connection failed: ${message}`,
        principal: null,
        home: null,
        calendars: [],
      };
    }
  }
}
