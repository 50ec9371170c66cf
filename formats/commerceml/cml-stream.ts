// Streaming CommerceML reader (gateway/commerceml/README.md §2.1, §2.5): the file is decoded per
// its BOM or XML declaration (UTF-8 with/without BOM, windows-1251) and fed to saxes chunk by
// chunk; only the small subtrees a caller asks for (one Товар, one Предложение, one Группа head)
// are built, never the whole document. Namespaces are ignored: elements are matched by local name,
// since 1C writes none, urn:1C.ru:commerceml_2, _210 or _3. A DOCTYPE is refused outright, so no
// entity (external or internal, XXE or "billion laughs") is ever declared or expanded.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { GatewayError } from '../../store/errors.js';

export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  text: string;
  readonly children: XmlNode[];
}

export interface StreamEvent {
  /** Local names from the root to this element, the element included. */
  readonly path: readonly string[];
  readonly node: XmlNode;
}

/** Which elements to hand out whole: called with the path of every opening element. */
export type Selector = (path: readonly string[]) => boolean;

export type Decoder = { write(b: Buffer): string; end(): string };

const MAX_SUBTREE_NODES = 50_000;
/**
 * Deepest element accepted. A real file is about 10 levels deep plus two per level of its group
 * tree; past this a file only makes the reader's per-element path work and the recursive group
 * walk (catalog-items.ts flattenGroups) grow with it, so the parse stops on that tag.
 */
export const MAX_CML_DEPTH = 200;

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Strict UTF-8: a windows-1251 file without its declaration reads as broken UTF-8 (§2.5), and is
 * refused rather than stored as mojibake. TextDecoder checks as it decodes, at no extra pass.
 */
function utf8Decoder(): Decoder {
  const td = new TextDecoder('utf-8', { fatal: true });
  const run = (decode: () => string, message: string): string => {
    try {
      return decode();
    } catch {
      throw new GatewayError('invalid_input', message);
    }
  };
  return {
    write: (b) =>
      run(
        () => td.decode(b, { stream: true }),
        'the file is not valid UTF-8; a windows-1251 file must declare encoding="windows-1251"',
      ),
    // Bytes left over at the end are half a character: the file was cut short.
    end: () =>
      run(() => td.decode(), 'broken XML: the file ends in the middle of a character (truncated)'),
  };
}

/** §2.5: BOM first, then the declared encoding; UTF-8 when nothing is said. */
export function decoderFor(head: Buffer): Decoder {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return utf8Decoder();
  const decl = /encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(
    head.subarray(0, 200).toString('latin1'),
  );
  const label = (decl?.[1] ?? 'utf-8').toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return utf8Decoder();
  if (!iconv.encodingExists(label))
    throw new GatewayError('unsupported', `unsupported XML encoding: ${label}`);
  const d = iconv.getDecoder(label);
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

interface Builder {
  readonly path: string[];
  readonly open: XmlNode[];
  depthOfCapture: number;
  nodes: number;
  readonly out: StreamEvent[];
}

function wire(
  parser: SaxesParser,
  b: Builder,
  select: Selector,
  onOpen?: (path: readonly string[], attrs: Record<string, string>) => void,
): void {
  parser.on('doctype', () => {
    throw new GatewayError(
      'invalid_input',
      'DOCTYPE/DTD refused: CommerceML files carry none (XXE and entity expansion guard)',
    );
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (b.path.length >= MAX_CML_DEPTH)
      throw new GatewayError(
        'invalid_input',
        `broken XML: elements nested deeper than ${MAX_CML_DEPTH} elements (at ${name})`,
      );
    b.path.push(name);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[localName(k)] = v;
    onOpen?.(b.path, attrs);
    if (b.open.length === 0 && !select(b.path)) return;
    if (++b.nodes > MAX_SUBTREE_NODES)
      throw new GatewayError('too_large', `element ${name} is too large`);
    const node: XmlNode = { name, attrs, text: '', children: [] };
    b.open.at(-1)?.children.push(node);
    if (b.open.length === 0) b.depthOfCapture = b.path.length;
    b.open.push(node);
  });
  const onText = (t: string): void => {
    const cur = b.open.at(-1);
    if (cur) cur.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (b.open.length > 0) {
      const node = b.open.pop() as XmlNode;
      node.text = node.text.trim();
      if (b.open.length === 0) {
        b.out.push({ path: [...b.path], node });
        b.nodes = 0;
      }
    }
    b.path.pop();
  });
}

export interface ReadOptions {
  readonly select: Selector;
  readonly onOpen?: (path: readonly string[], attrs: Record<string, string>) => void;
  readonly onBatch: (events: StreamEvent[]) => Promise<void>;
  readonly onProgress?: (fraction: number) => Promise<void>;
}

export function notUploaded(file: string): GatewayError {
  return new GatewayError(
    'not_found',
    `file ${file.split('/').pop() ?? ''} was not uploaded in this exchange`,
  );
}

/** Parses the whole file; throws GatewayError('invalid_input') on any XML error (truncation included). */
export async function readCml(file: string, options: ReadOptions): Promise<void> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw notUploaded(file);
    },
  );
  const parser = new SaxesParser({ xmlns: false, position: true });
  const b: Builder = { path: [], open: [], depthOfCapture: 0, nodes: 0, out: [] };
  wire(parser, b, options.select, options.onOpen);
  let decoder: Decoder | null = null;
  let read = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      const buf = chunk as Buffer;
      decoder ??= decoderFor(buf);
      read += buf.length;
      const text = decoder.write(buf);
      parser.write(read === buf.length ? text.replace(/^\uFEFF/, '') : text);
      await flush(b, options);
      await options.onProgress?.(size === 0 ? 1 : read / size).catch((err: unknown) => {
        throw new CallerFailure('stopped', { cause: err });
      });
    }
    parser.write(decoder?.end() ?? '');
    parser.close();
  } catch (err) {
    if (err instanceof CallerFailure) throw err.cause;
    if (err instanceof GatewayError) throw err;
    throw new GatewayError(
      'invalid_input',
      `broken XML in ${file.split('/').pop() ?? 'file'}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  await flush(b, options).catch((err: unknown) => {
    throw err instanceof CallerFailure ? err.cause : err;
  });
}

/** A failure of the caller's handlers (a write, a stop), kept apart from XML errors so it is not reported as broken XML. */
class CallerFailure extends Error {}

async function flush(b: Builder, options: ReadOptions): Promise<void> {
  if (b.out.length === 0) return;
  const events = b.out.splice(0, b.out.length);
  try {
    await options.onBatch(events);
  } catch (err) {
    throw new CallerFailure('batch failed', { cause: err });
  }
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childText(node: XmlNode, name: string): string {
  return child(node, name)?.text ?? '';
}

export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}
