// The running version, read once from package.json (works from sources and from dist/).
import { readFileSync } from 'node:fs';

function findPackageJson(): { version: string; name: string } {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      return JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        version: string;
        name: string;
      };
    } catch {
      // try the next location
    }
  }
  return { version: '0.0.0', name: 'gateway' };
}

export const PACKAGE = findPackageJson();
export const VERSION = PACKAGE.version;
