// The CardDAV bridge as the command line, the job and the gateway see it: links per CRM user to a
// remote address book (create, list, test, sync now, remove) and the scheduled pass over every due
// link. The runs are the sync engine's (sync/runner.ts, sync/engine.ts) over the CardDAV provider
// (sync/providers/carddav/, README there).
import { CaldavError } from '../../adapters/caldav-client.js';
import {
  CARDDAV_LINK_SYSTEM,
  CarddavLinkRepository,
  type CarddavLink,
  type CarddavSecrets,
} from '../../store/carddav-links/link-repository.js';
import { GatewayError } from '../../store/errors.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import { clientForCardLink, openCarddavSession } from '../../sync/providers/carddav/session.js';
import type { SyncBridge } from '../../sync/registry.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';
import { DavLinkBridge, type BridgeConfig, type BridgeOptions } from '../dav-links/link-bridge.js';
import { newCardLink, type CardLinkInput } from './link-input.js';

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

export class CarddavBridge
  extends DavLinkBridge<CarddavLink, CarddavSecrets, CarddavLinkRepository>
  implements SyncBridge
{
  override readonly system = CARDDAV_LINK_SYSTEM;
  readonly description =
    'CardDAV bridge: push CRM contact changes and pull remote address book changes of every linked user';
  readonly modules: ReadonlySet<string> = new Set(['Contacts']);

  constructor(store: Store, config: BridgeConfig, options: BridgeOptions = {}) {
    const links = new CarddavLinkRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    super(store, config, options, {
      system: CARDDAV_LINK_SYSTEM,
      noun: 'CardDAV link',
      agent: 'carddav-bridge',
      links,
      open: (io, id) => openCarddavSession({ store, links, http: io.http }, id),
    });
  }

  async create(input: CardLinkInput): Promise<CarddavLink> {
    await this.mustHaveUser(input.userId);
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
}
