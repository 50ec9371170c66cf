// Unpacking the archive 1C sends with zip=yes (gateway/commerceml/README.md §1.3, §1.4 step 2:
// unpacked at the first `mode=import`, never per chunk). Entry names go through safeRelative (zip
// slip), and the uncompressed total, the entry count and the compression ratio are capped (zip
// bombs): the caps are checked on the bytes actually inflated, not on the sizes the archive claims.
// An archive that fails empties the session's folder at once: the run has failed, 1C starts
// over with init (which wipes the folder anyway), and partly inflated files must not sit on disk
// until the 24 h prune (§6.3).
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { GatewayError } from '../errors.js';
import { clearDir, resolveIn } from './work-dir.js';

export interface UnzipLimits {
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  readonly maxRatio: number;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => {
      if (err)
        reject(new GatewayError('invalid_input', `not a readable zip archive: ${err.message}`));
      else resolve(zip);
    });
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) =>
      err
        ? reject(
            new GatewayError('invalid_input', `broken zip entry ${entry.fileName}: ${err.message}`),
          )
        : resolve(stream),
    );
  });
}

/** Stops inflating as soon as the running total passes the archive's cap. */
function counter(state: { total: number }, limits: UnzipLimits, compressed: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.total += chunk.length;
      if (state.total > limits.maxTotalBytes)
        done(
          new GatewayError(
            'too_large',
            `zip archive unpacks to more than ${limits.maxTotalBytes} bytes`,
          ),
        );
      else if (state.total > 1_000_000 && state.total > compressed * limits.maxRatio)
        done(
          new GatewayError('too_large', `zip archive compression ratio above ${limits.maxRatio}`),
        );
      else done(null, chunk);
    },
  });
}

async function extractAll(
  zip: yauzl.ZipFile,
  dir: string,
  limits: UnzipLimits,
  compressed: number,
): Promise<string[]> {
  const state = { total: 0 };
  const names: string[] = [];
  return new Promise<string[]>((resolve, reject) => {
    const fail = (err: unknown): void => {
      zip.close();
      reject(
        err instanceof GatewayError
          ? err
          : new GatewayError(
              'invalid_input',
              `zip archive refused: ${err instanceof Error ? err.message : String(err)}`,
            ),
      );
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(names));
    zip.on('entry', (entry: yauzl.Entry) => {
      void (async () => {
        if (names.length >= limits.maxEntries)
          throw new GatewayError(
            'too_large',
            `zip archive has more than ${limits.maxEntries} entries`,
          );
        const target = resolveIn(dir, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          await mkdir(target, { recursive: true });
          zip.readEntry();
          return;
        }
        await mkdir(path.dirname(target), { recursive: true });
        await pipeline(
          await entryStream(zip, entry),
          counter(state, limits, compressed),
          createWriteStream(target),
        );
        names.push(path.relative(dir, target));
        zip.readEntry();
      })().catch(fail);
    });
    zip.readEntry();
  });
}

/** Unpacks every *.zip in the folder into the folder, then removes the archives. */
export async function unpackArchives(dir: string, limits: UnzipLimits): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.filter((n) => n.toLowerCase().endsWith('.zip'))) {
    const file = path.join(dir, name);
    try {
      const zip = await openZip(file);
      const { size } = await stat(file);
      out.push(...(await extractAll(zip, dir, limits, size)));
    } catch (err) {
      await clearDir(dir);
      throw err;
    }
    await rm(file, { force: true });
  }
  return out;
}
