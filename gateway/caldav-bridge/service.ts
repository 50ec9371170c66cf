// The CalDAV bridge as the console, the command line, the REST edge and the job see it: links
// (create, list, test, sync now, remove) and the scheduled pass over every due link. The runs
// themselves are the sync engine's (sync/runner.ts, sync/engine.ts) over the CalDAV provider
// (sync/providers/caldav/).
import { CaldavError, discover, unlinkableReason } from '../../adapters/caldav-client.js';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { BridgeLease } from '../../store/bridges/lease.js';
import { CaldavLinkRepository, LINK_SYSTEM } from '../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../store/caldav-links/link-types.js';
import { SecretBox } from '../../store/secrets.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { RunOutcome } from '../../sync/engine.js';
import { syncJobName, type SyncBridge } from '../../sync/registry.js';
import { LinkRunner, type RunnerOptions } from '../../sync/runner.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import { clientForLink } from '../../sync/providers/caldav/link-client.js';
import { openCaldavSession } from '../../sync/providers/caldav/session.js';
import type { GatewayConfig } from '../config.js';
import { authorizationUrl, completeAuthorization } from '../dav-links/oauth-authorize.js';
import { newLink, type LinkInput } from './link-input.js';
import { loadSecretKey } from './secret-key.js';

export type { RunOutcome } from '../../sync/engine.js';

export interface BridgeOptions extends RunnerOptions {
  readonly http?: HttpClient;
}

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

export type BridgeConfig = Pick<
  GatewayConfig,
  | 'outboundAllowHosts'
  | 'outboundTimeoutMs'
  | 'outboundMaxBytes'
  | 'secretKey'
  | 'databaseUrl'
  | 'dataDir'
>;

/** The CalDAV bridge's job: its name stays what the jobs panel has always shown. */
export const CALDAV_SYNC_JOB = syncJobName(LINK_SYSTEM);

export class CaldavBridge implements SyncBridge {
  readonly system = LINK_SYSTEM;
  readonly description =
    'CalDAV bridge: push CRM activity changes and pull remote calendar changes of every linked user';
  readonly modules: ReadonlySet<string> = new Set(['Events', 'Calendar']);
  readonly links: CaldavLinkRepository;
  private readonly http: HttpClient;
  private readonly clock: () => number;
  private readonly runner: LinkRunner;

  constructor(
    private readonly store: Store,
    config: BridgeConfig,
    options: BridgeOptions = {},
  ) {
    this.links = new CaldavLinkRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    this.clock = options.clock ?? Date.now;
    this.http =
      options.http ??
      createHttpClient({
        allowHosts: config.outboundAllowHosts,
        timeoutMs: config.outboundTimeoutMs,
        maxResponseBytes: config.outboundMaxBytes,
        maxRedirects: 3,
        retries: 1,
        userAgent: 'crm-standards-gateway caldav-bridge',
      });
    const session = {
      knex: store.db.knex,
      links: this.links,
      http: this.http,
      clock: this.clock,
    };
    this.runner = new LinkRunner(
      {
        store,
        system: LINK_SYSTEM,
        noun: 'CalDAV link',
        book: new BridgeLinkBook(this.links.generic, this.links.items),
        lease: new BridgeLease(store.db.knex),
        open: (link) => openCaldavSession(session, link.id),
      },
      options,
    );
  }

  async create(input: LinkInput): Promise<CaldavLink> {
    const user = await this.store.users.findById(input.userId);
    if (!user) throw new GatewayError('not_found', `user ${input.userId} does not exist`);
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

  /** Where to send the admin to authorise an OAuth or Google link. */
  async authorizationUrl(id: number, redirectUri: string, state: string): Promise<string> {
    return authorizationUrl(await this.links.mustGet(id), redirectUri, state);
  }

  /** Exchanges the code the provider sent back and stores the tokens (a provider error becomes `unavailable`). */
  async completeAuthorization(id: number, code: string, redirectUri: string): Promise<void> {
    try {
      await completeAuthorization(
        this.links,
        this.http,
        await this.links.mustGet(id),
        code,
        redirectUri,
        this.clock(),
      );
    } catch (err) {
      if (err instanceof CaldavError) throw new GatewayError('unavailable', err.message);
      throw err;
    }
  }

  async remove(id: number): Promise<void> {
    await this.links.mustGet(id);
    await this.links.remove(id);
  }

  /** Runs one sync of the link now (push and pull), whatever its backoff; waits a little for a sync running elsewhere, else reports `busy`. */
  syncNow(id: number, signal?: AbortSignal): Promise<RunOutcome> {
    return this.runner.syncNow(id, signal);
  }

  /** The scheduled pass: every due link, a bounded number at once (sync/runner.ts). */
  runDue(signal?: AbortSignal): Promise<RunOutcome[]> {
    return this.runner.runDue(signal);
  }

  /** Whether some link has CRM changes it has not pushed yet or a pull asked for. */
  pending(): Promise<boolean> {
    return this.runner.pending();
  }

  /** The user listed their activities through the gateway: pull their links soon (at most once per gap per user). */
  activitiesListed(userId: number): Promise<number> {
    return this.runner.activitiesListed(userId);
  }
}
