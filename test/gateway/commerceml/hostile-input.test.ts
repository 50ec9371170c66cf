// Bad input at /1c_exchange.php (docs/architecture.md "Tests"): every case is a
// `failure` line that says what was wrong, the store unchanged and the work folder bounded.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { writeCmlSettings } from '../../../gateway/commerceml/settings.js';
import iconv from 'iconv-lite';
import { ADMIN_ACCESS_KEY, startOneCGateway, type TestGateway } from '../../helpers/gateway.js';
import { makeZip, OneCClient } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const IMPORT_207 = readFileSync(
  path.join(FIXTURES, 'carono-yii2-1c-exchange__import_2.07_utf8bom.xml'),
);
const PRICES_31 = readFileSync(
  path.join(FIXTURES, 'irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml'),
);

async function productCount(gw: TestGateway): Promise<number> {
  const user = await gw.store.users.findByUserName('admin');
  const actor = user ? await gw.store.users.actor(user.id) : null;
  if (!actor) throw new Error('no admin');
  let n = 0;
  for (const m of ['Products', 'Services', 'Catalogs']) n += await gw.store.records.count(actor, m);
  return n;
}

/** What a fault must leave as it was: the catalog records and the change log. */
async function storeMark(gw: TestGateway): Promise<[number, number]> {
  return [await productCount(gw), await gw.store.changeLog.latestSeq()];
}

async function client(gw: TestGateway): Promise<OneCClient> {
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth();
  await c.init();
  return c;
}

const XXE = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>1</Ид><Наименование>&x;</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`;
const BOMB = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>1</Ид><Наименование>&c;</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`;
const UNDECLARED = `<?xml version="1.0"?><КоммерческаяИнформация><Каталог><Товары><Товар><Ид>1</Ид><Наименование>&x;</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`;

let gw: TestGateway;
test.before(async () => {
  gw = await startOneCGateway({
    GATEWAY_CML_FILE_LIMIT_BYTES: '65536',
    GATEWAY_CML_FOLDER_CAP_BYTES: '4000000',
  });
});
test.after.always(async () => {
  await gw.dispose();
});

test.serial(
  'no credentials → 401 + WWW-Authenticate; a wrong key → failure; no session → failure',
  async (t) => {
    t.timeout(20_000);
    const none = await fetch(`${gw.url}/1c_exchange.php?type=catalog&mode=checkauth`, {
      signal: AbortSignal.timeout(10_000),
    });
    t.is(none.status, 401);
    t.is(none.headers.get('www-authenticate'), 'Basic realm="1C"');
    t.regex(await none.text(), /^failure\n/);
    const wrong = new OneCClient(gw.url, 'admin', 'not-the-key');
    const a = await wrong.checkauth();
    t.is(a.status, 200);
    t.is(a.text, 'failure\nwrong user name or access key');
    const noSession = await fetch(`${gw.url}/1c_exchange.php?type=catalog&mode=init`, {
      signal: AbortSignal.timeout(10_000),
    });
    t.regex(await noSession.text(), /^failure\nno exchange session/);
  },
);

test.serial(
  'unknown mode, unknown type, import of a file never sent → failure naming it',
  async (t) => {
    t.timeout(20_000);
    const mark = await storeMark(gw);
    const c = await client(gw);
    t.is(
      (await c.call('type=catalog&mode=explode')).text,
      'failure\nunknown mode for type=catalog: explode',
    );
    t.is((await c.call('type=stock&mode=init')).text, 'failure\nunknown type: stock');
    t.is(
      (await c.importFile('nothing.xml')).text,
      'failure\nfile nothing.xml was not uploaded in this exchange',
    );
    t.deepEqual(await storeMark(gw), mark);
  },
);

for (const [name, xml, reason] of [
  ['XXE', XXE, /DOCTYPE\/DTD refused/],
  ['entity bomb', BOMB, /DOCTYPE\/DTD refused/],
  ['undeclared entity', UNDECLARED, /broken XML/],
] as const) {
  test.serial(`${name} → failure, store unchanged`, async (t) => {
    t.timeout(20_000);
    const before = await productCount(gw);
    const c = await client(gw);
    await c.upload('import.xml', Buffer.from(xml));
    const a = await c.importFile('import.xml');
    t.is(a.lines[0], 'failure');
    t.regex(a.lines[1] ?? '', reason);
    t.is(await productCount(gw), before);
  });
}

test.serial(
  'wrong encodings: windows-1251 bytes declared as UTF-8, an unknown encoding → failure',
  async (t) => {
    t.timeout(20_000);
    const before = await productCount(gw);
    const c = await client(gw);
    const cp = iconv.encode(IMPORT_207.toString('utf8').replace(/^\uFEFF/, ''), 'win1251');
    await c.upload('import.xml', cp);
    t.is(
      (await c.importFile('import.xml')).text,
      'failure\nthe file is not valid UTF-8; a windows-1251 file must declare encoding="windows-1251"',
    );
    await c.upload('other.xml', Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>'));
    t.is((await c.importFile('other.xml')).text, 'failure\nunsupported XML encoding: x-klingon');
    t.is(await productCount(gw), before);
  },
);

test.serial('XML broken mid-file → failure, nothing of the file applied', async (t) => {
  t.timeout(20_000);
  const before = await productCount(gw);
  const c = await client(gw);
  await c.upload('import.xml', IMPORT_207.subarray(0, Math.floor(IMPORT_207.length * 0.8)));
  const a = await c.importFile('import.xml');
  t.is(a.lines[0], 'failure');
  t.regex(a.lines[1] ?? '', /broken XML/);
  t.is(await productCount(gw), before);
});

test.serial('zip slip (../ and absolute) → failure, nothing written outside', async (t) => {
  t.timeout(20_000);
  const mark = await storeMark(gw);
  for (const evil of ['../../escape.xml', '/tmp/escape.xml']) {
    const c = await client(gw);
    await c.upload('v8_1.zip', makeZip([{ name: evil, data: Buffer.from('<a/>') }]));
    const a = await c.importFile('import.xml');
    t.is(a.lines[0], 'failure', evil);
    t.regex(a.lines[1] ?? '', /zip|leaves|absolute/);
  }
  t.false(readdirSync(gw.dataDir).includes('escape.xml'));
  t.false(readdirSync(path.join(gw.dataDir, 'commerceml')).includes('escape.xml'));
  const name = await new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY).checkauth();
  t.is(name.lines[0], 'success');
  const c = await client(gw);
  t.regex(
    (await c.upload('../x.xml', Buffer.from('<a/>')))[0]?.text ?? '',
    /^failure\nfile name leaves the work folder/,
  );
  t.deepEqual(await storeMark(gw), mark);
});

test.serial(
  'zip bomb (ratio cap; the size cap is in auth-work-dir.test.ts) → failure, store unchanged',
  async (t) => {
    t.timeout(30_000);
    const mark = await storeMark(gw);
    const c = await client(gw);
    // 8 MB of zeros compresses to a few KB: the ratio cap stops it long before the folder cap.
    await c.upload(
      'v8_bomb.zip',
      makeZip([{ name: 'import.xml', data: Buffer.alloc(8 * 1024 * 1024) }]),
    );
    const a = await c.importFile('import.xml');
    t.is(a.lines[0], 'failure');
    t.regex(a.lines[1] ?? '', /compression ratio above 200/);
    t.deepEqual(await storeMark(gw), mark);
  },
);

test.serial(
  'a part above file_limit → failure; the file keeps its earlier parts only',
  async (t) => {
    t.timeout(20_000);
    const c = await client(gw);
    t.is((await c.upload('import.xml', Buffer.alloc(1000, 0x20)))[0]?.text, 'success');
    const big = await c.upload('import.xml', Buffer.alloc(200_000, 0x20), 200_000);
    t.regex(big[0]?.text ?? '', /^failure\nthe file part exceeds file_limit/);
    const dir = path.join(gw.dataDir, 'commerceml', c.sessid);
    t.is(readFileSync(path.join(dir, 'import.xml')).length, 1000);
  },
);

test.serial(
  'a currency not active in the CRM fails the file, naming the currency; nothing applied',
  async (t) => {
    t.timeout(20_000);
    const user = await gw.store.users.findByUserName('admin');
    const actor = user ? await gw.store.users.actor(user.id) : null;
    if (!actor) throw new Error('no admin');
    const rub = await gw.store.records.create(actor, 'Currency', {
      values: { currency_name: 'Rouble', currency_code: 'RUB', conversion_rate: '1' },
    });
    t.teardown(() =>
      gw.store.records
        .update(actor, 'Currency', rub.id, { values: { currency_status: 'Inactive' } }, 'revise')
        .then(() => undefined),
    );
    const before = await productCount(gw);
    const c = await client(gw);
    await c.upload('prices.xml', PRICES_31);
    const a = await c.importFile('prices.xml');
    t.is(a.text, 'failure\ncurrency USD is not active in the CRM');
    t.is(await productCount(gw), before);
  },
);

test.serial('the exchange switched off → failure with the reason', async (t) => {
  t.timeout(20_000);
  await writeCmlSettings(gw.store, { enabled: false });
  t.teardown(async () => {
    await writeCmlSettings(gw.store, { enabled: true });
  });
  const a = await new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY).checkauth();
  t.is(a.text, 'failure\nthe CommerceML exchange is switched off in the gateway');
});
