// GATEWAY_CML_FOLDER_CAP_BYTES bounds what one exchange user keeps on disk across all their
// sessions (gateway/commerceml/README.md §6.3): a user who opens many sessions (each checkauth
// may start one) would otherwise get the cap once per session. Uploads and unpacking check the
// room left after the user's other session folders.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CmlExchangeRepository } from '../../store/commerceml/exchange-repository.js';
import type { UnzipLimits } from './unzip.js';
import { folderSize } from './work-dir.js';
import type { WorkFolder } from './work-folder.js';

export interface QuotaDeps {
  readonly exchange: CmlExchangeRepository;
  readonly folder: WorkFolder;
  readonly folderCap: number;
  readonly unzip: UnzipLimits;
}

export interface QuotaSession {
  readonly token: string;
  readonly userId: number;
}

/** Bytes in the work folders (or their shared copies) of the user's other sessions. */
async function otherSessionsBytes(deps: QuotaDeps, session: QuotaSession): Promise<number> {
  const others = (await deps.exchange.sessionTokensOf(session.userId)).filter(
    (token) => token !== session.token,
  );
  return deps.folder.bytesOf(others);
}

/** The cap for this session's folder: the user's cap less what their other sessions hold. */
export async function sessionFolderCap(deps: QuotaDeps, session: QuotaSession): Promise<number> {
  return Math.max(0, deps.folderCap - (await otherSessionsBytes(deps, session)));
}

/** Bytes of the archives waiting in the folder (they are removed once unpacked). */
async function archiveBytes(dir: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names)
    if (name.toLowerCase().endsWith('.zip')) total += (await stat(path.join(dir, name))).size;
  return total;
}

/** Unzip limits whose total fits in what is left of the user's cap. */
export async function unzipLimitsFor(
  deps: QuotaDeps,
  session: QuotaSession,
  dir: string,
): Promise<UnzipLimits> {
  const cap = await sessionFolderCap(deps, session);
  const kept = (await folderSize(dir)) - (await archiveBytes(dir));
  const room = Math.max(0, cap - kept);
  return { ...deps.unzip, maxTotalBytes: Math.min(deps.unzip.maxTotalBytes, room) };
}
