// Where a 1C session's files live (gateway/commerceml/README.md §1.3, README.md "Several
// replicas"). On SQLite, one process: the local work folder under the data directory, as before.
// On PostgreSQL, where checkauth, the file parts and the import may each reach a different
// replica with its own data directory, the files are chunk rows in the database
// (store/commerceml/work-files.ts) and a replica that reads them first checks them out into its
// local folder; what it makes there (unpacked archives, the full-snapshot list) it publishes back.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { CmlWorkFiles } from '../../store/commerceml/work-files.js';
import { PRIVATE_DIR_MODE } from '../../store/file-modes.js';
import { GatewayError } from '../errors.js';
import { unpackArchives, type UnzipLimits } from './unzip.js';
import {
  appendPart,
  clearDir,
  folderSize,
  pruneWorkDirs,
  removeDir,
  resolveIn,
  safeRelative,
  sessionDir,
} from './work-dir.js';

export class WorkFolder {
  /** `files` is null for the local folder only (SQLite, a single process). */
  constructor(
    readonly root: string,
    private readonly files: CmlWorkFiles | null,
  ) {}

  /** True when the files are shared through the database. */
  get shared(): boolean {
    return this.files !== null;
  }

  dir(token: string): string {
    return sessionDir(this.root, token);
  }

  /** Appends one POSTed part to the named file (§1.3), refused whole above `limit` or `cap`. */
  async append(
    token: string,
    name: string,
    body: Readable,
    limit: number,
    cap: number,
  ): Promise<void> {
    const dir = this.dir(token);
    if (!this.files) return appendPart(dir, name, body, limit, cap);
    const safe = safeRelative(name);
    const room = Math.max(0, cap - (await this.files.bytesOf([token])));
    if (await this.files.append(token, safe, body, Math.min(limit, room))) return;
    if (room < limit) throw new GatewayError('too_large', `the work folder is full (${cap} bytes)`);
    throw new GatewayError('too_large', `the file part exceeds file_limit (${limit} bytes)`);
  }

  /** The local folder with the session's current files, ready to be read. */
  async checkout(token: string): Promise<string> {
    const dir = this.dir(token);
    if (!this.files) return dir;
    // Whatever an earlier checkout left here may be stale: another replica may have had init,
    // new parts or an unpacked archive since.
    await clearDir(dir);
    const made = new Set<string>();
    for await (const chunk of this.files.chunks(token)) {
      const target = resolveIn(dir, chunk.name);
      if (!made.has(target)) {
        await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
        made.add(target);
      }
      await appendFile(target, chunk.data);
    }
    return dir;
  }

  /** Makes the database copy of these names what the local folder now holds (gone when absent). */
  async publish(token: string, names: readonly string[]): Promise<void> {
    if (!this.files) return;
    const dir = this.dir(token);
    for (const name of names) {
      const file = resolveIn(dir, name);
      const present = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      const safe = safeRelative(name);
      if (present)
        await this.files.replace(
          token,
          safe,
          createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>,
        );
      else await this.files.remove(token, [safe]);
    }
  }

  /** Unpacks the archives of a checked-out folder; on a shared store the entries replace them. */
  async unpack(token: string, dir: string, limits: UnzipLimits): Promise<void> {
    const archives = await readdir(dir).then(
      (names) => names.filter((n) => n.toLowerCase().endsWith('.zip')),
      () => [],
    );
    let entries: string[];
    try {
      entries = await unpackArchives(dir, limits);
    } catch (err) {
      // unpackArchives emptied the local folder; a failed run leaves nothing shared either.
      if (this.files) await this.files.remove(token);
      throw err;
    }
    if (archives.length > 0) await this.publish(token, [...entries, ...archives]);
  }

  /** mode=init: the session starts over with no file. */
  async clear(token: string): Promise<void> {
    await clearDir(this.dir(token));
    await this.files?.remove(token);
  }

  /** The end of an exchange: its files were applied and are not needed again. */
  async remove(token: string): Promise<void> {
    await removeDir(this.dir(token));
    await this.files?.remove(token);
  }

  /** Files of sessions idle for `maxAgeMs` (a cut-off run) go; returns how many sessions lost theirs. */
  async prune(maxAgeMs: number, keep: string, now: number): Promise<number> {
    const local = await pruneWorkDirs(this.root, maxAgeMs, keep, now);
    if (!this.files) return local;
    return this.files.prune(new Date(now - maxAgeMs), keep);
  }

  /** Bytes the named sessions keep (one user's upload cap counts all of their sessions). */
  async bytesOf(tokens: readonly string[]): Promise<number> {
    if (this.files) return this.files.bytesOf(tokens);
    let total = 0;
    for (const token of tokens) total += await folderSize(this.dir(token));
    return total;
  }
}
