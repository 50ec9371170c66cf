// What the CalDAV and the CardDAV bridge share as the console, the command line and the job see
// them: the outbound HTTP client, the link runner over the generic bridge tables (sync/runner.ts,
// store/bridges/), OAuth authorisation of a link (oauth-authorize.ts), removal, sync now and the
// scheduled pass. Each bridge adds its own link input, connection test and session.
import { CaldavError } from '../../adapters/caldav-client.js';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { BridgeLease } from '../../store/bridges/lease.js';
import type { BridgeLinkRepository } from '../../store/bridges/link-repository.js';
import type { BridgeObjectRepository } from '../../store/bridges/object-repository.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { RunOutcome, Session } from '../../sync/engine.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import { LinkRunner, type RunnerOptions } from '../../sync/runner.js';
import type { GatewayConfig } from '../config.js';
import {
  authorizationUrl,
  completeAuthorization,
  type OAuthLinkRef,
  type OAuthSecrets,
  type OAuthSecretStore,
} from './oauth-authorize.js';

export interface BridgeOptions extends RunnerOptions {
  readonly http?: HttpClient;
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

/** A bridge's link repository as the shared part uses it. */
export interface DavLinkRepository<
  L extends OAuthLinkRef,
  S extends OAuthSecrets,
> extends OAuthSecretStore<S> {
  /** The generic rows underneath, for the sync engine. */
  readonly generic: BridgeLinkRepository;
  readonly items: BridgeObjectRepository;
  mustGet(id: number): Promise<L>;
  remove(id: number): Promise<void>;
}

/** What the shared part opens a run with. */
export interface LinkIo {
  readonly http: HttpClient;
  readonly clock: () => number;
}

export interface DavBridgeSpec<R> {
  readonly system: string;
  /** How messages name a link ("CalDAV link"). */
  readonly noun: string;
  /** The User-Agent's last word ("caldav-bridge"). */
  readonly agent: string;
  readonly links: R;
  readonly open: (io: LinkIo, linkId: number) => Promise<Session>;
}

export abstract class DavLinkBridge<
  L extends OAuthLinkRef,
  S extends OAuthSecrets,
  R extends DavLinkRepository<L, S>,
> {
  readonly system: string;
  readonly links: R;
  protected readonly http: HttpClient;
  protected readonly clock: () => number;
  private readonly runner: LinkRunner;

  constructor(
    protected readonly store: Store,
    config: BridgeConfig,
    options: BridgeOptions,
    spec: DavBridgeSpec<R>,
  ) {
    this.system = spec.system;
    this.links = spec.links;
    this.clock = options.clock ?? Date.now;
    this.http =
      options.http ??
      createHttpClient({
        allowHosts: config.outboundAllowHosts,
        timeoutMs: config.outboundTimeoutMs,
        maxResponseBytes: config.outboundMaxBytes,
        maxRedirects: 3,
        retries: 1,
        userAgent: `crm-standards-gateway ${spec.agent}`,
      });
    const io = { http: this.http, clock: this.clock };
    this.runner = new LinkRunner(
      {
        store,
        system: spec.system,
        noun: spec.noun,
        book: new BridgeLinkBook(spec.links.generic, spec.links.items),
        lease: new BridgeLease(store.db.knex),
        open: (link) => spec.open(io, link.id),
      },
      options,
    );
  }

  /** Fails unless the user exists: a link belongs to a CRM user. */
  protected async mustHaveUser(userId: number): Promise<void> {
    const user = await this.store.users.findById(userId);
    if (!user) throw new GatewayError('not_found', `user ${userId} does not exist`);
  }

  /** Where to send the admin to authorise an OAuth or Google link (RFC 6749 §4.1.1). */
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

  /** The user listed their records through the gateway: pull their links soon (at most once per gap per user). */
  activitiesListed(userId: number): Promise<number> {
    return this.runner.activitiesListed(userId);
  }
}
