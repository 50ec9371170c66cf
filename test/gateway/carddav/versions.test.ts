// One contact read by a vCard 3.0 and a 4.0 client (RFC 6352 §6.3.2 GET with Accept, §10.4
// address-data version): PHOTO (inline base64 in 3.0, data: URI in 4.0), TEL types, and a birthday
// without a year (`--0415` in 4.0, X-APPLE-OMIT-YEAR in 3.0). The Organizations book serves
// Accounts as KIND:org (RFC 6350 §6.1.4) in 4.0 and with X-ADDRESSBOOKSERVER-KIND in 3.0.
import test from 'ava';
import { CARDDAV_NS } from '../../../formats/webdav/namespaces.js';
import {
  addressDataOf,
  lines,
  MINE,
  ORGS,
  VCF,
  multigetBody,
  startDav,
  vcard3,
  vcard4,
  type Dav,
} from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const PHOTO = Buffer.from('a tiny jpeg stand-in').toString('base64');

test.serial(
  'a 3.0 card reads as 4.0 through Accept and address-data version, and back',
  async (t) => {
    const body = vcard3(
      'ver-1',
      'TEL;TYPE=CELL,VOICE:+49 170 1',
      'TEL;TYPE=WORK,FAX:+49 30 2',
      'BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15',
      `PHOTO;ENCODING=b;TYPE=JPEG:${PHOTO}`,
    );
    t.is((await dav.req('PUT', `${MINE}ver-1.vcf`, body, VCF)).status, 201);
    const as3 = await dav.req('GET', `${MINE}ver-1.vcf`);
    t.is(as3.text, body, '3.0 when none is asked');
    t.regex(as3.headers.get('content-type') ?? '', /version=3.0/);
    const as4 = await dav.req('GET', `${MINE}ver-1.vcf`, undefined, {
      accept: 'text/vcard; version=4.0',
    });
    t.regex(as4.headers.get('content-type') ?? '', /version=4.0/);
    t.is(lines(as4.text, /^VERSION/)[0], 'VERSION:4.0');
    t.is(as4.text.split('\r\n')[1], 'VERSION:4.0', 'VERSION comes first in 4.0');
    t.deepEqual(lines(as4.text, /^BDAY/), ['BDAY:--0415']);
    t.deepEqual(lines(as4.text, /^PHOTO/), [`PHOTO;VALUE=URI:data:image/jpeg;base64,${PHOTO}`]);
    t.deepEqual(lines(as4.text, /^TEL/), [
      'TEL;TYPE=CELL,VOICE:+49 170 1',
      'TEL;TYPE=WORK,FAX:+49 30 2',
    ]);
    t.not(as4.headers.get('etag'), as3.headers.get('etag'));
    const r = await dav.req(
      'REPORT',
      MINE,
      multigetBody(
        [`${MINE}ver-1.vcf`],
        '<card:address-data content-type="text/vcard" version="4.0"/>',
      ),
      { depth: '1' },
    );
    t.is(r.status, 207);
    // XML text normalises CRLF to LF (XML 1.0 §2.11).
    t.is(addressDataOf(r.text, 'ver-1.vcf'), as4.text.replace(/\r\n/g, '\n').trim());
    const bad = await dav.req(
      'REPORT',
      MINE,
      multigetBody(
        [`${MINE}ver-1.vcf`],
        '<card:address-data content-type="text/vcard" version="2.1"/>',
      ),
    );
    t.is(bad.status, 403);
    t.regex(bad.text, /supported-address-data/);
  },
);

test.serial(
  'a 4.0 card reads as 3.0 with the yearless birthday and photo in 3.0 form',
  async (t) => {
    const body = vcard4(
      'ver-2',
      'N:Nord;Nils;;;',
      'TEL;VALUE=uri;TYPE=cell:tel:+4917099',
      'BDAY:--1231',
      `PHOTO:data:image/png;base64,${PHOTO}`,
    );
    t.is((await dav.req('PUT', `${MINE}ver-2.vcf`, body, VCF)).status, 201);
    const as3 = await dav.req('GET', `${MINE}ver-2.vcf`);
    t.is(lines(as3.text, /^VERSION/)[0], 'VERSION:3.0');
    t.deepEqual(lines(as3.text, /^BDAY/), ['BDAY;X-APPLE-OMIT-YEAR=1604:16041231']);
    t.deepEqual(lines(as3.text, /^PHOTO/), [`PHOTO;ENCODING=b;TYPE=PNG:${PHOTO}`]);
    const as4 = await dav.req('GET', `${MINE}ver-2.vcf`, undefined, {
      accept: 'text/vcard;version=4.0',
    });
    t.is(as4.text, body, 'the client’s own 4.0 bytes');
    const wrong = await dav.req('DELETE', `${MINE}ver-2.vcf`, undefined, { 'if-match': '"other"' });
    t.is(wrong.status, 412);
    const del = await dav.req('DELETE', `${MINE}ver-2.vcf`, undefined, {
      'if-match': as4.headers.get('etag') ?? '',
    });
    t.is(del.status, 204, 'If-Match with the ETag of the 4.0 representation the client read');
    const record = await dav.gw.store.db.knex('mod_contacts').where({ lastname: 'Nord' }).first();
    t.is(record?.mobile, '+4917099');
    t.is(record?.birthday, null, 'the CRM date needs a year');
  },
);

test.serial(
  'Accounts are KIND:org cards in the Organizations book, in both versions',
  async (t) => {
    const admin = await dav.gw.store.users.actor(1);
    if (!admin) throw new Error('no admin');
    const acc = await dav.gw.store.records.create(admin, 'Accounts', {
      values: { accountname: 'Nordwind GmbH', phone: '+49 40 1', email1: 'info@nordwind.example' },
    });
    const name = `crm-${acc.id}.vcf`;
    const v4 = await dav.req('GET', `${ORGS}${name}`, undefined, {
      accept: 'text/vcard; version=4.0',
    });
    t.deepEqual(lines(v4.text, /^KIND/), ['KIND:org']);
    t.deepEqual(lines(v4.text, /^FN/), ['FN:Nordwind GmbH']);
    const v3 = await dav.req('GET', `${ORGS}${name}`);
    t.deepEqual(lines(v3.text, /^X-ADDRESSBOOKSERVER-KIND/), ['X-ADDRESSBOOKSERVER-KIND:org']);
    t.deepEqual(lines(v3.text, /^X-ABSHOWAS/i), ['X-ABSHOWAS:COMPANY']);
    t.deepEqual(lines(v3.text, /^KIND/), []);
    t.regex(v3.text, /EMAIL;TYPE=work:info@nordwind.example/);
    t.truthy(CARDDAV_NS);
  },
);

test.serial('sync-collection reports cards in the address-data version it asks for', async (t) => {
  const body = (v: string): string =>
    `<d:sync-collection xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:sync-token/><d:sync-level>1</d:sync-level>` +
    `<d:prop><d:getetag/><card:address-data content-type="text/vcard" version="${v}"/></d:prop></d:sync-collection>`;
  const v4 = await dav.req('REPORT', MINE, body('4.0'), { depth: '1' });
  t.is(v4.status, 207);
  t.regex(addressDataOf(v4.text, 'ver-1.vcf'), /VERSION:4\.0\nUID:ver-1/);
  t.regex(addressDataOf(v4.text, 'ver-1.vcf'), /BDAY:--0415/);
  const v3 = await dav.req('REPORT', MINE, body('3.0'), { depth: '1' });
  t.regex(addressDataOf(v3.text, 'ver-1.vcf'), /VERSION:3\.0/);
});
