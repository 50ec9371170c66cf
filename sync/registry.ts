// The bridges of one gateway, built once where the gateway is put together and handed to whoever
// needs them: the job worker runs each one's scheduled pass, and the edges that list CRM records
// (the REST webservice, the CalDAV server) call `listed`, which asks every bridge that carries the
// module to pull its links of that user soon.
import type { RunOutcome } from './engine.js';

export interface SyncBridge {
  /** The `system` of its sync links and exchange-log rows; also names its job (`<system>.sync`). */
  readonly system: string;
  /** What the bridge does, for the jobs panel. */
  readonly description: string;
  /** CRM modules whose listing asks the bridge to pull. */
  readonly modules: ReadonlySet<string>;
  runDue(signal?: AbortSignal): Promise<RunOutcome[]>;
  pending(): Promise<boolean>;
  /** Pulls the user's links soon, in this process and without writing a request; how many. */
  activitiesListed(userId: number): Promise<number>;
}

export const syncJobName = (system: string): string => `${system}.sync`;

/** What an edge calls after listing a user's records of a module; never delays the answer. */
export type ListingHook = (module: string, userId: number) => void;

export class BridgeRegistry<B extends SyncBridge = SyncBridge> {
  private readonly bridges = new Map<string, B>();

  register(bridge: B): this {
    if (this.bridges.has(bridge.system))
      throw new Error(`a bridge for ${bridge.system} is registered already`);
    this.bridges.set(bridge.system, bridge);
    return this;
  }

  all(): B[] {
    return [...this.bridges.values()];
  }

  get(system: string): B | null {
    return this.bridges.get(system) ?? null;
  }

  /** The listing hook fanned out to every bridge that carries the module. */
  readonly listed: ListingHook = (module, userId) => {
    for (const bridge of this.bridges.values()) {
      if (!bridge.modules.has(module)) continue;
      void bridge.activitiesListed(userId).catch(() => undefined);
    }
  };
}
