// CORS and origins (gateway/webforms/README.md §4.2): a form with allowed origins answers those
// sites readably and refuses every other (plain posts included) with 403 and nothing stored; a
// form without any accepts plain posts from anywhere but gives no site a readable answer.
import test from 'ava';
import { intakeUrl, postForm, postJson, records, startWebforms } from './fixture.js';

const SITE = 'https://www.example.com';

test('an allowed origin gets a preflight and a readable answer', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form({ allowedOrigins: [SITE] });
  const pre = await fetch(intakeUrl(gw, f), {
    method: 'OPTIONS',
    headers: {
      origin: SITE,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  t.is(pre.status, 204);
  t.is(pre.headers.get('access-control-allow-origin'), SITE);
  t.regex(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
  t.regex(pre.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);
  t.is(pre.headers.get('access-control-allow-credentials'), null);
  const res = await postJson(
    intakeUrl(gw, f),
    { lastname: 'Cors', email: 'c@example.org' },
    { origin: SITE },
  );
  t.is(res.status, 201);
  t.is(res.headers.get('access-control-allow-origin'), SITE);
  t.regex(res.headers.get('vary') ?? '', /Origin/);
  const challenge = await fetch(`${intakeUrl(gw, f)}/challenge`, { headers: { origin: SITE } });
  t.is(challenge.headers.get('access-control-allow-origin'), SITE);
  t.is((await records(gw)).length, 1);
});

test('a disallowed origin is refused with 403 and nothing stored', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ allowedOrigins: [SITE] });
  const pre = await fetch(intakeUrl(gw, f), {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  t.is(pre.status, 403);
  t.is(pre.headers.get('access-control-allow-origin'), null);
  for (const origin of [
    'https://evil.example',
    'null',
    'https://www.example.com.evil.example',
    'http://www.example.com',
  ]) {
    const plain = await postForm(
      intakeUrl(gw, f),
      { lastname: 'Evil', email: 'e@example.org' },
      { origin },
    );
    t.is(plain.status, 403, origin);
    t.regex(await plain.text(), /does not accept submissions from this web site/);
    t.is(plain.headers.get('access-control-allow-origin'), null);
  }
  const json = await postJson(
    intakeUrl(gw, f),
    { lastname: 'Evil', email: 'e@example.org' },
    { origin: 'https://evil.example' },
  );
  t.is(json.status, 403);
  t.like(await json.json(), { ok: false, error: 'forbidden' });
  const challenge = await fetch(`${intakeUrl(gw, f)}/challenge`, {
    headers: { origin: 'https://evil.example' },
  });
  t.is(challenge.headers.get('access-control-allow-origin'), null);
  t.deepEqual(await records(gw), []);
  t.deepEqual(await service.inbox.recent(f.id), []);
});

test('without allowed origins plain posts are accepted from any site, without CORS', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form();
  const res = await postForm(
    intakeUrl(gw, f),
    { lastname: 'Anywhere', email: 'a@example.org' },
    { origin: 'https://any.example' },
  );
  t.is(res.status, 200);
  t.is(res.headers.get('access-control-allow-origin'), null);
  t.is(
    (
      await fetch(intakeUrl(gw, f), {
        method: 'OPTIONS',
        headers: { origin: 'https://any.example' },
      })
    ).status,
    403,
  );
  t.is(
    (
      await fetch(`${intakeUrl(gw, f)}/challenge`, { headers: { origin: 'https://any.example' } })
    ).headers.get('access-control-allow-origin'),
    '*',
  );
  t.is((await records(gw)).length, 1);
});
