// The one XML reader of WebDAV bodies (RFC 4918 §14), over saxes as a stream of namespaced
// open, text and close events. A DOCTYPE is refused outright: WebDAV bodies never need one, and
// refusing it shuts out XXE and entity-expansion bombs (RFC 4918 §20.6).
//
// One body must not hold the event loop (gateway/dav/README.md, "Limits"): nesting past
// MAX_XML_DEPTH throws from the open-tag handler, which stops saxes on that very tag, and so does
// any other error. Namespaces are resolved here rather than by saxes, whose lookup walks every
// open element (quadratic in depth): each element's in-scope prefixes are one Map, shared with its
// parent unless it declares some (Namespaces in XML 1.0 §6.1), so a lookup is one Map read.
import { SaxesParser } from 'saxes';

export interface XmlEvents {
  open(ns: string, name: string, attrs: Readonly<Record<string, string>>, depth: number): void;
  text(text: string): void;
  /** `depth` is the depth of the closed element's parent (0 for the root). */
  close(depth: number): void;
}

/** Deepest element accepted; WebDAV and CalDAV bodies need about ten levels (RFC 4791 §9.7). */
export const MAX_XML_DEPTH = 40;

type Scope = ReadonlyMap<string, string>;

// Namespaces in XML 1.0 §3: the `xml` prefix is always bound.
const ROOT_SCOPE: Scope = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

function split(qname: string): readonly [prefix: string, local: string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

/** The scope of an element: its parent's, plus the element's own xmlns declarations. */
function scopeOf(parent: Scope, attributes: Readonly<Record<string, string>>): Scope {
  let own: Map<string, string> | null = null;
  for (const [name, value] of Object.entries(attributes)) {
    const [prefix, local] = split(name);
    if (name !== 'xmlns' && prefix !== 'xmlns') continue;
    const declared = name === 'xmlns' ? '' : local;
    // §3 "Prefixed namespace names MUST NOT be empty".
    if (declared !== '' && value === '')
      throw new Error(`namespace prefix ${declared} declared empty`);
    own ??= new Map(parent);
    own.set(declared, value);
  }
  return own ?? parent;
}

function resolve(scope: Scope, prefix: string): string {
  const uri = scope.get(prefix);
  if (uri !== undefined) return uri;
  if (prefix === '') return '';
  throw new Error(`unbound namespace prefix: ${prefix}`);
}

/** Reads the whole body; returns what went wrong, or null. */
export function readXml(body: string, events: XmlEvents): Error | null {
  // Without an 'error' handler saxes throws its errors, which stops the parse where they occur.
  const parser = new SaxesParser({ xmlns: false });
  const scopes: Scope[] = [ROOT_SCOPE];
  parser.on('doctype', () => {
    throw new Error('DOCTYPE is not allowed');
  });
  parser.on('opentag', (tag) => {
    const depth = scopes.length;
    if (depth > MAX_XML_DEPTH) throw new Error(`XML nested deeper than ${MAX_XML_DEPTH} elements`);
    const scope = scopeOf(scopes[depth - 1] ?? ROOT_SCOPE, tag.attributes);
    scopes.push(scope);
    const attrs: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) {
      const [prefix, local] = split(name);
      if (name === 'xmlns' || prefix === 'xmlns') continue;
      // Unprefixed attributes are in no namespace (§6.2); a prefixed one must be bound.
      if (prefix !== '') resolve(scope, prefix);
      attrs[local] = value;
    }
    const [prefix, local] = split(tag.name);
    events.open(resolve(scope, prefix), local, attrs, depth);
  });
  parser.on('text', (t) => events.text(t));
  parser.on('closetag', () => {
    scopes.pop();
    events.close(scopes.length - 1);
  });
  try {
    parser.write(body).close();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  return null;
}
