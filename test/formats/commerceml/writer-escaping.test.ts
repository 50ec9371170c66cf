// Hostile values through the CommerceML writers (XML 1.0 §2.2 Char, §2.4, §3.3.3): markup,
// `]]>`, entity-looking text, quotes, CR and tabs come back as written, characters XML cannot
// carry are dropped, and windows-1251 output writes a character outside the code page as a
// character reference, or refuses it when asked to.
import { createWriteStream, readFileSync } from 'node:fs';
import test from 'ava';
import {
  writeImportXml,
  type CatalogProduct,
} from '../../../formats/commerceml/catalog-document.js';
import { child, childText, type XmlNode } from '../../../formats/commerceml/cml-stream.js';
import { GatewayError } from '../../../store/errors.js';
import { productBack, read } from './read-back.js';
import { importDoc, options, scratch } from './writer-fixture.js';

const { toFile, remove } = scratch();
test.after.always(remove);

test('hostile text stays text: markup, ]]>, entities, quotes, CR and tabs round-trip; characters XML cannot carry are dropped', async (t) => {
  const hostile = 'a & b &amp; <c/> ]]> "q" \'s\' \r\n\tend';
  const product: CatalogProduct = {
    id: 'id-&<>"',
    name: `x\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800y\uDC00z 😀 ${hostile}`,
    unit: { code: '796', name: hostile, fullName: 'tab\there "and" new\nline\rcr &amp;' },
    description: '<![CDATA[ not a section ]]> <!DOCTYPE x [<!ENTITY e "boom">]> &e;',
    requisites: [{ name: ']]>', value: '&#x26;' }],
  };
  const file = await toFile((f) =>
    writeImportXml(importDoc([product]), createWriteStream(f), options()),
  );
  const [node] = await read(file, 'Товары', 'Товар');
  const back = productBack(node as XmlNode);
  t.is(back.id, 'id-&<>"');
  t.is(back.name, `xyz 😀 ${hostile}`);
  t.is(back.unit.name, hostile);
  t.is(back.unit.fullName, 'tab\there "and" new\nline\rcr &amp;');
  t.is(back.description, product.description);
  t.deepEqual(back.requisites, product.requisites);
  const text = readFileSync(file, 'utf8');
  t.false(text.includes('<![CDATA['));
  t.false(text.includes('<!DOCTYPE'));
  t.false(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text));
});

test('windows-1251: Cyrillic as single bytes; a character outside the code page becomes a character reference by default, or is refused', async (t) => {
  const product: CatalogProduct = {
    id: 'p-1',
    name: 'Ёжик № 5 — €10 ā 😀',
    unit: { code: '796', name: 'шт', fullName: 'Ŝtuka' },
  };
  const file = await toFile((f) =>
    writeImportXml(
      importDoc([product]),
      createWriteStream(f),
      options({ encoding: 'windows-1251' }),
    ),
  );
  const bytes = readFileSync(file);
  t.true(bytes.includes(Buffer.from([0xa8, 0xe6, 0xe8, 0xea]))); // Ёжик
  t.true(bytes.includes(Buffer.from('&#x101; &#x1F600;', 'latin1')));
  t.true(bytes.includes(Buffer.from('&#x15C;tuka', 'latin1')));
  const [node] = await read(file, 'Товары', 'Товар');
  t.is(childText(node as XmlNode, 'Наименование'), product.name);
  t.is(child(node as XmlNode, 'БазоваяЕдиница')?.attrs['НаименованиеПолное'], 'Ŝtuka');

  let err: unknown;
  await toFile((f) =>
    writeImportXml(
      importDoc([product]),
      createWriteStream(f),
      options({ encoding: 'windows-1251', unencodable: 'error' }),
    ).catch((e: unknown) => {
      err = e;
    }),
  );
  t.true(err instanceof GatewayError);
  const e = err as GatewayError;
  t.is(e.kind, 'invalid_input');
  t.deepEqual(e.details, { field: 'Наименование' });
  t.regex(e.message, /<Наименование>: character U\+0101 "ā" has no windows-1251 byte/);
});
