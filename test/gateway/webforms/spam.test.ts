// Every spam rule of gateway/webforms/README.md §4.3: honeypot, ALTCHA proof of work (missing,
// tampered, for another form, replayed, expired, test payload), minimum fill time (captcha and
// hosted-page token), per-IP and per-form rate limits, the daily cap with its notice, and a
// flood from one address that leaves other forms and addresses served.
import test from 'ava';
import type { Challenge } from 'altcha-lib';
import { newChallenge } from '../../../gateway/webforms/captcha.js';
import { fillToken } from '../../../gateway/webforms/tokens.js';
import {
  awayFromMinuteEdge,
  intakeUrl,
  postForm,
  postJson,
  records,
  startWebforms,
} from './fixture.js';
import { solve } from './altcha-solution.js';

const VISITOR = { lastname: 'Visitor', email: 'v@example.org' };

async function fetchChallenge(url: string): Promise<Challenge> {
  const res = await fetch(`${url}/challenge`);
  if (res.status !== 200) throw new Error(`challenge: ${res.status}`);
  return (await res.json()) as Challenge;
}

test('a filled honeypot looks like success but stores nothing', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ returnUrl: 'https://www.example.com/thanks' });
  const res = await postForm(intakeUrl(gw, f), {
    ...VISITOR,
    _wf_website: 'http://buy-pills.example',
  });
  t.is(res.status, 303);
  t.is(res.headers.get('location'), 'https://www.example.com/thanks?success=1');
  t.is((await postJson(intakeUrl(gw, f), { ...VISITOR, _wf_website: 'x' })).status, 201);
  t.deepEqual(await records(gw), []);
  t.deepEqual(await service.inbox.recent(f.id), []);
  t.deepEqual(await gw.store.exchangeLog.list({ system: 'webforms' }), []);
});

test('the captcha: solved passes; missing, tampered, foreign, replayed, expired and test payloads fail', async (t) => {
  t.timeout(90_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ captcha: true });
  const other = await form({ captcha: true, name: 'Other' });
  const url = intakeUrl(gw, f);
  const missing = await postJson(url, VISITOR);
  t.is(missing.status, 400);
  t.regex(JSON.stringify(await missing.json()), /complete the spam check/);

  const good = await solve(await fetchChallenge(url));
  t.is((await postJson(url, { ...VISITOR, altcha: good })).status, 201);
  const replay = await postJson(url, { ...VISITOR, lastname: 'Replay', altcha: good });
  t.is(replay.status, 400);
  t.regex(JSON.stringify(await replay.json()), /already used/);

  const tamperedChallenge = await fetchChallenge(url);
  const tampered = await solve({
    ...tamperedChallenge,
    parameters: { ...tamperedChallenge.parameters, data: { form: f.publicId, iat: 0 } },
  });
  t.is((await postJson(url, { ...VISITOR, altcha: tampered })).status, 400);
  const foreign = await solve(await fetchChallenge(intakeUrl(gw, other)));
  t.is((await postJson(url, { ...VISITOR, altcha: foreign })).status, 400);
  const expired = await solve(
    await newChallenge(
      { cost: 1000, secrets: service.options.secrets },
      f.publicId,
      Date.now() - 11 * 60_000,
    ),
  );
  const late = await postJson(url, { ...VISITOR, altcha: expired });
  t.is(late.status, 400);
  t.regex(JSON.stringify(await late.json()), /expired/);
  const testMode = Buffer.from(
    JSON.stringify({ challenge: null, solution: null, test: true }),
  ).toString('base64');
  t.is((await postJson(url, { ...VISITOR, altcha: testMode })).status, 400);
  t.is((await postJson(url, { ...VISITOR, altcha: 'not base64 json' })).status, 400);
  const html = await postForm(url, { ...VISITOR, lastname: 'Kept' });
  t.is(html.status, 400);
  t.regex(await html.text(), /value="Kept"[\s\S]*altcha-widget/);
  t.is((await records(gw)).length, 1);
});

test('the minimum fill time: the captcha time and the hosted page token', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const captcha = await form({ captcha: true, minFillSeconds: 30 });
  const quick = await postJson(intakeUrl(gw, captcha), {
    ...VISITOR,
    altcha: await solve(await fetchChallenge(intakeUrl(gw, captcha))),
  });
  t.is(quick.status, 400);
  t.regex(JSON.stringify(await quick.json()), /very quick/);

  const hosted = await form({ minFillSeconds: 30, name: 'Hosted' });
  const token =
    /name="_wf_t" value="([^"]+)"/.exec(await (await fetch(intakeUrl(gw, hosted))).text())?.[1] ??
    '';
  t.is(
    (await postJson(intakeUrl(gw, hosted), { ...VISITOR, _wf_t: token })).status,
    400,
    'submitted at once',
  );
  const forged = token.replace(/^\d+/, String(Date.now() - 60_000));
  t.is(
    (await postJson(intakeUrl(gw, hosted), { ...VISITOR, _wf_t: forged })).status,
    400,
    'an altered time breaks the signature',
  );
  const earlier = fillToken(service.options.secrets.fillTime, hosted.publicId, Date.now() - 31_000);
  t.is(
    (await postJson(intakeUrl(gw, hosted), { ...VISITOR, _wf_t: earlier })).status,
    201,
    'a page loaded 31 s ago passes',
  );
  const elsewhere = fillToken(
    service.options.secrets.fillTime,
    captcha.publicId,
    Date.now() - 31_000,
  );
  t.is(
    (await postJson(intakeUrl(gw, hosted), { ...VISITOR, _wf_t: elsewhere })).status,
    400,
    'a token of another form does not',
  );
  t.is(
    (await postJson(intakeUrl(gw, hosted), VISITOR)).status,
    201,
    'the static embed without captcha carries no time',
  );
  t.is((await records(gw)).length, 2);
});

test('per-address and per-form rate limits answer 429 with Retry-After', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t, { GATEWAY_TRUST_PROXY: 'true' });
  const perIp = await form({ ipLimit: 3, formLimit: 0 });
  await awayFromMinuteEdge();
  const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip });
  for (let i = 0; i < 3; i++)
    t.is((await postJson(intakeUrl(gw, perIp), VISITOR, from('198.51.100.1'))).status, 201);
  const limited = await postJson(intakeUrl(gw, perIp), VISITOR, from('198.51.100.1'));
  t.is(limited.status, 429);
  t.regex(limited.headers.get('retry-after') ?? '', /^\d+$/);
  t.like(await limited.json(), { ok: false, error: 'unavailable' });
  const page = await postForm(intakeUrl(gw, perIp), VISITOR, from('198.51.100.1'));
  t.is(page.status, 429);
  t.regex(await page.text(), /Too many submissions from your address/);
  t.is(
    (await postJson(intakeUrl(gw, perIp), VISITOR, from('198.51.100.2'))).status,
    201,
    'another address is served',
  );

  const perForm = await form({ ipLimit: 0, formLimit: 2, name: 'Busy' });
  await awayFromMinuteEdge();
  t.is((await postJson(intakeUrl(gw, perForm), VISITOR, from('192.0.2.1'))).status, 201);
  t.is((await postJson(intakeUrl(gw, perForm), VISITOR, from('192.0.2.2'))).status, 201);
  t.is((await postJson(intakeUrl(gw, perForm), VISITOR, from('192.0.2.3'))).status, 429);
  t.is((await records(gw)).length, 6);
});

test('over the daily cap submissions get 429 and the owner is notified once', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ dailyCap: 2 });
  t.is((await postJson(intakeUrl(gw, f), VISITOR)).status, 201);
  t.is((await postJson(intakeUrl(gw, f), VISITOR)).status, 201);
  for (let i = 0; i < 3; i++) {
    const res = await postJson(intakeUrl(gw, f), VISITOR);
    t.is(res.status, 429);
    t.regex(JSON.stringify(await res.json()), /most submissions it accepts today/);
  }
  t.is((await records(gw)).length, 2);
  const notices = (await gw.store.exchangeLog.list({ system: 'webforms', status: 'error' })).filter(
    (e) => /Daily cap of 2/.test(e.error ?? ''),
  );
  t.is(notices.length, 1);
  t.is((await service.forms.get(f.id))?.capReachedOn, new Date().toISOString().slice(0, 10));
});

test('a flood from one address gets 429 while other forms and addresses keep working', async (t) => {
  t.timeout(90_000);
  const { gw, form } = await startWebforms(t, { GATEWAY_TRUST_PROXY: 'true' });
  const target = await form({ ipLimit: 10, formLimit: 1000 });
  const bystander = await form({ ipLimit: 10, name: 'Newsletter' });
  await awayFromMinuteEdge();
  const flood = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      postJson(
        intakeUrl(gw, target),
        { ...VISITOR, lastname: `Flood ${i}` },
        { 'x-forwarded-for': '203.0.113.66' },
      ),
    ),
  );
  const statuses = flood.map((r) => r.status);
  t.is(statuses.filter((s) => s === 201).length, 10);
  t.is(statuses.filter((s) => s === 429).length, 50);
  t.is(
    (await postJson(intakeUrl(gw, bystander), VISITOR, { 'x-forwarded-for': '203.0.113.66' }))
      .status,
    201,
  );
  t.is(
    (await postJson(intakeUrl(gw, target), VISITOR, { 'x-forwarded-for': '203.0.113.67' })).status,
    201,
  );
  t.is((await fetch(`${gw.url}/healthz`)).status, 200);
  t.is((await records(gw)).length, 12);
});
