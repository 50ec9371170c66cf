// VTQL `=` and `!=` as vtiger 8.2 answers them on MariaDB's default collation (utf8mb4_general_ci,
// case-insensitive; gateway/rest/README.md §3): `=` ignores case, and `!=` also returns the records
// whose field is empty, which vtiger stores as '' (so `<>` matches them there); IN and NOT IN
// alike. Checked on SQLite and on PostgreSQL.
import test, { type ExecutionContext } from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

async function check(t: ExecutionContext, gw: TestGateway): Promise<void> {
  const admin = await adminClient(gw);
  const names: Record<string, string> = {};
  for (const [lastname, city] of [
    ['Upper', 'LONDON'],
    ['Mixed', 'London'],
    ['Other', 'Paris'],
    ['Empty', ''],
    ['Unset', undefined],
  ] as const) {
    const created = await admin.doCreate('Contacts', {
      lastname,
      ...(city === undefined ? {} : { mailingcity: city }),
    });
    if (!created || !created.id) return t.fail(JSON.stringify(admin.lastError));
    names[created.id] = lastname;
  }
  const lastnames = async (where: string): Promise<string[]> => {
    const rows = await admin.doQuery<{ lastname: string }>(
      `SELECT lastname FROM Contacts WHERE ${where} ORDER BY lastname;`,
    );
    if (!rows) throw new Error(JSON.stringify(admin.lastError));
    return rows.map((r) => r.lastname);
  };
  t.deepEqual(await lastnames("mailingcity = 'london'"), ['Mixed', 'Upper']);
  t.deepEqual(await lastnames("mailingcity = 'LoNdOn'"), ['Mixed', 'Upper']);
  t.deepEqual(await lastnames("lastname = 'UPPER'"), ['Upper']);
  t.deepEqual(await lastnames("mailingcity != 'LONDON'"), ['Empty', 'Other', 'Unset']);
  t.deepEqual(await lastnames("mailingcity != 'paris'"), ['Empty', 'Mixed', 'Unset', 'Upper']);
  t.deepEqual(await lastnames("mailingcity = 'London' AND lastname != 'mixed'"), ['Upper']);
  // IN ignores case as = does; NOT IN (an extension, §8) also returns empty values, as != does,
  // unless the list names the empty value.
  t.deepEqual(await lastnames("mailingcity IN ('london', 'PARIS')"), ['Mixed', 'Other', 'Upper']);
  t.deepEqual(await lastnames("lastname IN ('upper', 'x1')"), ['Upper']);
  t.deepEqual(await lastnames("mailingcity NOT IN ('LONDON')"), ['Empty', 'Other', 'Unset']);
  t.deepEqual(await lastnames("mailingcity NOT IN ('london', '')"), ['Other']);
  t.is(Object.keys(names).length, 5);
}

test('= ignores case and != includes empty values (SQLite)', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  await check(t, gw);
});

test('= ignores case and != includes empty values (PostgreSQL)', async (t) => {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const gw = await restGateway({ GATEWAY_DATABASE_URL: pg.url });
  t.teardown(() => gw.dispose());
  await check(t, gw);
});
