// A process killed in the middle of writes leaves no half record: every record is whole
// (entity row, module row, all its line items, its change-log row) or absent.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../store/store.js';
import { ROOT, run } from '../helpers/process.js';

const WRITER = `
import { openStore } from '${path.join(ROOT, 'store/store.js')}';
const store = await openStore({ kind: 'sqlite', file: process.argv[2], busyTimeoutMs: 5000 });
const admin = { userId: 1, isAdmin: true, groupIds: [] };
const acc = await store.records.create(admin, 'Accounts', { values: { accountname: 'Buyer' } });
const line = { productId: null, listPrice: '1.5', discountPercent: null, discountAmount: null, taxPercent: '20', comment: null };
process.stdout.write('writing\\n');
for (let i = 0; ; i++) {
  await store.records.create(admin, 'SalesOrder', { values: { subject: 'SO ' + i, account_id: String(acc.id) },
    lineItems: [{ ...line, quantity: '1' }, { ...line, quantity: '2' }, { ...line, quantity: '3' }] });
}
`;

test('SIGKILL during a stream of inventory writes leaves only whole records', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'gateway.sqlite');
  const seed = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  await seed.users.create({ userName: 'admin', password: 'admin-password', isAdmin: true });
  await seed.close();
  const script = path.join(dir, 'writer.mts');
  writeFileSync(script, WRITER);

  for (let round = 0; round < 3; round++) {
    const child = run(process.execPath, ['--import', 'tsx', script, file], {});
    t.teardown(() => child.kill());
    await child.waitFor('writing', 60_000);
    await new Promise((r) => setTimeout(r, 300 + round * 137));
    child.proc.kill('SIGKILL');
    t.is((await child.exited).signal, 'SIGKILL');
  }

  const store = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  t.teardown(() => store.close());
  const k = store.db.knex;
  const entities = Number(
    (await k('crm_entities').where({ module: 'SalesOrder' }).count<{ n: number }[]>({ n: '*' }))[0]
      ?.n,
  );
  t.true(entities > 3, `the writers got some records in (${entities})`);
  t.is(
    Number((await k('mod_salesorder').count<{ n: number }[]>({ n: '*' }))[0]?.n),
    entities,
    'every entity row has its module row',
  );
  const lines = await k('inventory_lines')
    .select('record_id')
    .count<{ record_id: number; n: number }[]>({ n: '*' })
    .groupBy('record_id');
  t.is(lines.length, entities);
  t.true(
    lines.every((l) => Number(l.n) === 3),
    'no record lost some of its line items',
  );
  const logged = Number(
    (
      await k('change_log')
        .where({ module: 'SalesOrder', operation: 'create' })
        .count<{ n: number }[]>({ n: '*' })
    )[0]?.n,
  );
  t.is(logged, entities, 'one change-log row per record, none without its record');
  const orphans = await k('mod_salesorder as m')
    .leftJoin('crm_entities as e', 'e.id', 'm.id')
    .whereNull('e.id')
    .select('m.id');
  t.deepEqual(orphans, []);
  const integrity = (await k.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
  t.is(integrity[0]?.integrity_check, 'ok');
});
