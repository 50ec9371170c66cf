// Request bodies of PROPFIND, PROPPATCH and REPORT (RFC 4918 §14, RFC 4791 §9) read with the one
// XML reader (xml-reader.ts: saxes, DOCTYPE refused) into a small namespaced tree.
import { GatewayError } from '../../store/errors.js';
import { readXml } from './xml-reader.js';

export { CALDAV_NS, CARDDAV_NS, CS_NS, DAV_NS, ICAL_NS } from './namespaces.js';

export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** The body's root element, or null for an empty body; never throws on DOCTYPE-free XML. */
export function tryParseXml(body: string): { root: XmlElement | null; failure: Error | null } {
  if (body.trim() === '') return { root: null, failure: null };
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const failure = readXml(body, {
    open(ns, name, attrs) {
      const el: XmlElement = { ns, name, attrs, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else root = el;
      stack.push(el);
    },
    text(t) {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    },
    close() {
      stack.pop();
    },
  });
  return { root, failure };
}

export function parseXml(body: string): XmlElement | null {
  const { root, failure } = tryParseXml(body);
  if (failure) throw new GatewayError('invalid_input', `Malformed XML body: ${failure.message}`);
  return root;
}

export function child(el: XmlElement, ns: string, name: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.name === name);
}

export function children(el: XmlElement, ns: string, name: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.name === name);
}
