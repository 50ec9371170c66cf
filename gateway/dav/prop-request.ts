// Which properties a PROPFIND or REPORT asks for (RFC 4918 §9.1, §14.20): an empty body or
// <allprop/> means allprop (Apple sends empty bodies, gateway/caldav/README.md §1.2), <propname/>
// the names only.
import { GatewayError } from '../../store/errors.js';
import type { User } from '../../store/types.js';
import { DAV_ROOT, principalHref } from './paths.js';
import { href } from './prop-values.js';
import { key, type DavResource, type PropTable } from './resource.js';
import type { DavResponse, PropName, PropValue } from '../../formats/webdav/multistatus.js';
import { child, DAV_NS, type XmlElement } from '../../formats/webdav/parse-xml.js';

export type PropRequest =
  | { readonly mode: 'allprop' }
  | { readonly mode: 'propname' }
  | { readonly mode: 'prop'; readonly names: readonly PropName[] };

export function propNames(prop: XmlElement): PropName[] {
  return prop.children.map((c) => ({ ns: c.ns, name: c.name }));
}

export function parsePropRequest(root: XmlElement | null): PropRequest {
  if (!root) return { mode: 'allprop' };
  if (root.ns !== DAV_NS || root.name !== 'propfind')
    throw new GatewayError('invalid_input', 'Expected a DAV:propfind body');
  if (child(root, DAV_NS, 'propname')) return { mode: 'propname' };
  const prop = child(root, DAV_NS, 'prop');
  if (prop) return { mode: 'prop', names: propNames(prop) };
  return { mode: 'allprop' };
}

/** Who asks, and the properties reported only when asked by name (RFC 4918 §9.1 allprop). */
export interface PropCtx {
  readonly me: User;
  readonly hidden: ReadonlySet<string>;
}

/** The properties every resource has (RFC 5397, RFC 3744 §5.8), then the resource's own. */
export function propTable(r: DavResource, ctx: PropCtx): PropTable {
  const t: PropTable = new Map();
  t.set(key(DAV_NS, 'current-user-principal'), href(principalHref(ctx.me.userName)));
  t.set(key(DAV_NS, 'principal-collection-set'), href(`${DAV_ROOT}principals/`));
  r.props(t);
  return t;
}

function split(k: string): PropName {
  const bar = k.lastIndexOf('|');
  return { ns: k.slice(0, bar), name: k.slice(bar + 1) };
}

export function responseFor(r: DavResource, req: PropRequest, ctx: PropCtx): DavResponse {
  const table = propTable(r, ctx);
  if (req.mode === 'propname')
    return {
      href: r.href,
      found: [...table.keys()].map((k) => [split(k), (): void => undefined] as const),
    };
  if (req.mode === 'allprop') {
    const found = [...table.entries()]
      .filter(([k]) => !ctx.hidden.has(k))
      .map(([k, v]) => [split(k), v] as const);
    return { href: r.href, found };
  }
  const found: Array<readonly [PropName, PropValue]> = [];
  const missing: PropName[] = [];
  for (const name of req.names) {
    const value = table.get(key(name.ns, name.name));
    if (value === undefined) missing.push(name);
    else found.push([name, value]);
  }
  return { href: r.href, found, missing };
}
