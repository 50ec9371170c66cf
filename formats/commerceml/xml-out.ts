// Streaming XML output for the CommerceML writers (XML 1.0 §2.2 Char, §2.4 character data,
// §3.3.3 attribute-value normalization, §4.1 character references; the КоммерческаяИнформация
// documents of the CommerceML 2.08/2.10 schemas). Text is escaped and buffered as a string and
// handed on, encoded, in chunks of about 64 KB; the caller awaits `flush()` between items, so a
// document of 100,000 products holds one chunk in memory, never the document
// (test/formats/commerceml/catalog-stream.test.ts measures it).
//
// The serializer is a string writer rather than xmlbuilder2's callback builder because that
// builder allocates a DOM fragment for every ele()/txt() call: about 190 times slower on a
// catalog (minutes for 100,000 products), which the stream test would not allow.
//
// Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF; lone
// surrogates) are dropped. CR is written as &#xD; and, in attributes, tab and LF as references,
// so a reader gets back exactly the value written. In windows-1251 output a character outside
// the code page is written as a numeric character reference (`unencodable: 'reference'`, the
// default: lossless, and any XML parser reads it back) or refused with a GatewayError naming
// the character and the element (`unencodable: 'error'`).
import type { Writable } from 'node:stream';
import iconv from 'iconv-lite';
import { GatewayError } from '../../store/errors.js';

export type CmlEncoding = 'utf-8' | 'windows-1251';

export interface OutputOptions {
  /** Default 'utf-8'. The XML declaration names the encoding the bytes are in. */
  readonly encoding?: CmlEncoding;
  /** windows-1251 only: what to do with a character outside the code page. Default 'reference'. */
  readonly unencodable?: 'reference' | 'error';
  /** UTF-8 only: start with a byte order mark, as 1C's own files do. Default false. */
  readonly bom?: boolean;
}

/** Takes one encoded chunk; resolves once the consumer can take the next (backpressure). */
export type ByteSink = (chunk: Buffer) => Promise<void>;

export type Attrs = Readonly<Record<string, string>>;

const CHUNK = 64 * 1024;
const INVALID =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTR_SPECIAL = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
};
const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};

/** Every character windows-1251 has a byte for, as a "not one of these" class (0x98 has none). */
function outsideCp1251(): RegExp {
  const high = [
    ...iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), 'win1251'),
  ]
    .filter((c) => c !== '\uFFFD')
    .map((c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`)
    .join('');
  return new RegExp(`[^\\x00-\\x7F${high}]`, 'gu');
}

let cp1251Outside: RegExp | null = null;

function escape(value: string, special: RegExp, table: Readonly<Record<string, string>>): string {
  if (!special.test(value)) return value;
  return value.replace(INVALID, '').replace(/[&<>"\t\n\r]/g, (c) => table[c] ?? c);
}

export class XmlOut {
  private buf = '';
  private readonly open: string[] = [];
  private readonly outside: RegExp | null;
  private readonly encoder: { write(s: string): Buffer } | null;

  constructor(
    private readonly sink: ByteSink,
    private readonly options: OutputOptions = {},
  ) {
    const cp1251 = options.encoding === 'windows-1251';
    this.outside = cp1251 ? (cp1251Outside ??= outsideCp1251()) : null;
    this.encoder = cp1251 ? iconv.getEncoder('win1251') : null;
    if (!cp1251 && options.bom) this.buf = '\uFEFF';
    this.buf += `<?xml version="1.0" encoding="${cp1251 ? 'windows-1251' : 'UTF-8'}"?>\n`;
  }

  /** `<name a="…">` on a line of its own; children follow until `close()`. */
  start(name: string, attrs?: Attrs): this {
    this.buf += `${this.indent()}<${name}${this.attrs(name, attrs)}>\n`;
    this.open.push(name);
    return this;
  }

  close(): this {
    const name = this.open.pop();
    if (name === undefined)
      throw new GatewayError('internal', 'XML writer: close() without start()');
    this.buf += `${this.indent()}</${name}>\n`;
    return this;
  }

  /** `<name>text</name>`, or `<name/>` for an empty text. */
  leaf(name: string, text: string, attrs?: Attrs): this {
    const body = this.text(name, text);
    const a = this.attrs(name, attrs);
    this.buf +=
      body === ''
        ? `${this.indent()}<${name}${a}/>\n`
        : `${this.indent()}<${name}${a}>${body}</${name}>\n`;
    return this;
  }

  /** A leaf only when there is a value: undefined, null and '' write nothing. */
  optional(name: string, text: string | null | undefined): this {
    return text === undefined || text === null || text === '' ? this : this.leaf(name, text);
  }

  /** Hands the buffered text on once it is a chunk's worth (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.buf.length < CHUNK && !(force && this.buf.length > 0)) return;
    const text = this.buf;
    this.buf = '';
    await this.sink(this.encoder ? this.encoder.write(text) : Buffer.from(text, 'utf8'));
  }

  /** Closes what is still open and hands on the rest. */
  async end(): Promise<void> {
    while (this.open.length > 0) this.close();
    await this.flush(true);
  }

  private indent(): string {
    return '\t'.repeat(this.open.length);
  }

  private attrs(element: string, attrs: Attrs | undefined): string {
    if (!attrs) return '';
    let out = '';
    for (const [k, v] of Object.entries(attrs))
      out += ` ${k}="${this.encodable(element, escape(v, ATTR_SPECIAL, ATTR_ESCAPES))}"`;
    return out;
  }

  private text(element: string, value: string): string {
    return this.encodable(element, escape(value, TEXT_SPECIAL, TEXT_ESCAPES));
  }

  private encodable(element: string, value: string): string {
    const outside = this.outside;
    if (outside === null) return value;
    outside.lastIndex = 0;
    if (!outside.test(value)) return value;
    outside.lastIndex = 0;
    return value.replace(outside, (c) => {
      const cp = c.codePointAt(0) ?? 0;
      if (this.options.unencodable === 'error')
        throw new GatewayError(
          'invalid_input',
          `<${element}>: character U+${cp.toString(16).toUpperCase().padStart(4, '0')} "${c}" has no windows-1251 byte; write the document in UTF-8 or choose unencodable: 'reference'`,
          { field: element },
        );
      return `&#x${cp.toString(16).toUpperCase()};`;
    });
  }
}

/** A sink into a Node stream that waits for 'drain' when the stream's buffer is full. */
export function writableSink(out: Writable): ByteSink {
  return (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed || out.writableEnded) {
        reject(
          new GatewayError('unavailable', 'the output stream was closed before the document ended'),
        );
        return;
      }
      if (out.write(chunk)) {
        resolve();
        return;
      }
      const done = (err?: Error): void => {
        out.off('drain', onDrain).off('error', onError).off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = (): void => done();
      const onError = (err: Error): void => done(err);
      const onClose = (): void =>
        done(
          new GatewayError('unavailable', 'the output stream was closed before the document ended'),
        );
      out.on('drain', onDrain).on('error', onError).on('close', onClose);
    });
}
