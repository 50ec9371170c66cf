// REPORT on an address book (RFC 3253 §3.6): addressbook-query and addressbook-multiget
// (RFC 6352 §8.6, §8.7), answered in the vCard version address-data asks for (§10.4; 3.0 when
// none); sync-collection (RFC 6578) is the WebDAV core's. Others: 403 supported-report.
import { CARDDAV_NS } from '../../../formats/vcard/card.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import type { XmlElement } from '../../../formats/webdav/parse-xml.js';
import { unsupportedReport } from '../../dav/methods/report.js';
import type { PropRequest } from '../../dav/prop-request.js';
import { bookFor } from '../books.js';
import type { CarddavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { askedVersion } from '../negotiate.js';
import { ownCardPath, parseOrNotFound } from '../resources.js';
import { multiget } from './report-multiget.js';
import { addressbookQuery } from './report-query.js';

export async function report(
  deps: CarddavDeps,
  req: DavRequest,
  root: XmlElement,
  props: PropRequest,
): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  ownCardPath(req.principal, path);
  if (path.kind !== 'book' || root.ns !== CARDDAV_NS) throw unsupportedReport(root);
  const book = await bookFor(deps, req.principal, path.book);
  const version = askedVersion(root);
  const ok = (body: string): DavResult => ({
    status: 207,
    headers: { 'content-type': XML_TYPE },
    body,
  });
  if (root.name === 'addressbook-multiget')
    return ok(multistatus(await multiget(deps, req, book, root, props, version)));
  if (root.name === 'addressbook-query')
    return ok(multistatus(await addressbookQuery(deps, req, book, root, props, version)));
  throw unsupportedReport(root);
}
