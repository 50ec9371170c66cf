// Names a client may not give a resource (gateway/dav/README.md, "Limits"). A dot segment `.` or
// `..` (RFC 3986 §3.3, §5.2.4) would name a resource that every client resolves to another URL, an
// encoded `/` one whose href splits into two segments, and control characters (NUL included) are
// no part of a name any client writes and cannot appear in XML 1.0 hrefs. They are refused on the
// methods that create or rename resources, in the request URI and in the Destination (RFC 4918
// §10.3), before anything is read or written.
import { GatewayError } from '../../store/errors.js';
import type { DavRequest } from './request.js';

/** Methods that give a resource its name: in the request URI, and for MOVE/COPY the Destination. */
const NAMING = new Set(['PUT', 'MKCALENDAR', 'MKCOL', 'MOVE', 'COPY']);

// C0 controls and DEL (XML 1.0 §2.2 allows none of them but tab, LF and CR; names need none).
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why this raw (percent-encoded) path cannot name a resource, or null. */
export function badPathReason(rawPath: string): string | null {
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return 'a path segment is not valid percent-encoded UTF-8';
    }
    if (segment === '.' || segment === '..') return 'a path segment is ".." or "."';
    if (CONTROL.test(segment)) return 'a path segment holds a control character';
    if (segment.includes('/')) return 'a path segment holds an encoded "/"';
  }
  return null;
}

/** The raw path of a Destination header (an absolute URI or an absolute path), never normalised. */
export function destinationPath(header: string): string {
  const path = header.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return path.replace(/[?#].*$/s, '');
}

/** Throws 400 when a naming method's URI or Destination holds a name no resource may have. */
export function checkNames(req: DavRequest): void {
  if (!NAMING.has(req.method)) return;
  const paths = [req.path];
  if (req.destination) paths.push(destinationPath(req.destination));
  for (const path of paths) {
    const reason = badPathReason(path);
    if (reason) throw new GatewayError('invalid_input', `Resource name refused: ${reason}`);
  }
}
