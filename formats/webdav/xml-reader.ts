// The one XML reader of WebDAV bodies (RFC 4918 §14), over saxes as a stream of namespaced
// open, text and close events. A DOCTYPE is refused outright: WebDAV bodies never need one, and
// refusing it shuts out XXE and entity-expansion bombs (RFC 4918 §20.6). Nesting is capped.
import { SaxesParser } from 'saxes';

export interface XmlEvents {
  open(ns: string, name: string, attrs: Readonly<Record<string, string>>, depth: number): void;
  text(text: string): void;
  /** `depth` is the depth of the closed element's parent (0 for the root). */
  close(depth: number): void;
}

const MAX_DEPTH = 40;

/** Reads the whole body; returns what went wrong, or null. */
export function readXml(body: string, events: XmlEvents): Error | null {
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('doctype', () => {
    failure ??= new Error('DOCTYPE is not allowed');
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attrs[a.local] = a.value;
    depth++;
    if (depth > MAX_DEPTH) failure ??= new Error('XML nested too deeply');
    events.open(tag.uri ?? '', tag.local ?? tag.name, attrs, depth);
  });
  parser.on('text', (t) => events.text(t));
  parser.on('closetag', () => {
    depth--;
    events.close(depth);
  });
  try {
    parser.write(body).close();
  } catch (err) {
    failure ??= err instanceof Error ? err : new Error(String(err));
  }
  return failure;
}
