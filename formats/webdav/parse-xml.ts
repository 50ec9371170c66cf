// Request bodies of PROPFIND, PROPPATCH and REPORT (RFC 4918 §14, RFC 4791 §9) parsed with saxes
// into a small namespaced tree. A DOCTYPE is refused outright: WebDAV bodies never need one, and
// refusing it shuts out XXE and entity-expansion bombs (RFC 4918 §20.6).
import { SaxesParser } from 'saxes';
import { GatewayError } from '../../store/errors.js';

export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export const DAV_NS = 'DAV:';
export const CALDAV_NS = 'urn:ietf:params:xml:ns:caldav';
export const CS_NS = 'http://calendarserver.org/ns/';
export const ICAL_NS = 'http://apple.com/ns/ical/';

const MAX_DEPTH = 40;

export function parseXml(body: string): XmlElement | null {
  if (body.trim() === '') return null;
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
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
    const el: XmlElement = {
      ns: tag.uri ?? '',
      name: tag.local ?? tag.name,
      attrs,
      children: [],
      text: '',
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
    if (stack.length > MAX_DEPTH) failure ??= new Error('XML nested too deeply');
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(body).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure)
    throw new GatewayError('invalid_input', `Malformed XML body: ${(failure as Error).message}`);
  return root;
}

export function child(el: XmlElement, ns: string, name: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.name === name);
}

export function children(el: XmlElement, ns: string, name: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.name === name);
}
