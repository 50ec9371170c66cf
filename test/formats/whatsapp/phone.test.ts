// E.164 normalisation and national variants (formats/whatsapp/phone.ts).
import test from 'ava';
import { numberVariants, toE164, waIdToE164 } from '../../../formats/whatsapp/phone.js';

test('numbers typed in the CRM become E.164', (t) => {
  t.is(toE164('+55 (11) 98765-4321'), '+5511987654321');
  t.is(toE164('0049 151 1234 5678'), '+4915112345678');
  t.is(toE164('4915112345678'), '+4915112345678');
  t.is(toE164('4915112345678', '00'), null, 'with "00" numbers need their prefix');
  t.is(toE164('0151 1234'), null);
  t.is(toE164('call me'), null);
});

test('Brazil ninth digit and Mexico +521 variants, both ways', (t) => {
  t.deepEqual(numberVariants('+551187654321'), ['+551187654321', '+5511987654321']);
  t.deepEqual(numberVariants('+5511987654321'), ['+5511987654321', '+551187654321']);
  t.deepEqual(numberVariants('+551133334444'), ['+551133334444'], 'landlines have no ninth digit');
  t.deepEqual(numberVariants('+5215512345678'), ['+5215512345678', '+525512345678']);
  t.deepEqual(numberVariants('+16505551234'), ['+16505551234']);
  t.is(waIdToE164('16505551234'), '+16505551234');
  t.is(waIdToE164('+16505551234'), null);
});
