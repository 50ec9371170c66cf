// The file `whatsapp send --file` sends (gateway/whatsapp/README.md §4.0): read from disk, its
// MIME type from --mime or from the extensions the Cloud API lists under "Supported media types".
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args.js';

/** MIME types of the file names WhatsApp takes (Cloud API "Supported media types"). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export async function fileContent(
  file: string,
  mime: string | undefined,
): Promise<{ fileName: string; mime: string; content: Buffer }> {
  const fileName = path.basename(file);
  const type = mime ?? MIME_BY_EXTENSION[path.extname(fileName).slice(1).toLowerCase()];
  if (!type) throw new UsageError(`--mime is needed: the type of ${fileName} is not known`);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    throw new UsageError(`--file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { fileName, mime: type, content };
}
