// Store benchmark: writing and reading CRM records through the repository (validation,
// record numbers, picklist growth, change log, one transaction per record) against a baseline
// measured in the same run on the same database kind: plain knex inserts of the same rows.
// Prints figures and ratios; run with `npm run bench -- store [--records N] [--pg URL]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';

interface Timing {
  readonly label: string;
  readonly ms: number;
  readonly perSecond: number;
}

async function time(label: string, count: number, fn: () => Promise<void>): Promise<Timing> {
  const start = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { label, ms, perSecond: (count / ms) * 1000 };
}

function values(i: number): Record<string, string> {
  return {
    lastname: `Lastname ${i}`,
    firstname: `First ${i}`,
    email: `person${i}@example.org`,
    mobile: `+49 170 ${100000 + i}`,
    leadsource: i % 7 === 0 ? 'Web Site' : 'Partner',
  };
}

async function run(store: Store, admin: Actor, n: number): Promise<Timing[]> {
  const { knex } = store.db;
  const baselineWrite = await time('baseline: knex insert (entity + module row)', n, async () => {
    for (let i = 0; i < n; i++) {
      await knex.transaction(async (trx) => {
        const [row] = await trx('crm_entities')
          .insert({
            module: 'Contacts',
            owner_kind: 'user',
            owner_id: admin.userId,
            label: `b${i}`,
            createdtime: 'x',
            modifiedtime: 'x',
            deleted: false,
          })
          .returning('id');
        const id =
          typeof row === 'object' && row !== null ? (row as { id: number }).id : Number(row);
        await trx('mod_contacts').insert({ id, ...values(i) });
      });
    }
  });
  const repoWrite = await time('store: records.create (Contacts)', n, async () => {
    for (let i = 0; i < n; i++)
      await store.records.create(admin, 'Contacts', { values: values(i) });
  });
  const pages = Math.ceil(n / 100);
  const baselineRead = await time('baseline: knex select 100-row pages', n, async () => {
    for (let p = 0; p < pages; p++)
      await knex('mod_contacts')
        .join('crm_entities', 'crm_entities.id', 'mod_contacts.id')
        .orderBy('mod_contacts.id')
        .limit(100)
        .offset(p * 100);
  });
  const repoRead = await time('store: records.list 100-row pages', n, async () => {
    for (let p = 0; p < pages; p++)
      await store.records.list(admin, 'Contacts', { limit: 100, offset: p * 100 });
  });
  return [baselineWrite, repoWrite, baselineRead, repoRead];
}

function report(kind: string, n: number, t: Timing[]): void {
  const [bw, rw, br, rr] = t as [Timing, Timing, Timing, Timing];
  process.stdout.write(`\nstore benchmark on ${kind}, ${n} records\n`);
  for (const x of t)
    process.stdout.write(
      `  ${x.label.padEnd(48)} ${x.ms.toFixed(0).padStart(7)} ms  ${x.perSecond.toFixed(0).padStart(7)} /s\n`,
    );
  process.stdout.write(`  ratio write (store / baseline): ${(rw.ms / bw.ms).toFixed(2)}×\n`);
  process.stdout.write(`  ratio read  (store / baseline): ${(rr.ms / br.ms).toFixed(2)}×\n`);
}

export async function benchStore(argv: readonly string[]): Promise<void> {
  const { values: opts } = parseArgs({
    args: [...argv],
    options: { records: { type: 'string' }, pg: { type: 'string' } },
  });
  const n = Number(opts.records ?? 2000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
  try {
    const store = opts.pg
      ? await openStore({ kind: 'pg', url: opts.pg, runMigrations: true })
      : await openStore({
          kind: 'sqlite',
          file: path.join(dir, 'bench.sqlite'),
          busyTimeoutMs: 5000,
        });
    const user = await store.users.create({
      userName: `bench${Date.now()}`,
      password: 'bench-password',
      isAdmin: true,
    });
    const admin: Actor = { userId: user.id, isAdmin: true, groupIds: [] };
    report(store.db.kind, n, await run(store, admin, n));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
