// 207 Multi-Status bodies (RFC 4918 §13, §14.16) of PROPFIND and REPORT responses, read with saxes
// into plain values: per <response> its href, status and found properties, plus the multistatus
// level <sync-token> of sync-collection (RFC 6578 §6.4). A DOCTYPE is refused (no entity
// expansion, no external entities: RFC 4918 §20.6), and so is anything that is not a multistatus.
import { SaxesParser } from 'saxes';
import { CaldavError } from './errors.js';

export const DAV = 'DAV:';
export const CALDAV = 'urn:ietf:params:xml:ns:caldav';
export const CALSERVER = 'http://calendarserver.org/ns/';

/** A property by `{namespace}name`: its text, the hrefs inside it and the names of its child elements. */
export interface PropValue {
  readonly text: string;
  readonly hrefs: readonly string[];
  readonly children: readonly string[];
  /** Attribute `name` of child elements (supported-calendar-component-set's <comp name="VEVENT"/>). */
  readonly names: readonly string[];
}

export interface DavResponse {
  readonly href: string;
  /** Status of the response itself (sync-collection removals: 404), or null. */
  readonly status: number | null;
  readonly props: ReadonlyMap<string, PropValue>;
}

export interface Multistatus {
  readonly responses: readonly DavResponse[];
  readonly syncToken: string | null;
}

export const key = (ns: string, name: string): string => `{${ns}}${name}`;

const MAX_DEPTH = 40;

function statusCode(line: string): number | null {
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(line.trim());
  return m ? Number(m[1]) : null;
}

interface Frame {
  readonly key: string;
  text: string;
  readonly hrefs: string[];
  readonly children: string[];
  readonly names: string[];
}

interface ResponseDraft {
  href: string;
  status: number | null;
  readonly props: Map<string, PropValue>;
  pending: Map<string, PropValue>;
  propstatStatus: number | null;
}

/** Parses a multistatus body; throws CaldavError('malformed') on anything else. */
export function parseMultistatus(body: string): Multistatus {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Frame[] = [];
  const responses: DavResponse[] = [];
  let current: ResponseDraft | null = null;
  let syncToken: string | null = null;
  let rootKey: string | null = null;
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('doctype', () => {
    failure ??= new Error('DOCTYPE is not allowed');
  });
  parser.on('opentag', (tag) => {
    const k = key(tag.uri ?? '', tag.local ?? tag.name);
    rootKey ??= k;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(k);
    const nameAttr = Object.values(tag.attributes).find((a) => a.local === 'name');
    if (parent && nameAttr) parent.names.push(nameAttr.value);
    stack.push({ key: k, text: '', hrefs: [], children: [], names: [] });
    if (stack.length > MAX_DEPTH) failure ??= new Error('XML nested too deeply');
    if (k === key(DAV, 'response') && stack.length === 2)
      current = {
        href: '',
        status: null,
        props: new Map(),
        pending: new Map(),
        propstatStatus: null,
      };
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (!frame) return;
    const depth = stack.length;
    const parent = stack[depth - 1];
    if (frame.key === key(DAV, 'href') && parent) parent.hrefs.push(frame.text.trim());
    if (depth === 1 && frame.key === key(DAV, 'sync-token')) syncToken = frame.text.trim();
    const draft: ResponseDraft | null = current;
    if (!draft) return;
    if (depth === 2 && frame.key === key(DAV, 'href')) draft.href = frame.text.trim();
    if (depth === 2 && frame.key === key(DAV, 'status')) draft.status = statusCode(frame.text);
    if (depth === 3 && frame.key === key(DAV, 'status'))
      draft.propstatStatus = statusCode(frame.text);
    // multistatus > response > propstat > prop > X: depth 4 after popping X.
    if (depth === 4 && parent?.key === key(DAV, 'prop')) {
      draft.pending.set(frame.key, {
        text: frame.text.trim(),
        hrefs: frame.hrefs,
        children: frame.children,
        names: frame.names,
      });
    }
    if (depth === 2 && frame.key === key(DAV, 'propstat')) {
      // Only properties reported with 2xx are values; 404 propstats list what the server lacks.
      const ok =
        draft.propstatStatus !== null && draft.propstatStatus >= 200 && draft.propstatStatus < 300;
      if (ok) for (const [k, v] of draft.pending) draft.props.set(k, v);
      draft.pending = new Map();
      draft.propstatStatus = null;
    }
    if (depth === 1 && frame.key === key(DAV, 'response')) {
      if (draft.href !== '')
        responses.push({ href: draft.href, status: draft.status, props: draft.props });
      current = null;
    }
  });
  try {
    parser.write(body).close();
  } catch (err) {
    failure ??= err instanceof Error ? err : new Error(String(err));
  }
  if (failure)
    throw new CaldavError(
      'malformed',
      `malformed XML from the CalDAV server: ${(failure as Error).message}`,
    );
  if (rootKey !== key(DAV, 'multistatus'))
    throw new CaldavError(
      'malformed',
      `expected a DAV:multistatus body, got ${rootKey ?? 'an empty body'}`,
    );
  return { responses, syncToken };
}

/** The error element's precondition name in a 403/409 body (`valid-sync-token`), or null. */
export function preconditionOf(body: string): string | null {
  const m = /<(?:[\w-]+:)?error\b[^>]*>\s*<(?:[\w-]+:)?([\w-]+)/.exec(body);
  return m ? (m[1] ?? null) : null;
}
