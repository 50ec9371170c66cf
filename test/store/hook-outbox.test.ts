// The REST hook outbox (gateway/hooks/README.md §2): the fan-out position moves only together with
// the events and deliveries it covers, and never from a stale position; a record's deliveries wait
// behind an earlier pending one; the signing secret is sealed and bound to its subscription.
import { randomBytes } from 'node:crypto';
import { HookOutbox } from '../../store/hooks/outbox.js';
import { HookSubscriptionRepository } from '../../store/hooks/subscriptions.js';
import type { HookEventRow } from '../../store/hooks/types.js';
import { SecretBox } from '../../store/secrets.js';
import { storeTest } from '../helpers/databases.js';

const event = (seq: number, recordId: number, subscriptionIds: number[]): HookEventRow => ({
  seq,
  variant: 0,
  module: 'Contacts',
  recordId,
  event: 'updated',
  occurredAt: '2026-01-01 00:00:00.000',
  payload: `{"seq":${seq}}`,
  subscriptionIds,
});

/** A subscription of user 1 to updated Contacts, with a known secret. */
function contactUpdates(
  subs: HookSubscriptionRepository,
): ReturnType<HookSubscriptionRepository['create']> {
  return subs.create({
    userId: 1,
    targetUrl: 'https://example.com/h',
    event: 'updated',
    module: 'Contacts',
    filter: null,
    secret: 'whsec_c2VjcmV0',
  });
}

storeTest('the outbox moves its position with its rows, in order per record', async (t, ts) => {
  const { knex } = ts.store.db;
  const subs = new HookSubscriptionRepository(knex, new SecretBox(randomBytes(32)));
  const outbox = new HookOutbox(knex);
  t.is(await outbox.position(), null, 'no position before the first subscription');
  const sub = await contactUpdates(subs);
  t.is(await subs.secret(sub.id), 'whsec_c2VjcmV0');
  const sealed = await knex('hook_subscriptions').where({ id: sub.id }).first<{ secret: string }>();
  t.false(sealed.secret.includes('c2VjcmV0'), 'stored sealed');
  const start = (await outbox.position()) ?? -1;
  t.is(
    await outbox.append(start, start + 2, [
      event(start + 1, 7, [sub.id]),
      event(start + 2, 7, [sub.id]),
    ]),
    2,
  );
  // A stale position (another process moved it) writes nothing at all.
  await t.throwsAsync(outbox.append(start, start + 3, [event(start + 3, 8, [sub.id])]), {
    message: /moved meanwhile/,
  });
  t.is(await outbox.position(), start + 2);
  t.is((await outbox.list()).length, 2);

  const now = new Date();
  const [first, second] = await outbox.due(now, 10);
  if (!first || !second) return t.fail();
  t.true(first.id < second.id);
  await outbox.failed(
    first,
    { at: now, statusCode: 500, error: 'HTTP 500', durationMs: 1 },
    new Date(now.getTime() + 60_000),
  );
  t.deepEqual(await outbox.due(now, 10), [], 'the second waits behind the failing first');
  await outbox.failed(first, { at: now, statusCode: 500, error: 'HTTP 500', durationMs: 1 }, null);
  t.is((await outbox.get(first.id))?.status, 'dead');
  t.deepEqual(
    (await outbox.due(now, 10)).map((d) => d.id),
    [second.id],
  );
  t.is((await outbox.attempts(first.id)).length, 2);
});

storeTest(
  'successes are recorded in one group; deliveries removed meanwhile are skipped',
  async (t, ts) => {
    const { knex } = ts.store.db;
    const subs = new HookSubscriptionRepository(knex, new SecretBox(randomBytes(32)));
    const outbox = new HookOutbox(knex);
    const make = (): ReturnType<typeof subs.create> => contactUpdates(subs);
    const kept = await make();
    const gone = await make();
    const start = (await outbox.position()) ?? -1;
    await outbox.append(start, start + 2, [
      event(start + 1, 7, [kept.id, gone.id]),
      event(start + 2, 8, [kept.id]),
    ]);
    const due = await outbox.due(new Date(), 10);
    t.is(due.length, 3);
    // 410 Gone removed a subscription (and its deliveries) while its success waited to be written.
    await subs.delete(gone.id);
    const at = new Date('2026-02-03T04:05:06.007Z');
    await outbox.deliveredMany(
      due.map((delivery) => ({
        delivery,
        result: { at, statusCode: 204, error: null, durationMs: 3 },
      })),
    );
    const rows = await outbox.list({ subscriptionId: kept.id });
    t.deepEqual(
      rows.map((d) => [d.status, d.attempts, d.deliveredAt]),
      [
        ['delivered', 1, '2026-02-03 04:05:06.007'],
        ['delivered', 1, '2026-02-03 04:05:06.007'],
      ],
    );
    t.deepEqual(await outbox.attempts(rows[0]?.id ?? 0), [
      { at, statusCode: 204, error: null, durationMs: 3 },
    ]);
    t.deepEqual(await outbox.due(new Date(), 10), []);
  },
);
