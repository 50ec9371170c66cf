// The 1C session files kept as chunk rows (store/commerceml/work-files.ts), on PostgreSQL where
// replicas use them: parts append in arrival order across chunk boundaries, a part above its
// limit leaves no row, replace and remove act per name, and prune drops only idle sessions.
import test from 'ava';
import { CHUNK_BYTES, CmlWorkFiles } from '../../../store/commerceml/work-files.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { pgStore } from '../../helpers/store.js';

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let off = 0; off < bytes.length; off += size) yield bytes.subarray(off, off + size);
}

async function readAll(files: CmlWorkFiles, token: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer[]>();
  for await (const c of files.chunks(token)) out.set(c.name, [...(out.get(c.name) ?? []), c.data]);
  return new Map([...out].map(([name, parts]) => [name, Buffer.concat(parts)]));
}

test('parts, limits, replace, remove and prune of shared 1C session files', async (t) => {
  t.timeout(60_000);
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  const { store, dispose } = await pgStore(pg.url, () => pg.drop());
  t.teardown(dispose);
  const files = new CmlWorkFiles(store.db.knex);
  const token = 'a'.repeat(32);
  const first = Buffer.alloc(CHUNK_BYTES + 1000, 1);
  const second = Buffer.alloc(5000, 2);
  t.true(await files.append(token, 'import.xml', pieces(first, 70_000), 10 * CHUNK_BYTES));
  t.true(await files.append(token, 'import.xml', pieces(second, 999), 10 * CHUNK_BYTES));
  // Rows never exceed the chunk size, whatever pieces the request body came in.
  const sizes = (await store.db.knex('cml_work_chunks').select('size')) as { size: number }[];
  t.true(sizes.every((r) => Number(r.size) <= CHUNK_BYTES));
  t.deepEqual(await files.files(token), [
    { name: 'import.xml', size: first.length + second.length },
  ]);

  // A part over its limit is read to its end and leaves nothing.
  t.false(await files.append(token, 'offers.xml', pieces(Buffer.alloc(4000, 3), 1000), 3000));
  t.deepEqual(
    (await files.files(token)).map((f) => f.name),
    ['import.xml'],
  );
  t.true((await readAll(files, token)).get('import.xml')?.equals(Buffer.concat([first, second])));

  await files.replace(token, 'import.xml', pieces(Buffer.from('short'), 2));
  t.is((await readAll(files, token)).get('import.xml')?.toString(), 'short');
  t.is(await files.bytesOf([token, 'b'.repeat(32)]), 5);

  const other = 'b'.repeat(32);
  t.true(await files.append(other, 'x.xml', pieces(Buffer.from('x'), 1), 10));
  // Nothing is older than a minute ago: prune keeps both; a cutoff in the future drops all but keep.
  t.is(await files.prune(new Date(Date.now() - 60_000), token), 0);
  t.is(await files.prune(new Date(Date.now() + 60_000), token), 1);
  t.deepEqual(await files.files(other), []);
  await files.remove(token, ['import.xml']);
  t.deepEqual(await files.files(token), []);
});
