// A file 1C sends again byte for byte (a scheduled full unload of an unchanged catalog, a run
// repeated after an error on 1C's side) was already read to its last byte and checked by the
// check pass of catalog-import.ts. Its findings are kept under the file's SHA-256, so the repeat
// skips that pass: identical bytes parse identically, so a truncated or hostile file still never
// reaches the write pass. The currency check itself is redone every time, since the CRM's
// currencies may have changed in between.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { SettingsRepository } from '../../store/settings.js';
import { notUploaded } from '../../formats/commerceml/cml-stream.js';

export interface CheckedFile {
  readonly priceTypes: ReadonlyMap<string, string>;
  readonly currencies: ReadonlySet<string>;
  readonly warehouses: ReadonlyMap<string, string>;
  /** ЕдиницаИзмерения Код → НаименованиеКраткое (3.1 Классификатор). */
  readonly units: ReadonlyMap<string, string>;
}

interface Stored {
  digest: string;
  priceTypes: [string, string][];
  currencies: string[];
  warehouses: [string, string][];
  units?: [string, string][];
}

const KEY = 'commerceml.verified-files';
/** The latest files only: enough for the packages of a few unloads, bounded in the settings table. */
const KEEP = 16;

export async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
      hash.update(chunk as Buffer);
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') throw notUploaded(file);
    throw err;
  }
  return hash.digest('hex');
}

export async function findChecked(
  settings: SettingsRepository,
  digest: string,
): Promise<CheckedFile | null> {
  // Entries kept before units were collected lack them: the file is checked again once.
  const found = (await settings.get<Stored[]>(KEY, [])).find(
    (s) => s.digest === digest && s.units !== undefined,
  );
  return found
    ? {
        priceTypes: new Map(found.priceTypes),
        currencies: new Set(found.currencies),
        warehouses: new Map(found.warehouses),
        units: new Map(found.units),
      }
    : null;
}

export async function rememberChecked(
  settings: SettingsRepository,
  digest: string,
  checked: CheckedFile,
): Promise<void> {
  const entry: Stored = {
    digest,
    priceTypes: [...checked.priceTypes],
    currencies: [...checked.currencies],
    warehouses: [...checked.warehouses],
    units: [...checked.units],
  };
  const rest = (await settings.get<Stored[]>(KEY, [])).filter((s) => s.digest !== digest);
  await settings.set(KEY, [entry, ...rest].slice(0, KEEP));
}
