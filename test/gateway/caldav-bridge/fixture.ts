// A linked world for bridge tests: a fresh SQLite store with one CRM user, a CaldavBridge over it
// and Radicale (the reference CalDAV server, Debian) on loopback, plus a plain client that plays
// the user editing their online calendar.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ExecutionContext } from 'ava';
import { CaldavBridge, type BridgeOptions } from '../../../gateway/caldav-bridge/service.js';
import type { RunningGateway } from '../../../gateway/server.js';
import { LINK_SYSTEM } from '../../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';
import type { CrmRecord } from '../../../store/types.js';
import { getModule } from '../../../store/modules/registry.js';
import path from 'node:path';
import { openStore, type Store } from '../../../store/store.js';
import { davRemote } from '../../helpers/dav-remote.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { pgStore, sqliteStore, type TestStore } from '../../helpers/store.js';
import { startRadicale, type Radicale } from '../caldav/radicale-peer.js';

export const PYTHON = '/usr/bin/python3';
export const ALICE = 'Basic ' + Buffer.from('alice:secret').toString('base64');
const KEY = '11'.repeat(32);

export async function hasRadicale(): Promise<boolean> {
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import radicale'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

let shared: Promise<Radicale> | null = null;

/** One Radicale per test file (each test uses its own calendar); stopped by `stopRadicale`. */
export async function radicale<C>(t: ExecutionContext<C>): Promise<Radicale | null> {
  if (!requirePeer('radicale', await hasRadicale(), t)) return null;
  shared ??= startRadicale(PYTHON);
  return shared;
}

export async function stopRadicale(): Promise<void> {
  if (shared) await (await shared).stop();
  shared = null;
}

export const bridgeConfig = (
  dataDir: string,
  timeoutMs = 3000,
): ConstructorParameters<typeof CaldavBridge>[1] => ({
  outboundAllowHosts: ['127.0.0.1', 'localhost'],
  outboundTimeoutMs: timeoutMs,
  outboundMaxBytes: 1024 * 1024,
  secretKey: KEY,
  databaseUrl: null,
  dataDir,
});

/** The CalDAV bridge a running gateway built and runs its job with. */
export function gatewayBridge(gw: Pick<RunningGateway, 'bridges'>): CaldavBridge {
  const bridge = gw.bridges.get(LINK_SYSTEM);
  if (!(bridge instanceof CaldavBridge)) throw new Error('the gateway has no CalDAV bridge');
  return bridge;
}

export interface World {
  readonly ts: TestStore;
  readonly bridge: CaldavBridge;
  readonly userId: number;
  readonly calendar: string;
  dispose(): Promise<void>;
}

export async function makeCalendar(base: string, name: string): Promise<string> {
  const url = `${base}/alice/${name}/`;
  const res = await fetch(url, {
    method: 'MKCALENDAR',
    headers: { authorization: ALICE },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`MKCALENDAR ${url}: ${res.status}`);
  return url;
}

export type DbKind = 'sqlite' | 'postgres';
export const DB_KINDS: readonly DbKind[] = ['sqlite', 'postgres'];

/** A fresh store of the kind, and a way to open another Store on the same database (a second process or replica). */
export interface DbStore {
  readonly ts: TestStore;
  twin(): Promise<Store>;
}

/** null when PostgreSQL is absent (skipped, or failed under CI=true). */
export async function dbStore<C>(kind: DbKind, t: ExecutionContext<C>): Promise<DbStore | null> {
  if (kind === 'sqlite') {
    const ts = await sqliteStore();
    return {
      ts,
      twin: () =>
        openStore({
          kind: 'sqlite',
          file: path.join(ts.dir ?? '.', 'gateway.sqlite'),
          busyTimeoutMs: 5000,
        }),
    };
  }
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return null;
  const ts = await pgStore(pg.url, pg.drop);
  return { ts, twin: () => openStore({ kind: 'pg', url: pg.url, poolMax: 4 }) };
}

export async function world(
  rad: Radicale,
  calendarName: string,
  options: BridgeOptions = {},
  timeoutMs = 3000,
  store?: TestStore,
): Promise<World> {
  const ts = store ?? (await sqliteStore());
  const user = await ts.store.users.create({
    userName: 'jane',
    password: 'jane-password-1',
    isAdmin: false,
  });
  const calendar = await makeCalendar(rad.url, calendarName);
  const bridge = new CaldavBridge(ts.store, bridgeConfig(ts.dir ?? '.', timeoutMs), {
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    ...options,
  });
  return { ts, bridge, userId: user.id, calendar, dispose: () => ts.dispose() };
}

/** A world on SQLite or PostgreSQL (calendar `<name>-<kind>`); null when PostgreSQL is absent. */
export async function worldOn<C>(
  kind: DbKind,
  rad: Radicale,
  calendarName: string,
  t: ExecutionContext<C>,
): Promise<World | null> {
  const db = await dbStore(kind, t);
  return db ? world(rad, `${calendarName}-${kind}`, {}, 3000, db.ts) : null;
}

/** A link of the world's user to its calendar, optionally through another base URL (a fault proxy). */
export function linkAlice(w: World, rad: Radicale, via?: string): Promise<CaldavLink> {
  const calendarUrl = via ? w.calendar.replace(rad.url, via) : w.calendar;
  return w.bridge.create({
    userId: w.userId,
    kind: 'caldav',
    url: `${via ?? rad.url}/`,
    username: 'alice',
    password: 'secret',
    calendarUrl,
  });
}

export const vevent = (uid: string, lines: readonly string[]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** The user editing their online calendar directly. */
export const remote = davRemote(ALICE, 'text/calendar', '.ics');

export async function eventsOf(w: World): Promise<CrmRecord[]> {
  const actor = { userId: w.userId, isAdmin: true, groupIds: [] };
  return w.ts.store.records.list(actor, 'Events', { limit: 1000 });
}

export async function readEvent(w: World, id: number): Promise<CrmRecord | null> {
  return w.ts.store.records.read(getModule('Events'), id, true);
}

export function janeActor(w: World): { userId: number; isAdmin: boolean; groupIds: number[] } {
  return { userId: w.userId, isAdmin: false, groupIds: [] };
}

export function eventInput(
  subject: string,
  start: string,
  end: string,
  description: string | null = null,
): { values: Record<string, string | null> } {
  return {
    values: {
      subject,
      description,
      date_start: start.slice(0, 10),
      time_start: start.slice(11, 19),
      due_date: end.slice(0, 10),
      time_end: end.slice(11, 19),
      eventstatus: 'Planned',
      activitytype: 'Meeting',
    },
  };
}
