// The CalDAV bridge as the console, the command line, the REST edge and the job see it: links
// (create, list, test, sync now, remove) and the scheduled run over every due link. Runs of one
// link never overlap: in this process they queue, across processes the link's lease decides
// (lease-run.ts). One link failing only delays that link (its own backoff).
import { CaldavError, discover, unlinkableReason } from '../../adapters/caldav-client.js';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { LinkLease } from '../../store/caldav-links/link-lease.js';
import { CaldavLinkRepository } from '../../store/caldav-links/link-repository.js';
import { NO_COUNTS, type CaldavLink } from '../../store/caldav-links/link-types.js';
import { SecretBox } from '../../store/caldav-links/secret-box.js';
import { nowUtc } from '../../store/db.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { GatewayConfig } from '../config.js';
import { clientForLink } from './link-client.js';
import { authorizationUrl, completeAuthorization } from './oauth-authorize.js';
import { newLink, type LinkInput } from './link-input.js';
import { loadSecretKey } from './secret-key.js';
import {
  DEFAULT_LEASE,
  LeaseLostError,
  newHolder,
  withLease,
  type LeaseTimes,
} from './lease-run.js';
import { runLink, type RunOutcome } from './sync-run.js';

export interface BridgeOptions {
  readonly http?: HttpClient;
  readonly clock?: () => number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** How often each link pulls on the schedule. */
  readonly pullEverySeconds?: number;
  /** Least time between two pulls asked for by listing activities through the gateway. */
  readonly listPullGapMs?: number;
  /** The link lease: time to live, how long "sync now" waits for a running sync, poll step. */
  readonly lease?: Partial<LeaseTimes>;
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

const shared = new WeakMap<Store, CaldavBridge>();

/** The one bridge of a store in this process, so runs of a link never overlap across edges. */
export function bridgeFor(
  store: Store,
  config: BridgeConfig,
  options: BridgeOptions = {},
): CaldavBridge {
  let bridge = shared.get(store);
  if (!bridge) {
    bridge = new CaldavBridge(store, config, options);
    shared.set(store, bridge);
  }
  return bridge;
}

export class CaldavBridge {
  readonly links: CaldavLinkRepository;
  private readonly http: HttpClient;
  private readonly clock: () => number;
  private readonly running = new Map<number, Promise<RunOutcome>>();
  private readonly listPulls = new Map<number, number>();
  private readonly lease: LinkLease;
  private readonly holder = newHolder();

  constructor(
    private readonly store: Store,
    config: BridgeConfig,
    private readonly options: BridgeOptions = {},
  ) {
    this.links = new CaldavLinkRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    this.clock = options.clock ?? Date.now;
    this.lease = new LinkLease(store.db.knex);
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

  /** Runs one sync of the link now (push and pull), whatever its backoff; waits a little for a sync running elsewhere, else reports `busy`. */
  async syncNow(id: number, signal?: AbortSignal): Promise<RunOutcome> {
    return this.run(
      await this.links.mustGet(id),
      true,
      signal,
      true,
      this.options.lease?.waitMs ?? DEFAULT_LEASE.waitMs,
    );
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

  /** The scheduled pass: every active link out of backoff pushes; those due (or asked) pull too. */
  async runDue(signal?: AbortSignal): Promise<RunOutcome[]> {
    const now = this.clock();
    const at = nowUtc(new Date(now));
    const top = await this.store.changeLog.latestSeq();
    const out: RunOutcome[] = [];
    for (const link of await this.links.list({ activeOnly: true })) {
      if (signal?.aborted) break;
      if (link.nextAttemptAt !== null && link.nextAttemptAt > at) continue;
      const pullDue =
        !link.firstSyncDone ||
        link.pullRequestedAt !== null ||
        link.lastSyncAt === null ||
        Date.parse(link.lastSyncAt.replace(' ', 'T') + 'Z') +
          (this.options.pullEverySeconds ?? 120) * 1000 <=
          now ||
        link.lastError !== null;
      if (!pullDue && link.lastSeq >= top) continue;
      const outcome = await this.run(link, pullDue, signal, false, 0);
      if (!outcome.busy) out.push(outcome);
    }
    return out;
  }

  /** Whether some link has CRM changes it has not pushed yet or a pull asked for. */
  async pending(): Promise<boolean> {
    const top = await this.store.changeLog.latestSeq();
    const at = nowUtc(new Date(this.clock()));
    return (await this.links.list({ activeOnly: true })).some(
      (l) =>
        (l.nextAttemptAt === null || l.nextAttemptAt <= at) &&
        (!l.firstSyncDone || l.lastSeq < top || l.pullRequestedAt !== null),
    );
  }

  /** The user listed their activities through the gateway: pull their links soon (at most once per gap per user). */
  async activitiesListed(userId: number): Promise<boolean> {
    const now = this.clock();
    if ((this.listPulls.get(userId) ?? -Infinity) + (this.options.listPullGapMs ?? 30_000) > now)
      return false;
    this.listPulls.set(userId, now);
    const links = await this.links.list({ userId, activeOnly: true });
    for (const link of links) await this.links.requestPull(link.id, new Date(now));
    return links.length > 0;
  }

  private run(
    link: CaldavLink,
    pull: boolean,
    signal: AbortSignal | undefined,
    logAlways: boolean,
    waitMs: number,
  ): Promise<RunOutcome> {
    const previous = this.running.get(link.id) ?? Promise.resolve(null);
    const next = previous
      .catch(() => null)
      .then(() => this.leased(link.id, pull, signal, logAlways, waitMs));
    this.running.set(link.id, next);
    void next
      .finally(() => {
        if (this.running.get(link.id) === next) this.running.delete(link.id);
      })
      .catch(() => undefined);
    return next;
  }

  private async leased(
    id: number,
    pull: boolean,
    signal: AbortSignal | undefined,
    logAlways: boolean,
    waitMs: number,
  ): Promise<RunOutcome> {
    const times = { ...DEFAULT_LEASE, ...this.options.lease, waitMs };
    try {
      const outcome = await withLease(
        this.lease,
        id,
        this.holder,
        times,
        signal,
        async (leaseSignal) => {
          // Read after the lease is ours: the previous holder may have moved the link's positions on.
          const fresh = await this.links.mustGet(id);
          const deps = {
            store: this.store,
            links: this.links,
            client: clientForLink(fresh, this.links, this.http, this.clock),
            now: this.clock,
            backoff: {
              baseMs: this.options.backoffBaseMs ?? 30_000,
              maxMs: this.options.backoffMaxMs ?? 3_600_000,
            },
          };
          return runLink(deps, fresh, { pull, logAlways, signal: leaseSignal });
        },
      );
      if (outcome !== null) return outcome;
      const held = await this.lease.state(id);
      return busyOutcome(
        `CalDAV link ${id} is busy: another sync of it is running (${held.holder ?? 'just finished'}, lease until ${held.until ?? '-'} UTC)`,
      );
    } catch (err) {
      if (err instanceof LeaseLostError) return busyOutcome(err.message);
      throw err;
    }
  }
}

function busyOutcome(error: string): RunOutcome {
  return { ok: false, busy: true, error, exchangeId: null, counts: { ...NO_COUNTS } };
}
