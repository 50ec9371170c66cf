// 207 Multi-Status bodies (RFC 4918 §13, §14.16) of PROPFIND and REPORT responses, read with the
// one XML reader (xml-reader.ts) into plain values: per <response> its href, status and found
// properties, plus the multistatus level <sync-token> of sync-collection (RFC 6578 §6.4). A
// DOCTYPE is refused (RFC 4918 §20.6), and so is anything that is not a multistatus.
import { clark, DAV_NS } from './namespaces.js';
import { tryParseXml } from './parse-xml.js';
import { readXml } from './xml-reader.js';

/** A property by `{namespace}name`: its text, the hrefs inside it and the names of its child elements. */
export interface PropValue {
  readonly text: string;
  readonly hrefs: readonly string[];
  readonly children: readonly string[];
  /** Attribute `name` of child elements (supported-calendar-component-set's <comp name="VEVENT"/>). */
  readonly names: readonly string[];
}

export interface MultistatusResponse {
  readonly href: string;
  /** Status of the response itself (sync-collection removals: 404), or null. */
  readonly status: number | null;
  /** Properties of 2xx propstats only. */
  readonly props: ReadonlyMap<string, PropValue>;
  /** Status of each property in any propstat (404 for the ones the server lacks). */
  readonly propStatus: ReadonlyMap<string, number>;
  /** The precondition inside the response's <error> (RFC 6578 §3.6 507), or null. */
  readonly error: string | null;
}

export interface Multistatus {
  readonly responses: readonly MultistatusResponse[];
  readonly syncToken: string | null;
}

/** A body that is not well-formed, carries a DOCTYPE, or is not a DAV:multistatus. */
export class MalformedXml extends Error {
  override readonly name = 'MalformedXml';
}

const DAV = (name: string): string => clark(DAV_NS, name);

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
  error: string | null;
  readonly props: Map<string, PropValue>;
  readonly propStatus: Map<string, number>;
  pending: Map<string, PropValue>;
  propstatStatus: number | null;
}

/** Parses a multistatus body; throws MalformedXml on anything else. */
export function parseMultistatus(body: string): Multistatus {
  const stack: Frame[] = [];
  const responses: MultistatusResponse[] = [];
  let current: ResponseDraft | null = null;
  let syncToken: string | null = null;
  let rootKey: string | null = null;
  const failure = readXml(body, {
    open(ns, name, attrs, depth) {
      const k = clark(ns, name);
      rootKey ??= k;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(k);
      if (parent && attrs['name'] !== undefined) parent.names.push(attrs['name']);
      stack.push({ key: k, text: '', hrefs: [], children: [], names: [] });
      if (k === DAV('response') && depth === 2)
        current = {
          href: '',
          status: null,
          error: null,
          props: new Map(),
          propStatus: new Map(),
          pending: new Map(),
          propstatStatus: null,
        };
    },
    text(t) {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    },
    close(depth) {
      const frame = stack.pop();
      if (!frame) return;
      const parent = stack[depth - 1];
      if (frame.key === DAV('href') && parent) parent.hrefs.push(frame.text.trim());
      if (depth === 1 && frame.key === DAV('sync-token')) syncToken = frame.text.trim();
      const draft: ResponseDraft | null = current;
      if (!draft) return;
      if (depth === 2 && frame.key === DAV('href')) draft.href = frame.text.trim();
      if (depth === 2 && frame.key === DAV('status')) draft.status = statusCode(frame.text);
      if (depth === 2 && frame.key === DAV('error')) draft.error = frame.children[0] ?? null;
      if (depth === 3 && frame.key === DAV('status')) draft.propstatStatus = statusCode(frame.text);
      // multistatus > response > propstat > prop > X: depth 4 after popping X.
      if (depth === 4 && parent?.key === DAV('prop')) {
        draft.pending.set(frame.key, {
          text: frame.text.trim(),
          hrefs: frame.hrefs,
          children: frame.children,
          names: frame.names,
        });
      }
      if (depth === 2 && frame.key === DAV('propstat')) {
        // Only properties reported with 2xx are values; 404 propstats list what the server lacks.
        const status = draft.propstatStatus;
        const ok = status !== null && status >= 200 && status < 300;
        for (const [k, v] of draft.pending) {
          if (ok) draft.props.set(k, v);
          if (status !== null) draft.propStatus.set(k, status);
        }
        draft.pending = new Map();
        draft.propstatStatus = null;
      }
      if (depth === 1 && frame.key === DAV('response')) {
        if (draft.href !== '') {
          const { href, status, error, props, propStatus } = draft;
          responses.push({ href, status, error, props, propStatus });
        }
        current = null;
      }
    },
  });
  if (failure) throw new MalformedXml(`malformed XML: ${failure.message}`);
  if (rootKey !== DAV('multistatus'))
    throw new MalformedXml(`expected a DAV:multistatus body, got ${rootKey ?? 'an empty body'}`);
  return { responses, syncToken };
}

/** The precondition named in a DAV:error body (RFC 4918 §16), e.g. `valid-sync-token`, or null. */
export function preconditionOf(body: string): string | null {
  const { root, failure } = tryParseXml(body);
  if (failure || !root || root.ns !== DAV_NS || root.name !== 'error') return null;
  return root.children[0]?.name ?? null;
}
