// What the CommerceML writers produce validates against the published 2.08 and 2.10 schemas
// (test/fixtures/commerceml/xsd/, see SOURCES.md there) with xmllint, a test peer that
// scripts/test-peers.sh installs (Debian libxml2-utils).
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { writeImportXml } from '../../../formats/commerceml/catalog-document.js';
import { writeOffersXml } from '../../../formats/commerceml/offers-document.js';
import { requirePeer } from '../../helpers/peers.js';
import {
  boots,
  delivery,
  importDoc,
  offers,
  offersDoc,
  options,
  piece,
  scratch,
} from './writer-fixture.js';

const XSD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml/xsd',
);
const run = promisify(execFile);
const { toFile, remove } = scratch();
test.after.always(remove);

async function xmllint(): Promise<boolean> {
  return run('xmllint', ['--version']).then(
    () => true,
    () => false,
  );
}

async function validate(file: string, version: string): Promise<string | null> {
  try {
    await run('xmllint', [
      '--noout',
      '--schema',
      path.join(XSD, `commerceml-${version}.xsd`),
      file,
    ]);
    return null;
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr ?? err);
  }
}

test('import.xml and offers.xml validate against the published 2.08 and 2.10 schemas in both encodings', async (t) => {
  t.timeout(60_000);
  if (!requirePeer('xmllint', await xmllint(), t)) return;
  for (const schemaVersion of ['2.08', '2.10'] as const) {
    for (const encoding of ['utf-8', 'windows-1251'] as const) {
      const o = options({ schemaVersion, encoding });
      const imp = await toFile((f) =>
        writeImportXml(importDoc([boots, delivery]), createWriteStream(f), o),
      );
      const off = await toFile((f) => writeOffersXml(offersDoc(offers), createWriteStream(f), o));
      t.is(await validate(imp, schemaVersion), null, `import.xml ${schemaVersion} ${encoding}`);
      t.is(await validate(off, schemaVersion), null, `offers.xml ${schemaVersion} ${encoding}`);
    }
  }
  // The validator does reject: an offer without a price breaks the schema's Цены/Цена.
  const bad = await toFile((f) =>
    writeOffersXml(
      offersDoc([{ productId: 'x', name: 'x', unit: piece, prices: [] }]),
      createWriteStream(f),
      options(),
    ),
  );
  t.regex((await validate(bad, '2.08')) ?? '', /Цены.*Missing child element|fails to validate/s);
});
