// The modes of what the gateway keeps on disk: the data directory is 0700 and the database,
// its -wal and -shm companions, backups and key files are 0600, whatever the process umask
// (README "Security"). The database holds password hashes, tokens and sealed secrets, so other
// local accounts must not read it.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the directory (and missing parents) as 0700 whatever the umask. An existing directory
 * is left alone: a backup checked in the operator's own folder must not change that folder.
 */
export function ensurePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // mkdir applies the umask; every directory it created, from `first` down to `dir`, is narrowed.
  let current = path.resolve(dir);
  const top = path.resolve(first);
  for (;;) {
    chmodSync(current, PRIVATE_DIR_MODE);
    if (current === top || path.dirname(current) === current) break;
    current = path.dirname(current);
  }
}

/** Narrows a file to 0600; a file that does not exist (yet) is left alone. */
export function makePrivate(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Creates an empty file as 0600 unless it exists, then narrows it. SQLite accepts an empty file
 * as a new database and gives the -wal and -shm files it creates the database file's mode
 * (sqlite.org/src: os_unix.c, findCreateFileMode), so creating the file first keeps them private.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}
