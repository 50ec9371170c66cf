// Bad input to CardDAV PUT (RFC 6352 §6.3.2.1 preconditions) is refused with its precondition and
// leaves the store unchanged: broken vCards (valid-address-data), a second card with a UID already
// in the book (no-uid-conflict), an oversized PHOTO and a body over the size limit
// (max-resource-size); unknown properties are kept, not refused.
import test from 'ava';
import { errorOf } from '../../helpers/multistatus.js';
import { MINE, VCF, lines, startDav, vcard3, type Dav } from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const CARD = '{urn:ietf:params:xml:ns:carddav}';

async function counts(): Promise<[number, number, number]> {
  const k = dav.gw.store.db.knex;
  const n = async (q: ReturnType<typeof k>): Promise<number> =>
    Number((await q.count<{ c: number }[]>({ c: '*' }))[0]?.c ?? 0);
  return [
    await n(k('crm_entities').where({ module: 'Contacts' })),
    await n(k('carddav_cards')),
    await n(k('change_log').where({ module: 'Contacts' })),
  ];
}

async function refused(
  t: import('ava').ExecutionContext,
  name: string,
  body: string,
  status: number,
  precondition: string,
): Promise<void> {
  const before = await counts();
  const r = await dav.req('PUT', `${MINE}${name}`, body, VCF);
  t.is(r.status, status, r.text);
  t.is(errorOf(r.text), precondition);
  t.deepEqual(await counts(), before, 'the store is unchanged');
  t.is((await dav.req('GET', `${MINE}${name}`)).status, 404);
}

test.serial('broken vCards are refused with valid-address-data', async (t) => {
  await refused(
    t,
    'b1.vcf',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN broken\r\nEND:VCARD\r\n',
    403,
    `${CARD}valid-address-data`,
  );
  await refused(t, 'b2.vcf', 'not a card at all', 403, `${CARD}valid-address-data`);
  await refused(
    t,
    'b3.vcf',
    'BEGIN:VCARD\r\nVERSION:2.1\r\nUID:x\r\nFN:x\r\nEND:VCARD\r\n',
    403,
    `${CARD}valid-address-data`,
  );
  await refused(
    t,
    'b4.vcf',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No uid\r\nEND:VCARD\r\n',
    403,
    `${CARD}valid-address-data`,
  );
  await refused(t, 'b5.vcf', vcard3('two') + vcard3('cards'), 403, `${CARD}valid-address-data`);
  await refused(
    t,
    'b6.vcf',
    vcard3('bad-date', 'BDAY:2020-02-30'),
    403,
    `${CARD}valid-address-data`,
  );
});

test.serial(
  'a second card with a UID already in the book is refused with no-uid-conflict',
  async (t) => {
    t.is((await dav.req('PUT', `${MINE}u1.vcf`, vcard3('same-uid'), VCF)).status, 201);
    await refused(t, 'u2.vcf', vcard3('same-uid'), 403, `${CARD}no-uid-conflict`);
  },
);

test.serial(
  'a photo over the limit and a 10 MB card are refused with max-resource-size',
  async (t) => {
    const photo = Buffer.alloc(300 * 1024, 7).toString('base64');
    await refused(
      t,
      'p1.vcf',
      vcard3('photo-big', `PHOTO;ENCODING=b;TYPE=JPEG:${photo}`),
      413,
      `${CARD}max-resource-size`,
    );
    const huge = vcard3('huge', `NOTE:${'x'.repeat(10 * 1024 * 1024)}`);
    await refused(t, 'h1.vcf', huge, 413, `${CARD}max-resource-size`);
  },
);

test.serial('unknown properties and groups are kept verbatim', async (t) => {
  const body = vcard3(
    'unknown-1',
    'X-CUSTOM;X-P=1:kept',
    'item1.EMAIL;TYPE=INTERNET:i@example.org',
    'item1.X-ABLabel:private',
    'X-EVOLUTION-SPOUSE:Eve',
  );
  t.is((await dav.req('PUT', `${MINE}k1.vcf`, body, VCF)).status, 201);
  const got = await dav.req('GET', `${MINE}k1.vcf`);
  t.is(got.text, body);
  t.deepEqual(lines(got.text, /^X-/), ['X-CUSTOM;X-P=1:kept', 'X-EVOLUTION-SPOUSE:Eve']);
});
