// Pictures 1C sends with its catalog (gateway/commerceml/README.md §2.2 Картинка): the files under
// import_files/ (in the zip, or as file parts in a webdata sub-folder next to import.xml) become
// documents on the product under the path 1C gave; an unload that names the picture without
// sending it again keeps it; a changed file replaces it; a path outside the folder or a script
// extension is never kept.
import { createHash } from 'node:crypto';
import test from 'ava';
import { picturesOf } from '../../../store/commerceml/product-pictures.js';
import { ADMIN_ACCESS_KEY, startOneCGateway, type TestGateway } from '../../helpers/gateway.js';
import { adminActor, makeZip, OneCClient } from './one-c-client.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function importXml(pictures: readonly string[]): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08" ДатаФормирования="2026-01-01T00:00:00">
<Классификатор><Ид>cls</Ид><Наименование>К</Наименование></Классификатор>
<Каталог СодержитТолькоИзменения="false"><Ид>cat</Ид><ИдКлассификатора>cls</ИдКлассификатора><Наименование>Каталог</Наименование>
<Товары><Товар><Ид>p-1</Ид><Артикул>A-1</Артикул><Наименование>Чайник</Наименование>
${pictures.map((p) => `<Картинка>${p}</Картинка>`).join('')}</Товар></Товары></Каталог>
</КоммерческаяИнформация>`);
}

async function unload(
  gw: TestGateway,
  files: readonly { name: string; data: Buffer }[],
  zip: boolean,
): Promise<void> {
  const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await client.checkauth();
  await client.init();
  if (zip) await client.upload('catalog.zip', makeZip(files));
  else for (const f of files) await client.upload(f.name, f.data);
  const xml = files.find((f) => f.name.endsWith('.xml'))?.name ?? '';
  const answer = await client.importFile(xml);
  if (answer.lines[0] !== 'success') throw new Error(answer.text);
}

async function kept(gw: TestGateway): Promise<{ fileName: string; sha256: string }[]> {
  const actor = await adminActor(gw);
  const [p] = await gw.store.records.list(actor, 'Products', { limit: 5 });
  const list = (await picturesOf(gw.store.db.knex, [p?.id ?? 0])).get(p?.id ?? 0) ?? [];
  return list.map((x) => ({ fileName: x.fileName, sha256: x.sha256 }));
}

test('pictures from a zip are kept under their path; named again without the file they stay; a new file replaces', async (t) => {
  t.timeout(90_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const a = Buffer.from('first picture bytes');
  const b = Buffer.from('second picture bytes');
  const paths = ['import_files/3f/3fa1.jpg', 'import_files/3f/3fa2.png'];
  await unload(
    gw,
    [
      { name: 'import.xml', data: importXml([...paths, '../escape.jpg', 'import_files/x.php']) },
      { name: paths[0] as string, data: a },
      { name: paths[1] as string, data: b },
      { name: 'import_files/x.php', data: Buffer.from('<?php ?>') },
    ],
    true,
  );
  t.deepEqual(await kept(gw), [
    { fileName: paths[0], sha256: sha(a) },
    { fileName: paths[1], sha256: sha(b) },
  ]);

  // 1C's next unload names the pictures but sends only the one that changed.
  const b2 = Buffer.from('second picture, retouched');
  await unload(
    gw,
    [
      { name: 'import.xml', data: importXml(paths) },
      { name: paths[1] as string, data: b2 },
    ],
    true,
  );
  t.deepEqual(await kept(gw), [
    { fileName: paths[0], sha256: sha(a) },
    { fileName: paths[1], sha256: sha(b2) },
  ]);
});

test('without zip the pictures come as file parts next to import.xml in a sub-folder', async (t) => {
  t.timeout(90_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const a = Buffer.alloc(3000, 1);
  await unload(
    gw,
    [
      { name: 'webdata/000000001/import0_1.xml', data: importXml(['import_files/aa/aa.jpg']) },
      { name: 'webdata/000000001/import_files/aa/aa.jpg', data: a },
    ],
    false,
  );
  t.deepEqual(await kept(gw), [{ fileName: 'import_files/aa/aa.jpg', sha256: sha(a) }]);
});
