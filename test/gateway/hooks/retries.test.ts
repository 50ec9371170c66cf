// A target that fails, recovers and then answers 410 Gone (gateway/hooks/README.md §3): retries on
// the schedule setting, a record's events in order, 410 removes the subscription, a target that
// keeps failing past the retry window is disabled with a notice, and a dead letter is redelivered.
import test, { type TestFn } from 'ava';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { basic, hooksCall, startTarget, vtews, waitFor, type Target } from './fixture.js';

const admin = basic('admin', ADMIN_ACCESS_KEY);
const ctx = test as TestFn<{ gw: TestGateway; target: Target }>;

ctx.before(async (t) => {
  t.context.gw = await startTestGateway();
  t.context.target = await startTarget();
  await t.context.gw.store.settings.set('hooks.retry_schedule', '60ms, 120ms');
});

ctx.after.always(async (t) => {
  await t.context.gw?.dispose();
  await t.context.target?.close();
});

async function subscribe(
  t: { context: { gw: TestGateway; target: Target } },
  event: string,
): Promise<number> {
  const sub = await hooksCall(t.context.gw, admin, '', {
    json: { target_url: t.context.target.url, event, module: 'Contacts' },
  });
  if (sub.status !== 201) throw new Error(JSON.stringify(sub.body));
  return Number((sub.body as { id: string }).id);
}

const lastnames = (target: Target, from = 0): string[] =>
  target.received
    .slice(from)
    .map((r) => (JSON.parse(r.body) as { data: { lastname: string } }).data.lastname);

ctx.serial(
  'a failing target gets retries, then every event in order, then 410 removes it',
  async (t) => {
    const { gw, target } = t.context;
    await gw.store.settings.set('hooks.retry_for', '1h');
    const subId = await subscribe(t, 'updated');
    target.status = 503;
    const contact = await vtews(gw, admin, 'create', {
      elementType: 'Contacts',
      element: { lastname: 'v0' },
    });
    const events = async (): Promise<number> =>
      (await gw.hooks.outbox.list({ subscriptionId: subId })).length;
    for (const name of ['v1', 'v2', 'v3']) {
      const before = await events();
      await vtews(gw, admin, 'update', { id: contact.id, columns: { lastname: name } });
      // Each update is fanned out before the next, so each body shows its own state.
      for (let i = 0; i < 200 && (await events()) === before; i++)
        await new Promise((r) => setTimeout(r, 20));
    }
    t.true(await waitFor(() => target.received.length >= 3));
    // While the first is failing, the later events of the same record wait behind it.
    t.deepEqual(new Set(lastnames(target)), new Set(['v1']));
    const failed = target.received.length;
    target.status = 200;
    t.true(await waitFor(() => lastnames(target).includes('v3')));
    t.deepEqual(lastnames(target, failed), ['v1', 'v2', 'v3']);
    const delivered = await gw.hooks.outbox.list({ subscriptionId: subId });
    t.true(delivered.every((d) => d.status === 'delivered'));
    t.true((delivered.at(-1)?.attempts ?? 0) >= 3, 'the first event took several attempts');

    target.status = 410;
    await vtews(gw, admin, 'update', { id: contact.id, columns: { lastname: 'v4' } });
    t.true(await waitFor(() => lastnames(target).includes('v4')));
    for (let i = 0; i < 100 && (await gw.hooks.subscriptions.get(subId)) !== null; i++)
      await new Promise((r) => setTimeout(r, 20));
    t.is(await gw.hooks.subscriptions.get(subId), null, '410 Gone removed the subscription');
    const notices = await gw.store.exchangeLog.list({ system: 'hooks', limit: 5 });
    t.true(notices.some((n) => (n.error ?? '').includes('410')));
  },
);

ctx.serial(
  'persistent failure disables the subscription; a dead letter is redelivered',
  async (t) => {
    const { gw, target } = t.context;
    await gw.store.settings.set('hooks.retry_for', '300ms');
    const subId = await subscribe(t, 'created');
    target.status = 500;
    const from = target.received.length;
    await vtews(gw, admin, 'create', { elementType: 'Contacts', element: { lastname: 'dead' } });
    for (
      let i = 0;
      i < 250 && (await gw.hooks.subscriptions.get(subId))?.status !== 'disabled';
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    const sub = await gw.hooks.subscriptions.get(subId);
    t.is(sub?.status, 'disabled');
    t.regex(sub?.disabledReason ?? '', /retry window.*HTTP 500/);
    t.true(target.received.length - from >= 2, 'it was retried before giving up');
    const dead = await hooksCall(gw, admin, '/dead-letters');
    const letters = dead.body as { id: number; subscription_id: number; attempts: number }[];
    const letter = letters.find((l) => l.subscription_id === subId);
    if (!letter) return t.fail('no dead letter');
    // A disabled subscription gets no new events meanwhile.
    const queued = (await gw.hooks.outbox.list({ subscriptionId: subId })).length;
    await vtews(gw, admin, 'create', { elementType: 'Contacts', element: { lastname: 'skip' } });
    await new Promise((r) => setTimeout(r, 300));
    t.is((await gw.hooks.outbox.list({ subscriptionId: subId })).length, queued);
    target.status = 200;
    const again = await hooksCall(gw, admin, `/dead-letters/${letter.id}/redeliver`, {
      method: 'POST',
    });
    t.is(again.status, 204);
    t.true(await waitFor(() => target.status === 200 && lastnames(target).at(-1) === 'dead'));
    t.is((await gw.hooks.subscriptions.get(subId))?.status, 'active');
    t.is(
      (await hooksCall(gw, admin, '/dead-letters/999999/redeliver', { method: 'POST' })).status,
      404,
    );
  },
);
