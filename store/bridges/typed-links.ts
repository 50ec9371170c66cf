// A bridge's links in its own shape over the generic rows (link-repository.ts): what the CalDAV
// and the CardDAV link repositories share (read, list, remove, secrets sealed and bound to
// `<noun>:<id>` by store/secrets.ts, pause and resume). Each adds its own create and names.
import type { Knex } from 'knex';
import type { SecretBox } from '../secrets.js';
import { BridgeLinkRepository } from './link-repository.js';
import { BridgeObjectRepository } from './object-repository.js';
import type { BridgeLink } from './types.js';

export interface TypedLinkNames<L> {
  /** The `system` of the bridge's rows in bridge_links, sync_links and exchange_log. */
  readonly system: string;
  /** What the secrets are bound to: `caldav-link` seals for `caldav-link:<id>`. */
  readonly context: string;
  /** How messages name a link ("CalDAV link"). */
  readonly noun: string;
  readonly toLink: (row: BridgeLink) => L;
}

export class TypedLinkRepository<L, S extends object> {
  /** The generic rows underneath, for the sync engine. */
  readonly generic: BridgeLinkRepository;
  readonly items: BridgeObjectRepository;
  protected readonly toLink: (row: BridgeLink) => L;

  constructor(knex: Knex, box: SecretBox, names: TypedLinkNames<L>) {
    this.generic = new BridgeLinkRepository(
      knex,
      box,
      names.system,
      (id) => `${names.context}:${id}`,
      names.noun,
    );
    this.items = new BridgeObjectRepository(knex, names.system);
    this.toLink = names.toLink;
  }

  async get(id: number): Promise<L | null> {
    const link = await this.generic.get(id);
    return link ? this.toLink(link) : null;
  }

  async mustGet(id: number): Promise<L> {
    return this.toLink(await this.generic.mustGet(id));
  }

  async list(filter: { userId?: number; activeOnly?: boolean } = {}): Promise<L[]> {
    return (await this.generic.list(filter)).map(this.toLink);
  }

  remove(id: number): Promise<void> {
    return this.generic.remove(id);
  }

  secrets(id: number): Promise<S> {
    return this.generic.secrets<S>(id);
  }

  setSecrets(id: number, secrets: S): Promise<void> {
    return this.generic.setSecrets(id, secrets);
  }

  setActive(id: number, active: boolean): Promise<void> {
    return this.generic.setActive(id, active);
  }
}
