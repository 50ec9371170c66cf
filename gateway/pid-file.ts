// A pid file in the data directory tells the command line that a gateway is using this SQLite
// database, so `restore` refuses to swap the file under a running server.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const NAME = 'gateway.pid';

export function writePidFile(dataDir: string): void {
  writeFileSync(path.join(dataDir, NAME), String(process.pid));
}

export function removePidFile(dataDir: string): void {
  try {
    if (readFileSync(path.join(dataDir, NAME), 'utf8').trim() === String(process.pid))
      rmSync(path.join(dataDir, NAME), { force: true });
  } catch {
    // already gone
  }
}

/** The pid of a live gateway on this data directory, or null. */
export function runningGatewayPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, NAME), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
