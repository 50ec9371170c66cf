// CardDAV (RFC 6352) on the WebDAV core: the /dav/addressbooks/ area with the user's home and three
// books, addressbook-home-set on the principal, PUT, addressbook-query and addressbook-multiget;
// the core serves PROPFIND, GET (with Accept for the vCard version), DELETE and sync-collection.
import { CARDDAV_NS } from '../../formats/vcard/card.js';
import type { DavArea } from '../dav/area.js';
import type { CarddavDeps } from './deps.js';
import { put } from './methods/put.js';
import { report } from './methods/report.js';
import { SEGMENT } from './paths.js';
import { NOT_IN_ALLPROP, principalProps } from './props.js';
import { resolveCardPath } from './resources.js';

export function addressBookArea(deps: CarddavDeps): DavArea {
  return {
    segment: SEGMENT,
    // RFC 6352 §6.1: the "addressbook" compliance class.
    davClasses: ['addressbook'],
    allow: ['PUT'],
    wellKnown: 'carddav',
    notInAllprop: NOT_IN_ALLPROP,
    tooLarge: { ns: CARDDAV_NS, name: 'max-resource-size' },
    resolve: (p, path) => resolveCardPath(deps, p, path),
    principalProps,
    methods: { PUT: (req) => put(deps, req) },
    report: (req, root, props) => report(deps, req, root, props),
  };
}
