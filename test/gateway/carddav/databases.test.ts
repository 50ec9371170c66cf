// The store-facing parts of CardDAV on SQLite and on PostgreSQL (docs/architecture.md "Store"):
// PUT with the ORG → Account look-up, addressbook-query with its SQL pre-filter on the unfolded
// card text (a folded EMAIL line still matches), multiget, and sync-collection with a deletion.
import test, { type ExecutionContext } from 'ava';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { syncTokenOf, withProps, withStatus } from '../../helpers/multistatus.js';
import {
  addressDataOf,
  MINE,
  VCF,
  multigetBody,
  queryBody,
  startDav,
  vcard3,
  type Dav,
} from './card-fixture.js';

const sync = (token: string): string =>
  `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

async function scenario(t: ExecutionContext, dav: Dav): Promise<void> {
  const admin = await dav.gw.store.users.actor(1);
  if (!admin) return t.fail('no admin');
  const acc = await dav.gw.store.records.create(admin, 'Accounts', {
    values: { accountname: 'Großhandel Ost' },
  });
  // RFC 6350 §3.2: a long line folded inside a third e-mail, which no Contacts column holds.
  const folded = vcard3(
    'db-1',
    'ORG:GROSSHANDEL OST',
    'EMAIL:first@example.org',
    'EMAIL:second@example.org',
    'EMAIL;TYPE=INTERNET,WORK:a-rather-long-local-part-for-fol\r\n ding@example.org',
  );
  t.is((await dav.req('PUT', `${MINE}db-1.vcf`, folded, VCF)).status, 201);
  t.is(
    (
      await dav.req(
        'PUT',
        `${MINE}db-2.vcf`,
        vcard3('db-2', 'ORG:Großhandel Ost', 'EMAIL:two@example.org'),
        VCF,
      )
    ).status,
    201,
  );
  const rows = await dav.gw.store.db.knex('mod_contacts').orderBy('id').select('account_id');
  t.deepEqual(
    rows.map((r: { account_id: number | null }) =>
      r.account_id === null ? null : Number(r.account_id),
    ),
    [null, acc.id],
  );
  const query = async (text: string): Promise<string[]> => {
    const r = await dav.req(
      'REPORT',
      MINE,
      queryBody(
        `<card:prop-filter name="EMAIL"><card:text-match>${text}</card:text-match></card:prop-filter>`,
      ),
    );
    t.is(r.status, 207, r.text);
    return withProps(r.text);
  };
  t.deepEqual(await query('PART-FOR-FOLDING@'), ['db-1.vcf']);
  t.deepEqual(await query('two@'), ['db-2.vcf']);
  const mg = await dav.req('REPORT', MINE, multigetBody([`${MINE}db-1.vcf`, `${MINE}nope.vcf`]));
  t.regex(addressDataOf(mg.text, 'db-1.vcf'), /UID:db-1/);
  t.deepEqual(withStatus(mg.text, 404), ['nope.vcf']);
  const token = syncTokenOf((await dav.req('REPORT', MINE, sync(''), { depth: '1' })).text);
  t.is((await dav.req('DELETE', `${MINE}db-2.vcf`)).status, 204);
  const next = await dav.req('REPORT', MINE, sync(token), { depth: '1' });
  t.deepEqual(withStatus(next.text, 404), ['db-2.vcf']);
}

test('CardDAV store [sqlite]', async (t) => {
  const dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  try {
    await scenario(t, dav);
  } finally {
    await dav.gw.dispose();
  }
});

test('CardDAV store [postgres]', async (t) => {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  const dav = await startDav({
    GATEWAY_DATABASE_URL: pg.url,
    GATEWAY_LOGIN_MAX_FAILURES: '200',
    GATEWAY_SECRET_KEY: 'ab'.repeat(32),
  });
  try {
    await scenario(t, dav);
  } finally {
    await dav.gw.dispose();
    await pg.drop();
  }
});
