// A FeedService over a fresh SQLite store, with two users, opened to loopback by default the way
// an admin would (GATEWAY_OUTBOUND_ALLOW_HOSTS), and a clock the tests can move.
import type { ExecutionContext } from 'ava';
import {
  FeedService,
  type FeedServiceOptions,
  type FeedSettings,
} from '../../../adapters/rss/feed-service.js';
import type { Store } from '../../../store/store.js';
import { sqliteStore, type TestStore } from '../../helpers/store.js';

export interface ServiceFixture {
  readonly store: Store;
  readonly service: FeedService;
  readonly aliceId: number;
  readonly bobId: number;
  readonly clock: { now: Date };
}

export const TEST_SETTINGS: FeedSettings = {
  outboundAllowHosts: ['127.0.0.1'],
  feedTimeoutMs: 3_000,
  feedMaxBytes: 2 * 1024 * 1024,
  feedFetchConcurrency: 3,
  feedRefreshSeconds: 600,
  feedRetentionDays: 30,
};

export async function serviceFixture(
  t: ExecutionContext,
  settings: Partial<FeedSettings> = {},
  options: Partial<FeedServiceOptions> = {},
): Promise<ServiceFixture> {
  const test = await sqliteStore();
  t.teardown(() => test.dispose());
  return serviceOver(test, settings, options);
}

/** The same over a store the caller owns (storeTest runs it on SQLite and PostgreSQL). */
export async function serviceOver(
  test: TestStore,
  settings: Partial<FeedSettings> = {},
  options: Partial<FeedServiceOptions> = {},
): Promise<ServiceFixture> {
  const { store } = test;
  const alice = await store.users.create({
    userName: 'alice',
    password: 'alice-password',
    lastName: 'Alice',
  });
  const bob = await store.users.create({
    userName: 'bob',
    password: 'bob-password',
    lastName: 'Bob',
  });
  const clock = { now: new Date('2024-03-10T12:00:00Z') };
  const service = new FeedService(
    store.db.knex,
    { ...TEST_SETTINGS, ...settings },
    { userAgent: 'gateway-test/1 (feed fetcher)', clock: () => clock.now, ...options },
  );
  return { store, service, aliceId: alice.id, bobId: bob.id, clock };
}

export function later(clock: { now: Date }, seconds: number): void {
  clock.now = new Date(clock.now.getTime() + seconds * 1000);
}
