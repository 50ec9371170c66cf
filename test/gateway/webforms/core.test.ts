// The pure cores of the webform edge, without HTTP: validation, origin decisions, fill-time
// tokens, the attachment allow-list and return-URL rules.
import test from 'ava';
import { decideOrigin } from '../../../gateway/webforms/cors.js';
import { checkFile, safeFileName } from '../../../gateway/webforms/file-types.js';
import { fillToken, readFillToken } from '../../../gateway/webforms/tokens.js';
import { validateSubmission } from '../../../gateway/webforms/validate.js';
import { getModule } from '../../../store/modules/registry.js';
import type { Webform } from '../../../store/webforms/types.js';
import { checkReturnUrl } from '../../../store/webforms/webform-rules.js';
import { settings } from './fixture.js';

const form: Webform = {
  ...settings({
    fields: [
      { name: 'lastname', label: 'Last name', required: true, override: null },
      { name: 'emailoptout', label: 'No newsletter', required: false, override: null },
      { name: 'industry', label: 'Industry', required: false, override: null },
      { name: 'annualrevenue', label: 'Revenue', required: false, override: null },
      { name: 'leadsource', label: 'Source', required: false, override: 'Web Site' },
      { name: 'description', label: 'Message', required: false, override: null },
    ],
  }),
  id: 1,
  publicId: 'p'.repeat(24),
  creatorId: 1,
  capReachedOn: null,
  createdAt: '',
  modifiedAt: '',
};

test('validation trims, reads checkboxes, keeps line breaks in text and lets overrides win', (t) => {
  const r = validateSubmission(
    form,
    getModule('Leads'),
    {
      lastname: ['  Doe  '],
      emailoptout: ['on'],
      description: ['a\r\nb'],
      leadsource: ['Cold Call'],
      industry: ['Banking'],
    },
    { industry: ['Banking'] },
  );
  t.deepEqual(r.errors, {});
  t.deepEqual(r.values, {
    lastname: 'Doe',
    emailoptout: '1',
    industry: 'Banking',
    leadsource: 'Web Site',
    description: 'a\nb',
  });
  t.false('leadsource' in r.received);
  const bad = validateSubmission(
    form,
    getModule('Leads'),
    { annualrevenue: ['1,000'], industry: ['Unknown'] },
    { industry: ['Banking'] },
  );
  t.deepEqual(Object.keys(bad.errors).sort(), ['annualrevenue', 'industry', 'lastname']);
});

test('origins, tokens, files and return URLs', (t) => {
  t.deepEqual(decideOrigin(['https://a.example'], 'https://a.example'), {
    allowed: true,
    corsOrigin: 'https://a.example',
  });
  t.deepEqual(decideOrigin(['https://a.example'], 'https://b.example'), { allowed: false });
  t.deepEqual(decideOrigin([], 'https://b.example'), { allowed: true, corsOrigin: null });
  t.deepEqual(decideOrigin(['https://a.example'], null), { allowed: true, corsOrigin: null });
  const token = fillToken('secret', 'form-a', 1_700_000_000_000);
  t.is(readFillToken('secret', 'form-a', token), 1_700_000_000_000);
  t.is(readFillToken('secret', 'form-b', token), null);
  t.is(readFillToken('other', 'form-a', token), null);
  t.is(readFillToken('secret', 'form-a', `1${token}`), null);
  t.deepEqual(checkFile('a.PDF', Buffer.from('%PDF-1.7'), ['pdf']), { mime: 'application/pdf' });
  t.true('error' in checkFile('a.pdf', Buffer.from('<html>'), ['pdf']));
  t.true(
    'error' in checkFile('a.svg', Buffer.from('<svg>'), ['pdf', 'svg']),
    'svg is never on the list: it can carry script',
  );
  t.is(safeFileName('C:\\Users\\x\\..\\evil"\r\n.pdf'), 'evil.pdf');
  t.is(checkReturnUrl('https://x.example/a b'.replace(' ', '%20')), 'https://x.example/a%20b');
  t.throws(() => checkReturnUrl('https://x.example/\nLocation: y'));
  t.is(checkReturnUrl(''), null);
});
