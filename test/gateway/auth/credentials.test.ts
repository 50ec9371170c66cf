// parseAuthorization: Basic per RFC 7617 §2 (user-id up to the first colon, UTF-8, no control
// characters), Bearer per RFC 6750 §2.1 (b64token), scheme names in any case (RFC 9110 §11.1);
// whatever is not well formed is null, as if no credentials were sent.
import test from 'ava';
import { parseAuthorization, sameSecret } from '../../../gateway/auth/credentials.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

test('Basic: user and secret, the secret keeping every colon after the first', (t) => {
  t.deepEqual(parseAuthorization(`Basic ${b64('alice:open sesame')}`), {
    scheme: 'basic',
    user: 'alice',
    secret: 'open sesame',
  });
  t.deepEqual(parseAuthorization(`Basic ${b64('alice:a:b::c:')}`), {
    scheme: 'basic',
    user: 'alice',
    secret: 'a:b::c:',
  });
  // RFC 7617 §2 example.
  t.deepEqual(parseAuthorization('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='), {
    scheme: 'basic',
    user: 'Aladdin',
    secret: 'open sesame',
  });
});

test('Basic: an empty user or an empty secret is well formed (the secret check refuses it)', (t) => {
  t.deepEqual(parseAuthorization(`Basic ${b64(':secret')}`), {
    scheme: 'basic',
    user: '',
    secret: 'secret',
  });
  t.deepEqual(parseAuthorization(`Basic ${b64('bob:')}`), {
    scheme: 'basic',
    user: 'bob',
    secret: '',
  });
  t.deepEqual(parseAuthorization(`Basic ${b64(':')}`), { scheme: 'basic', user: '', secret: '' });
});

test('Basic: UTF-8 user names and secrets (RFC 7617 §2.1), test vector included', (t) => {
  // RFC 7617 §2.1: "test" / "123£" → dGVzdDoxMjPCow==
  t.deepEqual(parseAuthorization('Basic dGVzdDoxMjPCow=='), {
    scheme: 'basic',
    user: 'test',
    secret: '123£',
  });
  t.deepEqual(parseAuthorization(`Basic ${b64('Jürgen Müller:пароль🔑')}`), {
    scheme: 'basic',
    user: 'Jürgen Müller',
    secret: 'пароль🔑',
  });
  // Latin-1 bytes are not UTF-8: refused rather than turned into replacement characters.
  t.is(
    parseAuthorization(`Basic ${Buffer.from('j\xfcrgen:x', 'latin1').toString('base64')}`),
    null,
  );
});

test('scheme names in any case, spaces around and between; padding may be left out', (t) => {
  const expected = { scheme: 'basic', user: 'a', secret: 'b' };
  t.deepEqual(parseAuthorization(`basic ${b64('a:b')}`), expected);
  t.deepEqual(parseAuthorization(`BASIC   ${b64('a:b')}  `), expected);
  t.deepEqual(parseAuthorization(`  Basic ${b64('a:b')}`), expected);
  t.deepEqual(parseAuthorization('Basic YTpi'), expected);
  t.deepEqual(parseAuthorization(`Basic ${b64('ab:c').replace(/=+$/, '')}`), {
    scheme: 'basic',
    user: 'ab',
    secret: 'c',
  });
  t.deepEqual(parseAuthorization('bearer abc'), { scheme: 'bearer', token: 'abc' });
  t.deepEqual(parseAuthorization('BEARER abc'), { scheme: 'bearer', token: 'abc' });
});

test('malformed Basic headers are null', (t) => {
  for (const header of [
    'Basic',
    'Basic ',
    'Basic  ',
    `Basic ${b64('no-colon-here')}`,
    'Basic not*base64!',
    'Basic YWxp Y2U6eA==',
    'Basic ====',
    'Basic YTpiY',
    `Basic ${b64('a:b')} extra`,
    `Basic\t${b64('a:b')}`,
    `Basic ${b64('al\u0000ice:x')}`,
    `Basic ${b64('alice:x\ny')}`,
    `Basic ${b64('a\u007fb:x')}`,
    `Basic=${b64('a:b')}`,
  ])
    t.is(parseAuthorization(header), null, JSON.stringify(header));
});

test('Bearer: b64token characters only (RFC 6750 §2.1), trailing = allowed', (t) => {
  t.deepEqual(parseAuthorization('Bearer mF_9.B5f-4.1JqM'), {
    scheme: 'bearer',
    token: 'mF_9.B5f-4.1JqM',
  });
  t.deepEqual(parseAuthorization('Bearer a+b/c~d=='), { scheme: 'bearer', token: 'a+b/c~d==' });
  for (const header of [
    'Bearer',
    'Bearer ',
    'Bearer a b',
    'Bearer =abc',
    'Bearer ab=c',
    'Bearer tök',
    'Bearer a,b',
    'Bearer "abc"',
  ])
    t.is(parseAuthorization(header), null, JSON.stringify(header));
});

test('absent headers and other schemes are null', (t) => {
  for (const header of [undefined, null, '', '   ', 'Digest username="a"', 'Negotiate abc', 'abc'])
    t.is(parseAuthorization(header), null, JSON.stringify(header));
});

test('sameSecret: equal non-empty strings only, unicode compared by bytes', (t) => {
  t.true(sameSecret('key-123', 'key-123'));
  t.false(sameSecret('key-123', 'key-124'));
  t.false(sameSecret('key-123', 'key-1234'));
  t.false(sameSecret('', ''));
  t.true(sameSecret('Schlüssel', 'Schlüssel'));
  t.false(sameSecret('Schlüssel', 'Schlu\u0308ssel'));
});
