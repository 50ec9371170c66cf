// The files of a 1C exchange session kept in the database (store/migrations/0027-cml-work-files.ts),
// so that every replica reads what 1C uploaded through another. Bytes move in chunk rows of
// at most CHUNK_BYTES, in and out, so neither an upload nor a read holds a whole file in memory.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export const CHUNK_BYTES = 256 * 1024;

export interface WorkFile {
  readonly name: string;
  readonly size: number;
}

/** Re-cuts a byte stream into buffers of exactly `size` bytes (the last one shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    let chunk = piece;
    while (length + chunk.length >= size) {
      const take = size - length;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      chunk = chunk.subarray(take);
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      length += chunk.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

class OverLimit extends Error {}

export class CmlWorkFiles {
  constructor(private readonly knex: Knex) {}

  private async insertAll(
    db: Knex | Knex.Transaction,
    token: string,
    name: string,
    source: AsyncIterable<Buffer>,
    limit: number,
  ): Promise<number> {
    let bytes = 0;
    let over = false;
    const createdAt = nowUtc();
    for await (const data of rechunk(source, CHUNK_BYTES)) {
      bytes += data.length;
      // The rest is still read, so the client gets an answer rather than a reset connection.
      if (bytes > limit) over = true;
      if (over) continue;
      await db('cml_work_chunks').insert({
        session_token: token,
        name,
        data,
        size: data.length,
        created_at: createdAt,
      });
    }
    if (over) throw new OverLimit();
    return bytes;
  }

  /**
   * Appends one uploaded part to the named file, all or nothing: a part above `limit` bytes
   * leaves no row behind and answers false.
   */
  async append(
    token: string,
    name: string,
    source: AsyncIterable<Buffer>,
    limit: number,
  ): Promise<boolean> {
    try {
      await this.knex.transaction((trx) => this.insertAll(trx, token, name, source, limit));
      return true;
    } catch (err) {
      if (err instanceof OverLimit) return false;
      throw err;
    }
  }

  /** Replaces the named file with the bytes of `source` (a file a replica made locally). */
  async replace(token: string, name: string, source: AsyncIterable<Buffer>): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('cml_work_chunks').where({ session_token: token, name }).delete();
      await this.insertAll(trx, token, name, source, Number.MAX_SAFE_INTEGER);
    });
  }

  async files(token: string): Promise<WorkFile[]> {
    const rows = (await this.knex('cml_work_chunks')
      .where({ session_token: token })
      .groupBy('name')
      .orderBy('name')
      .select('name')
      .sum({ size: 'size' })) as { name: string; size: string | number }[];
    return rows.map((r) => ({ name: r.name, size: Number(r.size) }));
  }

  /** Bytes kept for these sessions together (a user's upload cap counts all of them). */
  async bytesOf(tokens: readonly string[]): Promise<number> {
    if (tokens.length === 0) return 0;
    const row = (await this.knex('cml_work_chunks')
      .whereIn('session_token', tokens)
      .sum({ size: 'size' })
      .first()) as { size: string | number | null } | undefined;
    return Number(row?.size ?? 0);
  }

  /** The session's chunks in upload order, one row read at a time. */
  async *chunks(token: string): AsyncGenerator<{ name: string; data: Buffer }> {
    for (let after = 0; ;) {
      const row = (await this.knex('cml_work_chunks')
        .where({ session_token: token })
        .andWhere('id', '>', after)
        .orderBy('id')
        .first('id', 'name', 'data')) as { id: number; name: string; data: Buffer } | undefined;
      if (!row) return;
      after = Number(row.id);
      yield { name: row.name, data: row.data };
    }
  }

  async remove(token: string, names?: readonly string[]): Promise<void> {
    const query = this.knex('cml_work_chunks').where({ session_token: token });
    if (names !== undefined) {
      if (names.length === 0) return;
      query.whereIn('name', names);
    }
    await query.delete();
  }

  /**
   * Removes the files of sessions whose last upload is older than `before` (an abandoned run),
   * except the session `keep`. Returns how many sessions lost their files.
   */
  async prune(before: Date, keep: string): Promise<number> {
    const stale = (await this.knex('cml_work_chunks')
      .whereNot({ session_token: keep })
      .groupBy('session_token')
      .havingRaw('max(created_at) < ?', [nowUtc(before)])
      .select('session_token')) as { session_token: string }[];
    const tokens = stale.map((r) => r.session_token);
    if (tokens.length > 0)
      await this.knex('cml_work_chunks').whereIn('session_token', tokens).delete();
    return tokens.length;
  }
}
