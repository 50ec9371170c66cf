// Reading a webform submission (gateway/webforms/README.md §4.2): urlencoded, JSON or
// multipart bodies with hard limits on the whole body, each field, the number of parts and
// files and each file's size (busboy `limits`), into one plain shape. A file over its limit or
// of a type not allowed stops the read with a clear error before anything is stored.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { GatewayError } from '../../store/errors.js';
import type { InboxFile } from '../../store/webforms/types.js';
import { readBody } from '../http-body.js';
import { checkFile, safeFileName } from './file-types.js';

export type FieldMap = Record<string, string[]>;

export interface ParsedSubmission {
  readonly format: 'urlencoded' | 'json' | 'multipart';
  readonly fields: FieldMap;
  readonly files: readonly InboxFile[];
}

export interface BodyLimits {
  readonly fieldBytes: number;
  readonly fileBytes: number;
  /** Files this form accepts; 0 refuses any file. */
  readonly files: number;
  readonly fileTypes: readonly string[];
}

function add(map: FieldMap, name: string, value: string): void {
  if (name === '__proto__' || name.length > 100) return;
  (map[name] ??= []).push(value);
}

function fromJson(body: Buffer): FieldMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new GatewayError('invalid_input', 'The body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new GatewayError('invalid_input', 'The body must be a JSON object');
  const map: FieldMap = {};
  for (const [name, value] of Object.entries(parsed)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
        add(map, name, String(item));
    }
  }
  return map;
}

function fromUrlencoded(body: Buffer): FieldMap {
  const map: FieldMap = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) add(map, k, v);
  return map;
}

/** Everything after the fields: the most a multipart body may carry in total. */
export function multipartLimit(limits: BodyLimits): number {
  return limits.fieldBytes + limits.files * (limits.fileBytes + 8192) + 65_536;
}

/** `sink` receives multipart fields as they arrive, so a refused file still leaves the typed values. */
export async function readSubmission(
  req: IncomingMessage,
  contentType: string,
  limits: BodyLimits,
  sink: FieldMap = {},
): Promise<ParsedSubmission> {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded')
    return {
      format: 'urlencoded',
      fields: fromUrlencoded(await readBody(req, limits.fieldBytes)),
      files: [],
    };
  if (type === 'application/json')
    return { format: 'json', fields: fromJson(await readBody(req, limits.fieldBytes)), files: [] };
  if (type === 'multipart/form-data') return readMultipart(req, limits, sink);
  req.resume();
  throw new GatewayError(
    'unsupported',
    'Send the form as application/x-www-form-urlencoded, multipart/form-data or application/json',
  );
}

function readMultipart(
  req: IncomingMessage,
  limits: BodyLimits,
  fields: FieldMap,
): Promise<ParsedSubmission> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > multipartLimit(limits)) {
    req.resume();
    return Promise.reject(
      new GatewayError(
        'too_large',
        `The submission of ${declared} bytes exceeds the limit of ${multipartLimit(limits)} bytes`,
      ),
    );
  }
  return new MultipartRead(req, limits, fields).result;
}

/** One multipart body through busboy: the first limit crossed ends the read with its error. */
class MultipartRead {
  readonly result: Promise<ParsedSubmission>;
  private readonly files: InboxFile[] = [];
  private readonly pending: Promise<void>[] = [];
  private fieldBytes = 0;
  private failed = false;
  private parser: busboy.Busboy | null = null;
  private resolve: (value: ParsedSubmission) => void = () => undefined;
  private reject: (err: GatewayError) => void = () => undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limits: BodyLimits,
    private readonly fields: FieldMap,
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    try {
      this.parser = busboy({
        headers: req.headers,
        limits: {
          fieldNameSize: 100,
          fieldSize: limits.fieldBytes,
          fields: 200,
          files: limits.files,
          fileSize: limits.fileBytes,
          parts: 200 + limits.files,
        },
      });
    } catch {
      this.fail(new GatewayError('invalid_input', 'The multipart body has no boundary'));
      return;
    }
    this.listen(this.parser);
    // A visitor who goes away mid-upload must not leave the read waiting for ever.
    req.once('close', () => {
      if (!req.complete) this.fail(new GatewayError('invalid_input', 'The upload was interrupted'));
    });
    req.pipe(this.parser);
  }

  private listen(parser: busboy.Busboy): void {
    const { limits } = this;
    parser.on('field', (name, value, info) => this.field(name, value, info.valueTruncated));
    parser.on('file', (_name, stream, info) => {
      this.pending.push(
        collectFile(stream, info.filename, limits).then(
          (file) => {
            if (file) this.files.push(file);
          },
          (err: unknown) => {
            stream.resume();
            this.fail(
              err instanceof GatewayError ? err : new GatewayError('invalid_input', String(err)),
            );
          },
        ),
      );
    });
    parser.on('filesLimit', () =>
      this.fail(
        limits.files === 0
          ? new GatewayError('invalid_input', 'This form does not accept files')
          : new GatewayError('too_large', `At most ${limits.files} files may be attached`),
      ),
    );
    parser.on('fieldsLimit', () =>
      this.fail(new GatewayError('too_large', 'Too many form fields')),
    );
    parser.on('partsLimit', () => this.fail(new GatewayError('too_large', 'Too many form parts')));
    parser.on('error', (err: Error) =>
      this.fail(
        new GatewayError('invalid_input', `The multipart body is malformed: ${err.message}`),
      ),
    );
    parser.on('close', () => {
      void Promise.all(this.pending).then(() => {
        if (!this.failed)
          this.resolve({ format: 'multipart', fields: this.fields, files: this.files });
      });
    });
  }

  private field(name: string, value: string, truncated: boolean): void {
    this.fieldBytes += value.length;
    if (truncated || this.fieldBytes > this.limits.fieldBytes)
      return this.fail(
        new GatewayError('too_large', `The form fields exceed ${this.limits.fieldBytes} bytes`),
      );
    add(this.fields, name, value);
  }

  private fail(err: GatewayError): void {
    if (this.failed) return;
    this.failed = true;
    if (this.parser) this.req.unpipe(this.parser);
    this.req.resume();
    this.reject(err);
  }
}

async function collectFile(
  stream: NodeJS.ReadableStream & { truncated?: boolean },
  rawName: string | undefined,
  limits: BodyLimits,
): Promise<InboxFile | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  stream.on('limit', () => {
    truncated = true;
  });
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    chunks.push(buf);
  }
  const fileName = safeFileName(rawName ?? '');
  // An empty file input is sent as a part with no name and no bytes: nothing was attached.
  if (!rawName && size === 0) return null;
  if (truncated || stream.truncated)
    throw new GatewayError(
      'too_large',
      `${fileName} is larger than ${Math.floor(limits.fileBytes / 1024)} KB`,
    );
  const content = Buffer.concat(chunks);
  const checked = checkFile(fileName, content, limits.fileTypes);
  if ('error' in checked)
    throw new GatewayError('invalid_input', checked.error, { field: 'attachment' });
  return {
    fileName,
    mime: checked.mime,
    size,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}
