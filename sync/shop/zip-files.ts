// One archive of the exchange files, as 1C sends it when the shop said zip=yes
// (sync/shop/README.md §3): the XML files at the root, streamed from disk into the archive.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export async function zipFiles(
  out: string,
  entries: readonly { readonly file: string; readonly name: string }[],
): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addFile(e.file, e.name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}
