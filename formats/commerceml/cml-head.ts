// What import.xml and offers.xml share (CommerceML 2.08/2.10 schema): the root
// КоммерческаяИнформация with ВерсияСхемы and ДатаФормирования in the namespace
// urn:1C.ru:commerceml_2, the Контрагент blocks (Владелец, Изготовитель) written as a legal
// entity (РеквизитыЮрЛица: ОфициальноеНаименование, ИНН, КПП), and running a document into a
// Node stream or out of one.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { writableSink, XmlOut, type OutputOptions } from './xml-out.js';

export type SchemaVersion = '2.05' | '2.08' | '2.10';

export interface CmlWriteOptions extends OutputOptions {
  /** ВерсияСхемы; default '2.08'. The catalog elements are the same in both schemas. */
  readonly schemaVersion?: SchemaVersion;
  /** ДатаФормирования, written as YYYY-MM-DDTHH:MM:SS in UTC. */
  readonly generatedAt: Date;
}

/** A Контрагент: Владелец of a catalog or package, Изготовитель of a product. */
export interface CmlParty {
  readonly id?: string;
  readonly name: string;
  /** ОфициальноеНаименование; the name when absent (the schema requires one). */
  readonly officialName?: string;
  readonly inn?: string;
  readonly kpp?: string;
}

/** Items of a large list (products, offers): an array, a generator or an async generator. */
export type ItemSource<T> = Iterable<T> | AsyncIterable<T>;

export const NAMESPACE = 'urn:1C.ru:commerceml_2';

export function party(x: XmlOut, element: string, p: CmlParty): void {
  x.start(element)
    .optional('Ид', p.id)
    .leaf('Наименование', p.name)
    .leaf('ОфициальноеНаименование', p.officialName || p.name)
    .optional('ИНН', p.inn)
    .optional('КПП', p.kpp)
    .close();
}

function openRoot(x: XmlOut, options: CmlWriteOptions): void {
  x.start('КоммерческаяИнформация', {
    xmlns: NAMESPACE,
    ВерсияСхемы: options.schemaVersion ?? '2.08',
    ДатаФормирования: options.generatedAt.toISOString().slice(0, 19),
  });
}

export type DocumentBody = (x: XmlOut) => Promise<void>;

async function emit(out: Writable, options: CmlWriteOptions, body: DocumentBody): Promise<void> {
  const x = new XmlOut(writableSink(out), options);
  openRoot(x, options);
  await body(x);
  await x.end();
}

/** Writes one КоммерческаяИнформация into `out`, ends it and resolves once it has finished. */
export async function writeDocument(
  out: Writable,
  options: CmlWriteOptions,
  body: DocumentBody,
): Promise<void> {
  try {
    await emit(out, options, body);
  } catch (err) {
    // Closed without an 'error' event: the caller gets the error from this promise, once the
    // stream has let go of its file or socket.
    out.destroy();
    await finished(out).catch(() => undefined);
    throw err;
  }
  out.end();
  await finished(out, { readable: false });
}

/** The same document as a readable stream of encoded chunks (also an async iterable of Buffers); a failure errors the stream. */
export function documentStream(options: CmlWriteOptions, body: DocumentBody): Readable {
  const pass = new PassThrough();
  emit(pass, options, body).then(
    () => pass.end(),
    (err: unknown) => pass.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return pass;
}
