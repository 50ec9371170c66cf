// sync over the change log (gateway/rest/README.md §5): the boundary second is re-sent so a change
// later in the same second is not lost, reassignment and deletion show up in `deleted`, paging with
// `more` visits every change, and other users' records never appear.
import test from 'ava';
import type { Knex } from 'knex';
import type { TestGateway } from '../../helpers/gateway.js';
import { adminClient, bobClient, restGateway } from '../../helpers/rest-fixture.js';
import type { VtigerClient } from '../../helpers/vtiger-client.js';

type SyncResult = {
  updated: Record<string, string>[];
  deleted: string[];
  lastModifiedTime: number;
  more: boolean;
};

async function sync(
  client: VtigerClient,
  since: number,
  elementType?: string,
): Promise<SyncResult> {
  const result = await client.doSync(since, elementType);
  if (!result) throw new Error(JSON.stringify(client.lastError));
  return result;
}

function numericId(wsId: string | undefined): number {
  return Number((wsId ?? '').split('x')[1]);
}

/** Moves every change of a record to `text` (UTC store time), to stage changes in one second. */
async function setChangeTime(knex: Knex, wsId: string | undefined, text: string): Promise<void> {
  await knex('change_log')
    .where({ record_id: numericId(wsId) })
    .update({ changed_at: text });
}

function stamp(seconds: number, millis = 0): string {
  return new Date(seconds * 1000 + millis).toISOString().replace('T', ' ').replace('Z', '');
}

test("a change later in the boundary second is not lost (vtiger's strict > would lose it)", async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const knex = gw.store.db.knex;
  const second = Math.floor(Date.now() / 1000) - 100;
  const a = await admin.doCreate('Contacts', { lastname: 'Early' });
  await setChangeTime(knex, a ? a.id : '', stamp(second, 100));
  const first = await sync(admin, 0, 'Contacts');
  t.is(first.lastModifiedTime, second);
  t.deepEqual(
    first.updated.map((r) => r.lastname),
    ['Early'],
  );
  // Committed after the first sync, but stamped in the same second.
  const b = await admin.doCreate('Contacts', { lastname: 'Late' });
  await setChangeTime(knex, b ? b.id : '', stamp(second, 900));
  const next = await sync(admin, first.lastModifiedTime, 'Contacts');
  t.deepEqual(
    next.updated.map((r) => r.lastname).sort(),
    ['Early', 'Late'],
    'the boundary second is re-sent; clients de-duplicate by id',
  );
  t.is(next.lastModifiedTime, second);
  t.false(next.more);
});

test('a record reassigned away from the caller, deleted or purged is reported in deleted', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const bob = await bobClient(gw);
  const moved = await bob.doCreate('Contacts', { lastname: 'Moved' });
  const binned = await bob.doCreate('Contacts', { lastname: 'Binned' });
  const purged = await bob.doCreate('Accounts', { accountname: 'Purged' });
  const others = await admin.doCreate('Contacts', { lastname: 'Admin only' });
  if (!moved || !binned || !purged || !others) return t.fail();
  const start = await sync(bob, 0);
  t.deepEqual(
    start.updated.map((r) => r.id).sort(),
    [moved.id, binned.id, purged.id].sort(),
    'only records bob owns (syncType user)',
  );

  t.truthy(await admin.doRevise({ id: moved.id ?? '', assigned_user_id: '19x1' }));
  t.true(await bob.doDelete(binned.id ?? ''));
  const actor = await gw.store.users.actor(1);
  if (!actor) return t.fail();
  await gw.store.recycleBin.delete(actor, 'Accounts', numericId(purged.id));
  await gw.store.recycleBin.purge(actor, [numericId(purged.id)]);
  await admin.doRevise({ id: others.id ?? '', title: 'changed' });

  const after = await sync(bob, start.lastModifiedTime);
  t.deepEqual(after.deleted.sort(), [moved.id, binned.id, purged.id].sort());
  t.false(
    after.updated.some((r) => r.id === others.id || r.id === moved.id),
    'never the records of others',
  );
  t.false(after.deleted.includes(others.id ?? ''), 'a record bob never had is not reported');
  const asAdmin = await sync(admin, start.lastModifiedTime);
  t.true(
    asAdmin.updated.some((r) => r.id === moved.id),
    'the new owner sees it as updated',
  );
  const typed = await sync(bob, start.lastModifiedTime, 'Accounts');
  t.deepEqual(typed.deleted, [purged.id]);
  // A group-owned record is in bob's userandgroup scope only.
  const group = await gw.store.groups.create('Sales');
  await gw.store.groups.addMember(group.id, 2);
  const bob2 = await bobClient(gw);
  const shared = await bob2.doCreate('Contacts', {
    lastname: 'Shared',
    assigned_user_id: `20x${group.id}`,
  });
  const withGroups = (
    await bob2.get({
      operation: 'sync',
      modifiedTime: String(after.lastModifiedTime),
      syncType: 'userandgroup',
    })
  ).result as SyncResult;
  t.true(withGroups.updated.some((r) => shared && r.id === shared.id));
  const userOnly = await sync(bob2, after.lastModifiedTime);
  t.false(userOnly.updated.some((r) => shared && r.id === shared.id));
});

async function seedSeconds(
  gw: TestGateway,
  admin: VtigerClient,
  n: number,
  base: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await admin.doCreate('Contacts', { lastname: `P${i}` });
    if (!c) throw new Error('create');
    ids.push(c.id ?? '');
    // Two changes per second, so that pages end inside a pair.
    await setChangeTime(gw.store.db.knex, c.id, stamp(base + Math.floor(i / 2), (i % 2) * 500));
  }
  return ids;
}

test('paging with more and lastModifiedTime visits every change and never splits a second', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const base = Math.floor(Date.now() / 1000) - 10_000;
  const ids = await seedSeconds(gw, admin, 230, base);
  const seen = new Set<string>();
  let since = 0;
  let rounds = 0;
  for (;;) {
    const page = await sync(admin, since, 'Contacts');
    rounds++;
    t.true(page.updated.length <= 104, `page of ${page.updated.length}`);
    for (const r of page.updated) seen.add(r.id ?? '');
    if (!page.more) break;
    t.true(page.lastModifiedTime > since, 'the cursor advances');
    since = page.lastModifiedTime;
    if (rounds > 10) return t.fail('no end');
  }
  t.is(rounds, 3);
  t.deepEqual([...seen].sort(), [...ids].sort());
});
