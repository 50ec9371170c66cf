// What the webservice edges and operations need, built once by the composition root, and the
// per-call context operations receive (plain values: no koa).
import type { ListingHook } from '../../sync/registry.js';
import type { UserFreeBusy } from '../exchange-bridge/free-busy.js';
import { ChangeWindow } from '../../store/change-window.js';
import { LeadConversionRepository } from '../../store/lead-conversions.js';
import type { Store } from '../../store/store.js';
import type { Actor, User } from '../../store/types.js';
import { WebserviceSessionRepository } from '../../store/webservice-sessions.js';
import { OAuthTokenVerifier, type AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { GatewayConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createOAuthDeps } from '../oauth/deps.js';
import { CallerCache } from './caller-cache.js';
import { MetadataCache } from './metadata.js';
import type { Params } from './params.js';
import type { WhatsAppService } from '../whatsapp/service.js';

export interface RestLimits {
  readonly bodyLimitBytes: number;
  readonly vtigerMaxRows: number;
  readonly vtenextMaxRows: number;
  readonly vtqlExtensions: boolean;
  /** vtiger's exact answers for unknown user names (GATEWAY_VTIGER_STRICT_COMPAT). */
  readonly vtigerStrictCompat: boolean;
  /** Unknown element fields are refused instead of ignored (GATEWAY_WS_STRICT_FIELDS). */
  readonly strictFields: boolean;
  /** Bad values are refused instead of stored as vtiger does (GATEWAY_WS_STRICT_VALUES). */
  readonly strictValues: boolean;
}

/** Busy times of users in a window (the Exchange bridge's free/busy, README "Exchange bridge"). */
export type FreeBusySource = (
  userIds: readonly number[],
  startMs: number,
  endMs: number,
) => Promise<UserFreeBusy[]>;

export interface RestDeps {
  readonly store: Store;
  readonly sessions: WebserviceSessionRepository;
  readonly authenticator: Authenticator;
  readonly tokens: AccessTokenVerifier;
  readonly conversions: LeadConversionRepository;
  readonly changes: ChangeWindow;
  readonly metadata: MetadataCache;
  readonly callers: CallerCache;
  readonly limits: RestLimits;
  /** Called after a user's records are queried or read (the bridges pull that user's links soon). */
  readonly onActivitiesListed: ListingHook;
  /** The WhatsApp Business service behind `whatsapp_send` (null where none is built). */
  readonly whatsapp: WhatsAppService | null;
  /** The `freebusy` operation's source; absent: the operation answers unsupported. */
  readonly freeBusy?: FreeBusySource;
}

export interface RestDepsInput {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly authenticator: Authenticator;
  /** The composition root shares one verifier between edges; else one is built on the store. */
  readonly tokens?: AccessTokenVerifier;
  readonly onActivitiesListed?: ListingHook;
  readonly whatsapp?: WhatsAppService;
  readonly freeBusy?: FreeBusySource;
}

// vtiger SessionManager: 86 400 s of life and 1 800 s idle (gateway/rest/README.md §1).
const SESSION_LIFE_MS = 86_400_000;
const SESSION_IDLE_MS = 1_800_000;

export function createRestDeps(input: RestDepsInput): RestDeps {
  const { knex } = input.store.db;
  return {
    store: input.store,
    onActivitiesListed: input.onActivitiesListed ?? (() => undefined),
    whatsapp: input.whatsapp ?? null,
    ...(input.freeBusy ? { freeBusy: input.freeBusy } : {}),
    sessions: new WebserviceSessionRepository(knex, {
      lifeMs: SESSION_LIFE_MS,
      idleMs: SESSION_IDLE_MS,
      touchEveryMs: 15_000,
      // Every call checks its session; on SQLite (one serving process) a short cache spares the
      // read. Logout ends a session at once; a removal made elsewhere (a new access key from the
      // console or the command line) within 2 s. Replicas on PostgreSQL read every time, so a
      // logout on one ends the session on all at once (gateway/rest/README.md §1).
      cacheMs: input.store.db.kind === 'sqlite' ? 2000 : 0,
    }),
    authenticator: input.authenticator,
    tokens: input.tokens ?? new OAuthTokenVerifier(createOAuthDeps(input.config, input.store)),
    conversions: new LeadConversionRepository(knex),
    changes: new ChangeWindow(knex),
    metadata: new MetadataCache(input.store.picklists),
    callers: new CallerCache(input.store),
    limits: {
      bodyLimitBytes: input.config.bodyLimitBytes,
      vtigerMaxRows: input.config.restMaxRows,
      vtenextMaxRows: input.config.vtenextMaxRows,
      vtqlExtensions: input.config.restVtqlExtensions,
      vtigerStrictCompat: input.config.vtigerStrictCompat,
      strictFields: input.config.wsStrictFields,
      strictValues: input.config.wsStrictValues,
    },
  };
}

/** The authenticated caller of an operation. */
export interface Caller {
  readonly user: User;
  readonly actor: Actor;
  /** The vtiger sessionName; null on the vtenext path (Basic or Bearer per request). */
  readonly sessionName: string | null;
}

export interface OpContext {
  readonly deps: RestDeps;
  readonly params: Params;
  /** null only for vtiger's pre-login operations. */
  readonly caller: Caller | null;
  readonly dialect: 'vtiger' | 'vtenext';
  readonly httpMethod: string;
  readonly ip: string | null;
  /** The request's logger (its lines carry the request id). */
  readonly log: Logger;
}

export type OperationRun = (ctx: OpContext) => Promise<unknown>;

/** The caller of an operation that is not pre-login (the edges guarantee one). */
export function callerOf(ctx: OpContext): Caller {
  if (!ctx.caller) throw new Error('operation needs an authenticated caller');
  return ctx.caller;
}
