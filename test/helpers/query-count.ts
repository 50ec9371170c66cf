// How many SQL statements a piece of work runs: the cost tests bound this rather than time,
// which a shared machine makes noisy.
import type { Knex } from 'knex';

/** Counts the statements (matching `pattern`, every one when omitted) run while `fn` runs. */
export async function countQueries(
  knex: Knex,
  fn: () => Promise<unknown>,
  pattern: RegExp = /./,
): Promise<number> {
  let n = 0;
  const listener = (q: { sql: string }): void => {
    if (pattern.test(q.sql)) n++;
  };
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return n;
}
