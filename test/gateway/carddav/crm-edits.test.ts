// CRM edits reach CardDAV clients with the client's card kept (gateway/carddav/README.md §3): the
// edited field is rewritten in the property it came from, so `itemN.` labels, X- properties,
// PHOTO and CATEGORIES survive; ORG links the Contact to the Account of that name and an unknown
// ORG stays in the card; Contacts made elsewhere appear under a generated href.
import test from 'ava';
import { syncTokenOf, withProps } from '../../helpers/multistatus.js';
import { ALL, MINE, VCF, lines, startDav, vcard3, type Dav } from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

async function admin(): Promise<NonNullable<Awaited<ReturnType<typeof dav.gw.store.users.actor>>>> {
  const a = await dav.gw.store.users.actor(1);
  if (!a) throw new Error('no admin');
  return a;
}

async function idOf(uid: string): Promise<number> {
  const row = await dav.gw.store.db
    .knex('carddav_cards')
    .where({ uid })
    .first<{ record_id: number }>('record_id');
  return Number(row.record_id);
}

test.serial(
  'a CRM edit of the e-mail rewrites that EMAIL only; labels, X- and PHOTO survive',
  async (t) => {
    const body = vcard3(
      'edit-1',
      'item1.EMAIL;TYPE=INTERNET:old@example.org',
      'item1.X-ABLabel:_$!<Other>!$_',
      'X-SOCIALPROFILE;TYPE=twitter:@anna',
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      'CATEGORIES:VIP,Customers',
      'TEL;TYPE=CELL:+49 1',
    );
    t.is((await dav.req('PUT', `${MINE}edit-1.vcf`, body, VCF)).status, 201);
    const before = await dav.req('GET', `${MINE}edit-1.vcf`);
    const token = syncTokenOf((await dav.req('REPORT', MINE, syncBody(''), { depth: '1' })).text);
    await dav.gw.store.records.update(
      await admin(),
      'Contacts',
      await idOf('edit-1'),
      {
        values: { email: 'new@example.org', title: 'CTO', mobile: '' },
      },
      'revise',
    );
    const after = await dav.req('GET', `${MINE}edit-1.vcf`);
    t.not(after.headers.get('etag'), before.headers.get('etag'));
    t.deepEqual(lines(after.text, /EMAIL/), ['item1.EMAIL;TYPE=INTERNET:new@example.org']);
    t.deepEqual(lines(after.text, /^item1\.X-ABLabel/), ['item1.X-ABLabel:_$!<Other>!$_']);
    t.deepEqual(lines(after.text, /^X-SOCIALPROFILE/), ['X-SOCIALPROFILE;TYPE=twitter:@anna']);
    t.deepEqual(lines(after.text, /^(PHOTO|CATEGORIES)/), [
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      'CATEGORIES:VIP,Customers',
    ]);
    t.deepEqual(lines(after.text, /^TITLE/), ['TITLE:CTO']);
    t.deepEqual(lines(after.text, /^TEL/), [], 'the cleared mobile is gone');
    const sync = await dav.req('REPORT', MINE, syncBody(token), { depth: '1' });
    t.deepEqual(withProps(sync.text), ['edit-1.vcf']);
  },
);

test.serial('ORG links the account of that name; an unknown ORG stays in the card', async (t) => {
  const acc = await dav.gw.store.records.create(await admin(), 'Accounts', {
    values: { accountname: 'Acme AG' },
  });
  t.is(
    (await dav.req('PUT', `${MINE}org-1.vcf`, vcard3('org-1', 'ORG:acme ag;Sales'), VCF)).status,
    201,
  );
  const row = await dav.gw.store.db
    .knex('mod_contacts')
    .where({ id: await idOf('org-1') })
    .first();
  t.is(Number(row.account_id), acc.id);
  t.is(row.department, 'Sales');
  t.is(
    (await dav.req('PUT', `${MINE}org-2.vcf`, vcard3('org-2', 'ORG:Nobody Inc'), VCF)).status,
    201,
  );
  const none = await dav.gw.store.db
    .knex('mod_contacts')
    .where({ id: await idOf('org-2') })
    .first();
  t.is(none.account_id, null);
  t.is(
    await dav.gw.store.db
      .knex('crm_entities')
      .where({ module: 'Accounts' })
      .count<{ c: number }[]>({ c: '*' })
      .then((r) => Number(r[0]?.c)),
    1,
    'no account is created',
  );
  await dav.gw.store.records.update(
    await admin(),
    'Contacts',
    await idOf('org-2'),
    { values: { title: 'Boss' } },
    'revise',
  );
  const got = await dav.req('GET', `${MINE}org-2.vcf`);
  t.deepEqual(lines(got.text, /^ORG/), ['ORG:Nobody Inc']);
});

test.serial(
  'a Contact created elsewhere appears under crm-<id>.vcf in My contacts and All contacts',
  async (t) => {
    const rec = await dav.gw.store.records.create(await admin(), 'Contacts', {
      values: {
        firstname: 'Rest',
        lastname: 'Made',
        email: 'rest@example.org',
        birthday: '1980-04-15',
        mailingcity: 'Bonn',
      },
    });
    const name = `crm-${rec.id}.vcf`;
    const got = await dav.req('GET', `${MINE}${name}`);
    t.is(got.status, 200);
    t.deepEqual(lines(got.text, /^(N|FN|EMAIL|BDAY|ADR)[:;]/), [
      'N:Made;Rest;;;',
      'FN:Rest Made',
      'EMAIL;TYPE=INTERNET:rest@example.org',
      'BDAY:19800415',
      'ADR;TYPE=WORK:;;;Bonn;;;',
    ]);
    t.is((await dav.req('GET', `${ALL}${name}`)).status, 200);
  },
);

function syncBody(token: string): string {
  return `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
}
