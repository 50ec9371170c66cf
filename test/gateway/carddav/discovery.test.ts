// CardDAV discovery and the three address books (RFC 6352 §6.1, §7.1.1; RFC 6764 §5): the
// well-known redirect, addressbook-home-set on the principal, the books with their properties and
// privileges, and GET/PUT/DELETE of cards with ETags and conditional requests (RFC 7232 §3.1, §3.2).
import test from 'ava';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import {
  davProp,
  errorOf,
  propText,
  responseAt,
  withProps,
  withStatus,
} from '../../helpers/multistatus.js';
import {
  ALL,
  HOME,
  MINE,
  ORGS,
  VCF,
  cardProp,
  startDav,
  vcard3,
  type Dav,
} from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const propfind = (props: string): string =>
  `<d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop>${props}</d:prop></d:propfind>`;

test.serial(
  '/.well-known/carddav leads to the principal with an addressbook-home-set',
  async (t) => {
    const wk = await dav.req('PROPFIND', '/.well-known/carddav', undefined, { depth: '0' });
    t.is(wk.status, 301);
    t.is(wk.headers.get('location'), '/dav/');
    const root = await dav.req('PROPFIND', '/dav/', propfind('<d:current-user-principal/>'), {
      depth: '0',
    });
    t.is(root.status, 207);
    t.regex(root.text, /\/dav\/principals\/admin\//);
    const p = await dav.req(
      'PROPFIND',
      '/dav/principals/admin/',
      propfind('<card:addressbook-home-set/>'),
      {
        depth: '0',
      },
    );
    t.regex(p.text, /<d:href>\/dav\/addressbooks\/admin\/<\/d:href>/);
    const opts = await dav.req('OPTIONS', '/dav/');
    t.regex(opts.headers.get('dav') ?? '', /addressbook/);
    // Both areas add PUT; Allow names it once (RFC 9110 §10.2.1 lists methods, not areas).
    t.is(opts.headers.get('allow')?.match(/PUT/g)?.length, 1);
  },
);

test.serial('the home lists three books; read-only ones show read privileges only', async (t) => {
  const r = await dav.req(
    'PROPFIND',
    HOME,
    propfind(
      '<d:resourcetype/><d:displayname/><d:current-user-privilege-set/><card:supported-address-data/><card:max-resource-size/>',
    ),
    { depth: '1' },
  );
  t.is(r.status, 207);
  t.deepEqual(withProps(r.text), ['admin', 'all', 'contacts', 'organizations']);
  t.is(propText(responseAt(r.text, MINE), davProp('displayname')), 'My contacts');
  t.regex(r.text, /address-data-type content-type="text\/vcard" version="3.0"/);
  t.regex(r.text, /address-data-type content-type="text\/vcard" version="4.0"/);
  t.truthy(propText(responseAt(r.text, MINE), cardProp('max-resource-size')));
  const privileges = async (book: string): Promise<string> =>
    (await dav.req('PROPFIND', book, propfind('<d:current-user-privilege-set/>'), { depth: '0' }))
      .text;
  t.regex(await privileges(MINE), /write-content/);
  for (const book of [ALL, ORGS]) {
    const xml = await privileges(book);
    t.regex(xml, /<d:read\/>/);
    t.notRegex(xml, /write/);
  }
});

test.serial('PUT, GET, conditional PUT and DELETE of a card in My contacts', async (t) => {
  const body = vcard3('disc-1', 'EMAIL;TYPE=INTERNET:anna@example.org');
  const created = await dav.req('PUT', `${MINE}disc-1.vcf`, body, { ...VCF, 'if-none-match': '*' });
  t.is(created.status, 201);
  const etag = created.headers.get('etag');
  t.truthy(etag);
  const again = await dav.req('PUT', `${MINE}disc-1.vcf`, body, { ...VCF, 'if-none-match': '*' });
  t.is(again.status, 412);
  const got = await dav.req('GET', `${MINE}disc-1.vcf`);
  t.is(got.text, body);
  t.is(got.headers.get('etag'), etag);
  const stale = await dav.req('PUT', `${MINE}disc-1.vcf`, body, { ...VCF, 'if-match': '"nope"' });
  t.is(stale.status, 412);
  const edited = vcard3('disc-1', 'EMAIL;TYPE=INTERNET:anna@example.net');
  const upd = await dav.req('PUT', `${MINE}disc-1.vcf`, edited, { ...VCF, 'if-match': etag ?? '' });
  t.is(upd.status, 204);
  const record = await dav.gw.store.db
    .knex('mod_contacts')
    .where({ email: 'anna@example.net' })
    .first();
  t.truthy(record);
  const listed = await dav.req('PROPFIND', ALL, propfind('<d:getetag/>'), { depth: '1' });
  t.true(withProps(listed.text).includes(`crm-${record.id}.vcf`));
  const del = await dav.req('DELETE', `${MINE}disc-1.vcf`, undefined, { 'if-match': '"wrong"' });
  t.is(del.status, 412);
  const ok = await dav.req('DELETE', `${MINE}disc-1.vcf`);
  t.is(ok.status, 204);
  t.is((await dav.req('GET', `${MINE}disc-1.vcf`)).status, 404);
  const bin = await dav.gw.store.db.knex('crm_entities').where({ id: record.id }).first();
  t.truthy(bin?.deleted, 'the contact is in the recycle bin');
  t.deepEqual(withStatus(listed.text, 404), []);
});

test.serial('read-only books refuse writes with 403 need-privileges', async (t) => {
  for (const book of [ALL, ORGS]) {
    const r = await dav.req('PUT', `${book}x.vcf`, vcard3('ro-1'), VCF);
    t.is(r.status, 403);
    t.is(errorOf(r.text), '{DAV:}need-privileges');
  }
});

test.serial(
  'auth as for CalDAV: a read-only Bearer token reads but cannot write; no credentials is 401',
  async (t) => {
    const tokens = new OAuthTokenRepository(dav.gw.store.db.knex);
    const expiresAt = new Date(Date.now() + 3_600_000);
    await tokens.insertAccess({
      token: 'carddav-read-token-0123456789',
      userId: 1,
      scope: 'read',
      expiresAt,
    });
    await tokens.insertAccess({
      token: 'carddav-rw-token-0123456789',
      userId: 1,
      scope: 'read write',
      expiresAt,
    });
    const read = { authorization: 'Bearer carddav-read-token-0123456789' };
    t.is((await dav.req('PROPFIND', MINE, '', { ...read, depth: '0' })).status, 207);
    t.is(
      (await dav.req('PUT', `${MINE}bearer.vcf`, vcard3('bearer-1'), { ...read, ...VCF })).status,
      403,
    );
    const rw = { authorization: 'Bearer carddav-rw-token-0123456789' };
    t.is(
      (await dav.req('PUT', `${MINE}bearer.vcf`, vcard3('bearer-1'), { ...rw, ...VCF })).status,
      201,
    );
    const anon = await dav.req('PROPFIND', MINE, '', { authorization: '', depth: '0' });
    t.is(anon.status, 401);
    t.regex(anon.headers.get('www-authenticate') ?? '', /^Basic/);
    const other = await dav.req('PROPFIND', '/dav/addressbooks/someone/contacts/', '', {
      depth: '0',
    });
    t.is(other.status, 403);
  },
);

test.serial(
  'All contacts follows the sharing rule: a private module shows another user only their own',
  async (t) => {
    const bob = await dav.gw.store.users.create({
      userName: 'bob',
      password: 'bob-password-1',
      lastName: 'B',
    });
    const bobAuth = {
      authorization: 'Basic ' + Buffer.from('bob:bob-password-1').toString('base64'),
    };
    const admin = await dav.gw.store.users.actor(1);
    const bobActor = await dav.gw.store.users.actor(bob.id);
    if (!admin || !bobActor) return t.fail('no actors');
    const adminsOwn = await dav.gw.store.records.create(admin, 'Contacts', {
      values: { lastname: 'AdminOnly' },
    });
    const bobsOwn = await dav.gw.store.records.create(bobActor, 'Contacts', {
      values: { lastname: 'BobsOwn' },
    });
    const listed = async (): Promise<string[]> =>
      withProps(
        (
          await dav.req('PROPFIND', '/dav/addressbooks/bob/all/', propfind('<d:getetag/>'), {
            ...bobAuth,
            depth: '1',
          })
        ).text,
      );
    t.true((await listed()).includes(`crm-${adminsOwn.id}.vcf`), 'public by default');
    await dav.gw.store.sharing.set('Contacts', 'private');
    const names = await listed();
    t.false(names.includes(`crm-${adminsOwn.id}.vcf`));
    t.true(names.includes(`crm-${bobsOwn.id}.vcf`));
    t.is(
      (
        await dav.req(
          'GET',
          `/dav/addressbooks/bob/all/crm-${adminsOwn.id}.vcf`,
          undefined,
          bobAuth,
        )
      ).status,
      404,
    );
  },
);
