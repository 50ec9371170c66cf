// formats/vcard: the CRM's values patched into a client's card (gateway/carddav/README.md §3) and
// the 3.0/4.0 conversion (RFC 6350 §6.2.5 yearless BDAY, §6.2.4 PHOTO; RFC 2426 §3.1.4).
import test from 'ava';
import { parseCard } from '../../../formats/vcard/card.js';
import { cardFields, type ContactField } from '../../../formats/vcard/contact-fields.js';
import { patchCard } from '../../../formats/vcard/patch.js';
import { cardAs } from '../../../formats/vcard/version.js';

const card = (...lines: string[]): string =>
  [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'UID:u1',
    'N:Berg;Anna;;;',
    'FN:Anna Berg',
    ...lines,
    'END:VCARD',
    '',
  ].join('\r\n');
const crmOf = (text: string): Map<ContactField, string> =>
  new Map([...cardFields(parseCard(text))].map(([k, v]) => [k, v.value]));
const lines = (text: string, re: RegExp): string[] => text.split('\r\n').filter((l) => re.test(l));

test('a card the CRM did not change is written back byte for byte', (t) => {
  const text = card(
    'item1.EMAIL;TYPE=INTERNET:a@example.org',
    'item1.X-ABLabel:work',
    'X-Y:z',
    'NOTE:a\\nb\\, c',
  );
  t.is(patchCard(parseCard(text), crmOf(text)), text);
});

test('a CRM birthday replaces a yearless one without keeping X-APPLE-OMIT-YEAR', (t) => {
  const text = card('BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15');
  const crm = crmOf(text);
  t.is(crm.get('birthday'), '', 'no CRM date without a year');
  t.is(patchCard(parseCard(text), crm), text, 'a yearless birthday stays when the CRM has none');
  crm.set('birthday', '1990-04-15');
  t.deepEqual(lines(patchCard(parseCard(text), crm), /^BDAY/), ['BDAY:19900415']);
});

test('a CRM phone and address edit keeps the property’s group and parameters', (t) => {
  const text = card(
    'item2.TEL;TYPE=CELL:+1',
    'item2.X-ABLabel:mobile',
    'ADR;TYPE=WORK:;;Old St 1;Town;;1;DE',
  );
  const crm = crmOf(text);
  crm.set('mobile', '+2');
  crm.set('mailingstreet', 'New St 2');
  const out = patchCard(parseCard(text), crm);
  t.deepEqual(lines(out, /TEL/), ['item2.TEL;TYPE=CELL:+2']);
  t.deepEqual(lines(out, /^ADR/), ['ADR;TYPE=WORK:;;New St 2;Town;;1;DE']);
  t.deepEqual(lines(out, /X-ABLabel/), ['item2.X-ABLabel:mobile']);
});

test('4.0 → 3.0 → 4.0 keeps a yearless birthday and a photo', (t) => {
  const v4 = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'UID:u2',
    'FN:X',
    'BDAY:--0229',
    'PHOTO:data:image/jpeg;base64,QUJD',
    'END:VCARD',
    '',
  ].join('\r\n');
  const v3 = cardAs(parseCard(v4), v4, '3.0');
  t.deepEqual(lines(v3, /^(BDAY|PHOTO)/), [
    'BDAY;X-APPLE-OMIT-YEAR=1604:16040229',
    'PHOTO;ENCODING=b;TYPE=JPEG:QUJD',
  ]);
  const back = cardAs(parseCard(v3), v3, '4.0');
  t.deepEqual(lines(back, /^(BDAY|PHOTO)/), [
    'BDAY:--0229',
    'PHOTO;VALUE=URI:data:image/jpeg;base64,QUJD',
  ]);
});
