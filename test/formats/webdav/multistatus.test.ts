// formats/webdav read and write agree (RFC 4918 §13, §16; RFC 6578 §6.4): a multistatus written by
// the server reads back with its hrefs, statuses, properties, propstat statuses, error elements and
// sync-token; one reader refuses a DOCTYPE (RFC 4918 §20.6) for request bodies and responses alike.
import test from 'ava';
import { CALDAV_NS, CARDDAV_NS, clark, DAV_NS } from '../../../formats/webdav/namespaces.js';
import { builtMultistatus, errorBody, multistatus } from '../../../formats/webdav/multistatus.js';
import { parseXml } from '../../../formats/webdav/parse-xml.js';
import {
  MalformedXml,
  parseMultistatus,
  preconditionOf,
} from '../../../formats/webdav/read-multistatus.js';
import { propfindBody, syncCollectionBody } from '../../../formats/webdav/requests.js';

test('a written multistatus reads back whole', (t) => {
  const xml = multistatus(
    [
      {
        href: '/c/a.ics',
        found: [
          [{ ns: DAV_NS, name: 'getetag' }, '"e1"'],
          [
            { ns: DAV_NS, name: 'resourcetype' },
            (el) => {
              el.ele(DAV_NS, 'd:collection');
            },
          ],
        ],
        missing: [{ ns: 'urn:x', name: 'nope' }],
      },
      { href: '/c/gone.ics', status: 404 },
      {
        href: '/c/',
        status: 507,
        error: { ns: DAV_NS, name: 'number-of-matches-within-limits' },
      },
    ],
    'http://crm-gateway/ns/sync/9',
  );
  const ms = parseMultistatus(xml);
  t.is(ms.syncToken, 'http://crm-gateway/ns/sync/9');
  const [a, gone, cut] = ms.responses;
  t.is(a?.status, null);
  t.is(a?.props.get(clark(DAV_NS, 'getetag'))?.text, '"e1"');
  t.deepEqual(a?.props.get(clark(DAV_NS, 'resourcetype'))?.children, [clark(DAV_NS, 'collection')]);
  t.false(a?.props.has('{urn:x}nope') ?? true, 'a 404 propstat is no value');
  t.is(a?.propStatus.get('{urn:x}nope'), 404);
  t.is(gone?.status, 404);
  t.is(cut?.status, 507);
  t.is(cut?.error, clark(DAV_NS, 'number-of-matches-within-limits'));
});

test('an error body names its precondition', (t) => {
  const body = errorBody({ ns: CALDAV_NS, name: 'valid-calendar-data' }, 'bad');
  t.is(preconditionOf(body), 'valid-calendar-data');
  t.is(preconditionOf('<html>Forbidden</html>'), null);
});

test('one reader refuses a DOCTYPE in requests and responses', (t) => {
  const evil =
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]><d:multistatus xmlns:d="DAV:">&x;</d:multistatus>';
  t.throws(() => parseXml(evil), { message: /DOCTYPE/ });
  t.throws(() => parseMultistatus(evil), { instanceOf: MalformedXml });
  t.throws(() => parseMultistatus('<d:error xmlns:d="DAV:"/>'), { instanceOf: MalformedXml });
});

test('request builders produce bodies the reader accepts', (t) => {
  const sync = parseXml(syncCollectionBody(null, [{ ns: DAV_NS, name: 'getetag' }]));
  t.is(sync?.name, 'sync-collection');
  t.deepEqual(
    sync?.children.map((c) => c.name),
    ['sync-token', 'sync-level', 'prop'],
  );
  const pf = parseXml(propfindBody([{ ns: CALDAV_NS, name: 'calendar-home-set' }]));
  t.deepEqual(pf?.children[0]?.children[0], {
    ns: CALDAV_NS,
    name: 'calendar-home-set',
    attrs: {},
    children: [],
    text: '',
  });
});

test('text-only responses are written directly with the very bytes xmlbuilder2 writes', (t) => {
  const responses = [
    {
      href: '/dav/addressbooks/a/contacts/x&y <1>.vcf',
      found: [
        [{ ns: DAV_NS, name: 'getetag' }, '"e1"'],
        [
          { ns: CARDDAV_NS, name: 'address-data' },
          'BEGIN:VCARD\r\nNOTE:a & b <c>\r\nEND:VCARD\r\n',
        ],
        [{ ns: DAV_NS, name: 'displayname' }, ''],
      ] as const,
      missing: [{ ns: CALDAV_NS, name: 'calendar-data' }],
    },
    { href: '/dav/addressbooks/a/contacts/gone.vcf', status: 404 },
    {
      href: '/dav/addressbooks/a/contacts/',
      status: 507,
      error: { ns: DAV_NS, name: 'number-of-matches-within-limits' },
    },
  ];
  const direct = multistatus(responses, 'http://crm-gateway/ns/sync/7');
  t.is(direct, builtMultistatus(responses, 'http://crm-gateway/ns/sync/7'));
  t.is(multistatus([]), builtMultistatus([]));
  t.is(multistatus([], 'tok'), builtMultistatus([], 'tok'));
});
