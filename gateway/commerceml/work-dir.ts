// The per-session work folder (gateway/commerceml/README.md §1.3, §1.4 step 1): chunks of one file
// name are appended in arrival order, sub-folders (import_files/…) are kept, and every name is
// confined to the folder (zip slip and `../` in `filename` are refused, never normalised away).
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { PRIVATE_DIR_MODE } from '../../store/file-modes.js';
import { GatewayError } from '../errors.js';

export function sessionDir(root: string, token: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(token))
    throw new GatewayError('invalid_input', 'bad session token');
  return path.join(root, token);
}

/**
 * A relative path inside the work folder. Windows separators become `/` (1C sends
 * `C:\…` paths, §1.4); absolute paths, drive letters and `..` segments are refused.
 */
export function safeRelative(name: string): string {
  const unified = name.replace(/\\/g, '/');
  if (unified === '' || unified.length > 512 || unified.includes('\0'))
    throw new GatewayError('invalid_input', `bad file name: ${name}`);
  if (unified.startsWith('/') || /^[a-zA-Z]:/.test(unified))
    throw new GatewayError('invalid_input', `absolute file name refused: ${name}`);
  const parts = unified.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..'))
    throw new GatewayError('invalid_input', `file name leaves the work folder: ${name}`);
  return parts.join('/');
}

export function resolveIn(dir: string, name: string): string {
  const full = path.resolve(dir, safeRelative(name));
  if (!full.startsWith(path.resolve(dir) + path.sep))
    throw new GatewayError('invalid_input', `file name leaves the work folder: ${name}`);
  return full;
}

/**
 * Passes bytes up to the limit and drops the rest, so the request is still read to its end
 * (1C then gets the failure line instead of a reset connection) while the disk never holds more.
 */
function capBytes(limit: number, state: { over: boolean }): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) state.over = true;
      done(null, state.over ? undefined : chunk);
    },
  });
}

/** Appends one POSTed part to the named file (§1.3: no offsets, arrival order). */
export async function appendPart(
  dir: string,
  name: string,
  body: Readable,
  limit: number,
  folderCap: number,
): Promise<void> {
  const target = resolveIn(dir, name);
  await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  const room = Math.max(0, folderCap - (await folderSize(dir)));
  const before = await stat(target).then(
    (s) => s.size,
    () => 0,
  );
  const state = { over: false };
  await pipeline(
    body,
    capBytes(Math.min(limit, room), state),
    createWriteStream(target, { flags: 'a' }),
  );
  if (!state.over) return;
  // The refused part leaves no trace: the file goes back to what the earlier parts made.
  await truncate(target, before);
  if (room < limit)
    throw new GatewayError('too_large', `the work folder is full (${folderCap} bytes)`);
  throw new GatewayError('too_large', `the file part exceeds file_limit (${limit} bytes)`);
}

export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

export async function clearDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Removes the folder of a finished exchange: its files were applied and are not needed again. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Bounded disk: folders of sessions that stopped without mode=complete or
 * mode=success (a 1C run cut off, an abandoned upload) are removed once idle for `maxAgeMs`.
 * Returns how many were removed.
 */
export async function pruneWorkDirs(
  root: string,
  maxAgeMs: number,
  keep: string,
  now: number = Date.now(),
): Promise<number> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const e of entries) {
    if (!e.isDirectory() || e.name === keep) continue;
    const full = path.join(root, e.name);
    const changed = await stat(full).then(
      (st) => st.mtimeMs,
      () => now,
    );
    if (now - changed < maxAgeMs) continue;
    await rm(full, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
