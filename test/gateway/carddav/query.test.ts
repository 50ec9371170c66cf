// REPORT addressbook-query (RFC 6352 §8.6, §10.5): prop-filter, param-filter, is-not-defined,
// text-match collations and match types, negate-condition, anyof/allof, <C:limit> with the 507
// truncation of §8.6.1; and sync-collection (RFC 6578) with tombstones and 507 paging.
import test from 'ava';
import { syncTokenOf, withProps, withStatus, responses } from '../../helpers/multistatus.js';
import { MINE, VCF, queryBody, startDav, vcard3, type Dav } from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  const cards: Array<[string, string[]]> = [
    [
      'q-anna',
      [
        'N:Berg;Anna;;;',
        'FN:Anna Berg',
        'EMAIL;TYPE=INTERNET,WORK:Anna.Berg@Example.org',
        'TEL;TYPE=CELL:+49 1',
      ],
    ],
    [
      'q-jurgen',
      ['N:Müller;Jürgen;;;', 'FN:Jürgen Müller', 'EMAIL;TYPE=INTERNET,HOME:jm@example.net'],
    ],
    ['q-zoe', ['N:Zed;Zoe;;;', 'FN:Zoe Zed', 'TEL;TYPE=HOME:+33 2']],
  ];
  for (const [uid, props] of cards) {
    const body = ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, ...props, 'END:VCARD', ''].join(
      '\r\n',
    );
    const r = await dav.req('PUT', `${MINE}${uid}.vcf`, body, VCF);
    if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
  }
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

async function query(filter: string, extra = ''): Promise<string[]> {
  const r = await dav.req('REPORT', MINE, queryBody(filter, extra), { depth: '1' });
  if (r.status !== 207) throw new Error(`${r.status} ${r.text}`);
  return withProps(r.text);
}

const tm = (text: string, attrs = ''): string =>
  `<card:text-match${attrs}>${text}</card:text-match>`;
const pf = (name: string, inner: string, attrs = ''): string =>
  `<card:prop-filter name="${name}"${attrs}>${inner}</card:prop-filter>`;

test.serial(
  'text-match contains with i;unicode-casemap (the default) finds e-mails case-insensitively',
  async (t) => {
    t.deepEqual(await query(pf('EMAIL', tm('anna.berg@example'))), ['q-anna.vcf']);
    t.deepEqual(await query(pf('FN', tm('MÜLLER'))), ['q-jurgen.vcf']);
  },
);

test.serial(
  'match types equals, starts-with, ends-with; i;ascii-casemap and i;octet',
  async (t) => {
    t.deepEqual(
      await query(
        pf(
          'EMAIL',
          tm('anna.berg@example.org', ' match-type="equals" collation="i;ascii-casemap"'),
        ),
      ),
      ['q-anna.vcf'],
    );
    t.deepEqual(
      await query(
        pf('EMAIL', tm('anna.berg@example.org', ' match-type="equals" collation="i;octet"')),
      ),
      [],
    );
    t.deepEqual(await query(pf('FN', tm('zoe', ' match-type="starts-with"'))), ['q-zoe.vcf']);
    t.deepEqual(await query(pf('EMAIL', tm('.NET', ' match-type="ends-with"'))), ['q-jurgen.vcf']);
  },
);

test.serial('negate-condition, is-not-defined and param-filter on TYPE', async (t) => {
  t.deepEqual(await query(pf('FN', tm('berg', ' negate-condition="yes"'))), [
    'q-jurgen.vcf',
    'q-zoe.vcf',
  ]);
  t.deepEqual(await query(pf('EMAIL', '<card:is-not-defined/>')), ['q-zoe.vcf']);
  t.deepEqual(
    await query(
      pf(
        'TEL',
        '<card:param-filter name="TYPE">' +
          tm('cell', ' match-type="equals"') +
          '</card:param-filter>',
      ),
    ),
    ['q-anna.vcf'],
  );
  t.deepEqual(
    await query(
      pf('EMAIL', '<card:param-filter name="X-NONE"><card:is-not-defined/></card:param-filter>'),
    ),
    ['q-anna.vcf', 'q-jurgen.vcf'],
  );
});

test.serial('anyof and allof on the filter and on a prop-filter', async (t) => {
  const either = pf('FN', tm('zoe')) + pf('EMAIL', tm('example.net'));
  t.deepEqual(await query(either), ['q-jurgen.vcf', 'q-zoe.vcf']);
  t.deepEqual(await query(` test="allof">${either}`), []);
  t.deepEqual(await query(` test="allof">${pf('FN', tm('anna')) + pf('TEL', tm('+49'))}`), [
    'q-anna.vcf',
  ]);
  t.deepEqual(await query(pf('FN', tm('anna') + tm('zoe'), ' test="allof"')), []);
  t.deepEqual(await query(pf('FN', tm('anna') + tm('zoe'), ' test="anyof"')), [
    'q-anna.vcf',
    'q-zoe.vcf',
  ]);
});

test.serial('limit truncates with a 507 for the book (RFC 6352 §8.6.1)', async (t) => {
  const r = await dav.req(
    'REPORT',
    MINE,
    queryBody(pf('FN', tm('e')), '<card:limit><card:nresults>1</card:nresults></card:limit>'),
  );
  t.is(r.status, 207);
  t.is(withProps(r.text).length, 1);
  t.deepEqual(withStatus(r.text, 507), ['contacts']);
  t.regex(r.text, /number-of-matches-within-limits/);
});

test.serial('an unknown collation is refused with supported-collation', async (t) => {
  const r = await dav.req('REPORT', MINE, queryBody(pf('FN', tm('x', ' collation="i;klingon"'))));
  t.is(r.status, 403);
  t.regex(r.text, /supported-collation/);
});

test.serial('sync-collection reports changes and deletions, and pages with 507', async (t) => {
  const sync = (token: string, limit?: number): string =>
    `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level>` +
    `${limit ? `<d:limit><d:nresults>${limit}</d:nresults></d:limit>` : ''}<d:prop><d:getetag/></d:prop></d:sync-collection>`;
  const first = await dav.req('REPORT', MINE, sync(''), { depth: '1' });
  t.is(first.status, 207);
  t.true(withProps(first.text).includes('q-zoe.vcf'));
  const token = syncTokenOf(first.text);
  t.is((await dav.req('DELETE', `${MINE}q-zoe.vcf`)).status, 204);
  for (const uid of ['q-s1', 'q-s2'])
    t.is((await dav.req('PUT', `${MINE}${uid}.vcf`, vcard3(uid), VCF)).status, 201);
  const page = await dav.req('REPORT', MINE, sync(token, 2), { depth: '1' });
  t.deepEqual(withStatus(page.text, 404), ['q-zoe.vcf']);
  t.deepEqual(withStatus(page.text, 507), ['contacts']);
  const rest = await dav.req('REPORT', MINE, sync(syncTokenOf(page.text)), { depth: '1' });
  t.deepEqual(withProps(rest.text), ['q-s2.vcf']);
  const none = await dav.req('REPORT', MINE, sync(syncTokenOf(rest.text)), { depth: '1' });
  t.is(responses(none.text).length, 0);
});
