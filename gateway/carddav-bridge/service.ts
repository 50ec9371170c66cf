// The CardDAV bridge as the command line, the job and the gateway see it: links per CRM user to a
// remote address book (create, list, test, sync now, remove) and the scheduled pass over every due
// link. The runs are the sync engine's (sync/runner.ts, sync/engine.ts) over the CardDAV provider
// (sync/providers/carddav/, README there).
import { CaldavError } from '../../adapters/caldav-client.js';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { BridgeLease } from '../../store/bridges/lease.js';
import {
  CARDDAV_LINK_SYSTEM,
  CarddavLinkRepository,
  type CarddavLink,
} from '../../store/carddav-links/link-repository.js';
import { GatewayError } from '../../store/errors.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import type { RunOutcome } from '../../sync/engine.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import { clientForCardLink, openCarddavSession } from '../../sync/providers/carddav/session.js';
import type { SyncBridge } from '../../sync/registry.js';
import { LinkRunner } from '../../sync/runner.js';
import type { BridgeConfig, BridgeOptions } from '../caldav-bridge/service.js';
import { authorizationUrl, completeAuthorization } from '../dav-links/oauth-authorize.js';
import { newCardLink, type CardLinkInput } from './link-input.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';

export interface BookReport {
  readonly url: string;
  readonly name: string;
  readonly syncToken: boolean;
}

export interface CardTestReport {
  readonly ok: boolean;
  readonly message: string;
  readonly addressBooks: readonly BookReport[];
}

export class CarddavBridge implements SyncBridge {
  readonly system = CARDDAV_LINK_SYSTEM;
  readonly description =
    'CardDAV bridge: push CRM contact changes and pull remote address book changes of every linked user';
  readonly modules: ReadonlySet<string> = new Set(['Contacts']);
  readonly links: CarddavLinkRepository;
  private readonly http: HttpClient;
  private readonly clock: () => number;
  private readonly runner: LinkRunner;

  constructor(
    private readonly store: Store,
    config: BridgeConfig,
    options: BridgeOptions = {},
  ) {
    this.links = new CarddavLinkRepository(
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
        userAgent: 'crm-standards-gateway carddav-bridge',
      });
    const session = { store, links: this.links, http: this.http };
    this.runner = new LinkRunner(
      {
        store,
        system: CARDDAV_LINK_SYSTEM,
        noun: 'CardDAV link',
        book: new BridgeLinkBook(this.links.generic, this.links.items),
        lease: new BridgeLease(store.db.knex),
        open: (link) => openCarddavSession(session, link.id),
      },
      options,
    );
  }

  async create(input: CardLinkInput): Promise<CarddavLink> {
    const user = await this.store.users.findById(input.userId);
    if (!user) throw new GatewayError('not_found', `user ${input.userId} does not exist`);
    if (input.groupId !== undefined && !(await this.store.groups.get(input.groupId)))
      throw new GatewayError('not_found', `group ${input.groupId} does not exist`);
    return this.links.create(newCardLink(input), new Date(this.clock()));
  }

  /** Discovery of the address books behind the link's URL, in plain words. */
  async test(id: number): Promise<CardTestReport> {
    const link = await this.links.mustGet(id);
    const client = clientForCardLink(link, this.links, this.http);
    try {
      const books = await client.addressBooks(link.bookUrl ?? link.url);
      const addressBooks = books.map((b) => ({
        url: b.url,
        name: b.displayName,
        syncToken: b.syncToken !== null,
      }));
      const first = addressBooks[0];
      return {
        ok: first !== undefined,
        message: first
          ? `Connected. Address book "${first.name}" will be linked (${addressBooks.length} found${first.syncToken ? '' : '; no sync-collection: every sync lists it whole'}).`
          : 'Connected, but no address book was found for this account.',
        addressBooks,
      };
    } catch (err) {
      const message =
        err instanceof CaldavError || err instanceof GatewayError ? err.message : String(err);
      return { ok: false, message: `Connection failed: ${message}`, addressBooks: [] };
    }
  }

  /** Where to send the admin to authorise a Google link (RFC 6749 §4.1.1). */
  async authorizationUrl(id: number, redirectUri: string, state: string): Promise<string> {
    return authorizationUrl(await this.links.mustGet(id), redirectUri, state);
  }

  /** Exchanges the code Google sent back and stores the tokens (a provider error becomes `unavailable`). */
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

  /** One sync of the link now, whatever its backoff; `busy` when another run holds it. */
  syncNow(id: number, signal?: AbortSignal): Promise<RunOutcome> {
    return this.runner.syncNow(id, signal);
  }

  runDue(signal?: AbortSignal): Promise<RunOutcome[]> {
    return this.runner.runDue(signal);
  }

  pending(): Promise<boolean> {
    return this.runner.pending();
  }

  /** The user listed their contacts through the gateway: pull their links soon. */
  activitiesListed(userId: number): Promise<number> {
    return this.runner.activitiesListed(userId);
  }
}
