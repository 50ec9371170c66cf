// Which vCard version a client asks for (RFC 6352 §6.3.2 GET with Accept, §10.4 address-data
// with content-type and version): 4.0 only when asked by name; 3.0 otherwise, the version every
// CardDAV client reads (RFC 6352 §5.1.1 makes 3.0 mandatory).
import { GatewayError } from '../../store/errors.js';
import { CARDDAV_NS, type VcardVersion } from '../../formats/vcard/card.js';
import { child, DAV_NS, type XmlElement } from '../../formats/webdav/parse-xml.js';

/** From an Accept header: the highest-q text/vcard with a version parameter we serve. */
export function versionFromAccept(accept: string): VcardVersion {
  let best: { v: VcardVersion; q: number } = { v: '3.0', q: -1 };
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    if (type !== 'text/vcard') continue;
    const param = (n: string): string | undefined =>
      params
        .find((p) => p.startsWith(`${n}=`))
        ?.slice(n.length + 1)
        .replace(/"/g, '');
    const v = param('version');
    const q = Number(param('q') ?? '1');
    if ((v === '3.0' || v === '4.0') && q > best.q) best = { v, q };
  }
  return best.v;
}

/** From address-data's attributes: null for a type or version we do not serve. */
export function versionFromAddressData(
  contentType: string | undefined,
  version: string | undefined,
): VcardVersion | null {
  if (contentType !== undefined && contentType.toLowerCase() !== 'text/vcard') return null;
  if (version === undefined) return '3.0';
  return version === '3.0' || version === '4.0' ? version : null;
}

/** The version address-data asks for; 403 supported-address-data for one we do not serve. */
export function askedVersion(root: XmlElement): VcardVersion {
  const data = child(child(root, DAV_NS, 'prop') ?? root, CARDDAV_NS, 'address-data');
  const v = versionFromAddressData(data?.attrs['content-type'], data?.attrs['version']);
  if (v === null)
    throw new GatewayError('forbidden', 'Only text/vcard 3.0 and 4.0 are served', {
      dav: { precondition: { ns: CARDDAV_NS, name: 'supported-address-data' } },
    });
  return v;
}
