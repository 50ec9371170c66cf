// The CommerceML 2.07 catalog and offers of carono/yii2-1c-exchange (test/fixtures/commerceml),
// read once for the tests that run the whole 1C conversation with them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
export const IMPORT_207 = fixture('carono-yii2-1c-exchange__import_2.07_utf8bom.xml');
export const OFFERS_207 = fixture('carono-yii2-1c-exchange__offers_2.07_characteristics.xml');
/** The boots product of IMPORT_207 (its Ид). */
export const BOOTS = 'bd72d910-55bc-11d9-848a-00112f43529a';
