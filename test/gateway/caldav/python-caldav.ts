// python3-caldav from Debian as a CalDAV client (scripts/test-peers.sh installs it) and the smoke
// script the tests run with it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// Debian's modules load under /usr/bin/python3; a pyenv shim first on PATH would not see them.
export const PYTHON = '/usr/bin/python3';
export const SCRIPT = fileURLToPath(new URL('./python-caldav-smoke.py', import.meta.url));

export async function hasCaldav(): Promise<boolean> {
  if (!existsSync(PYTHON)) return false;
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import caldav'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
