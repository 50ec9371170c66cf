// The public intake over real HTTP: the three body formats, validation with the visitor's values
// kept, redirects only to the configured return URL, overrides and assignment from the form,
// and the bad inputs (missing and forged ids, header injection, unknown fields).
import test from 'ava';
import { intakeUrl, postForm, postJson, records, startWebforms } from './fixture.js';

test('urlencoded, JSON and multipart submissions each create a lead', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form();
  const url = intakeUrl(gw, f);
  const page = await postForm(url, { lastname: 'Urlencoded', email: 'u@example.org' });
  t.is(page.status, 200);
  t.regex(await page.text(), /Your message was received/);
  const json = await postJson(url, { lastname: 'Json', email: 'j@example.org', firstname: 42 });
  t.is(json.status, 201);
  t.deepEqual(await json.json(), { ok: true });
  const multipart = new FormData();
  multipart.set('lastname', 'Multipart');
  multipart.set('email', 'm@example.org');
  const mp = await fetch(url, {
    method: 'POST',
    body: multipart,
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
  t.is(mp.status, 201);
  const leads = await records(gw);
  t.deepEqual(
    leads.map((l) => l.values.lastname),
    ['Urlencoded', 'Json', 'Multipart'],
  );
  t.is(leads[1]?.values.firstname, '42');
  t.true(leads.every((l) => l.values.leadsource === 'Web Site'));
  const log = await gw.store.exchangeLog.list({ system: 'webforms' });
  t.is(log.length, 3);
  t.true(log.every((e) => e.status === 'ok' && e.created === 1 && e.connection === f.publicId));
});

test('validation errors come back with every message and the values the visitor typed', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({
    fields: [
      { name: 'lastname', label: 'Last name', required: true, override: null },
      { name: 'email', label: 'E-mail', required: true, override: null },
      { name: 'noofemployees', label: 'Employees', required: false, override: null },
      { name: 'industry', label: 'Industry', required: false, override: null },
      { name: 'description', label: 'Message', required: false, override: null },
    ],
  });
  const url = intakeUrl(gw, f);
  const res = await postForm(url, {
    lastname: '  ',
    email: 'not-an-address',
    noofemployees: 'many',
    industry: 'Spam & Eggs',
    description: 'Keep <this> text',
  });
  t.is(res.status, 400);
  const page = await res.text();
  t.regex(page, /Please fill in Last name\./);
  t.regex(page, /Please enter an e-mail address like name@example\.com\./);
  t.regex(page, /Please enter a whole number for Employees\./);
  t.regex(page, /Please choose one of the options for Industry\./);
  t.regex(page, /value="not-an-address"/);
  t.regex(page, /value="many"/);
  t.regex(page, />Keep &lt;this&gt; text<\/textarea>/);
  t.regex(page, /aria-invalid="true" aria-describedby="wf-[^"]+-email-error"/);
  t.regex(
    page,
    /name="_wf_t" value="\d+\.[A-Za-z0-9_-]+"/,
    'the form shown again carries a fill-time token',
  );
  t.regex(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  const json = await postJson(url, { lastname: 'Ok', email: 'x', description: 'x'.repeat(10_001) });
  t.is(json.status, 400);
  const body = (await json.json()) as { ok: boolean; errors: Record<string, string> };
  t.false(body.ok);
  t.deepEqual(Object.keys(body.errors).sort(), ['description', 'email']);
  t.regex(body.errors.description ?? '', /at most 10000 characters/);
  t.deepEqual(await records(gw), [], 'nothing stored for rejected submissions');
  t.is((await service.inbox.recent(f.id)).length, 0);
});

test('a return URL gets a 303 with success=1; a redirect in the request is ignored', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form({ returnUrl: 'https://www.example.com/thanks?from=form' });
  const res = await postForm(intakeUrl(gw, f), {
    lastname: 'Redirected',
    email: 'r@example.org',
    redirect_url: 'https://evil.example/',
    retURL: 'https://evil.example/',
    return_url: 'https://evil.example/',
  });
  t.is(res.status, 303);
  t.is(res.headers.get('location'), 'https://www.example.com/thanks?from=form&success=1');
  const json = await postJson(intakeUrl(gw, f), { lastname: 'Scripted', email: 's@example.org' });
  t.is(json.status, 201, 'scripted posts get JSON, not a redirect');
});

test('overrides, the assigned group and the form author come from the form, never from the post', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const group = await gw.store.groups.create('Sales');
  const f = await form({ owner: { kind: 'group', id: group.id } });
  const res = await postJson(intakeUrl(gw, f), {
    lastname: 'Owner',
    email: 'o@example.org',
    leadsource: 'Cold Call',
    assigned_user_id: '19x1',
    lead_no: 'X',
    unknown_field: 'x',
    ['__proto__']: 'x',
  });
  t.is(res.status, 201);
  const [lead] = await records(gw);
  t.is(lead?.values.leadsource, 'Web Site');
  t.deepEqual(lead?.owner, { kind: 'group', id: group.id });
});

test('scripts in values are stored as text', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form();
  const script = '<script>alert(1)</script>';
  t.is(
    (
      await postForm(intakeUrl(gw, f), {
        lastname: script,
        email: 'x@example.org',
        description: `"><img src=x onerror=alert(1)>`,
      })
    ).status,
    200,
  );
  const [lead] = await records(gw);
  t.is(lead?.values.lastname, script);
  t.is(lead?.values.description, `"><img src=x onerror=alert(1)>`);
});

test('missing, forged, malformed and inactive form ids get a clear 404', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form();
  for (const id of [
    'AAAAAAAAAAAAAAAAAAAAAAAA',
    'short',
    '..%2f..%2fetc',
    `${f.publicId}x`,
    '%3Cscript%3E',
  ]) {
    const res = await postForm(`${gw.url}/webforms/${id}`, {
      lastname: 'X',
      email: 'x@example.org',
    });
    t.is(res.status, 404, id);
    t.notRegex(await res.text(), /<script>/);
  }
  t.is(
    (await postJson(`${gw.url}/webforms/AAAAAAAAAAAAAAAAAAAAAAAA`, { lastname: 'X' })).status,
    404,
  );
  t.is((await postForm(`${gw.url}/webforms/`, { lastname: 'X' })).status, 404);
  await service.forms.update(f.id, { ...f, active: false });
  service.forget(f.publicId);
  t.is((await postForm(intakeUrl(gw, f), { lastname: 'X', email: 'x@example.org' })).status, 404);
  t.is((await fetch(intakeUrl(gw, f))).status, 404);
  t.deepEqual(await records(gw), []);
});

test('the hosted form page is the embed with a fill-time token and a strict policy', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form({ captcha: true, returnUrl: 'https://www.example.com/thanks' });
  const res = await fetch(intakeUrl(gw, f));
  t.is(res.status, 200);
  const page = await res.text();
  t.regex(
    page,
    new RegExp(
      `<form action="${gw.url}/webforms/${f.publicId}" method="post" accept-charset="utf-8"`,
    ),
  );
  t.regex(page, /<label for="wf-[^"]+-lastname">Last name/);
  t.regex(page, /<altcha-widget challenge="[^"]+\/challenge" auto="onload" name="altcha">/);
  t.regex(page, /name="_wf_website" value="" tabindex="-1" autocomplete="off"/);
  t.regex(
    res.headers.get('content-security-policy') ?? '',
    /form-action 'self' https:\/\/www\.example\.com/,
  );
  const widget = await fetch(`${gw.url}/webforms/assets/altcha.js`);
  t.is(widget.status, 200);
  t.is(widget.headers.get('access-control-allow-origin'), '*');
  t.regex(widget.headers.get('content-type') ?? '', /javascript/);
  t.true((await widget.arrayBuffer()).byteLength > 10_000);
});

test('form definitions refuse header injection in the return URL and bad origins', async (t) => {
  t.timeout(60_000);
  const { form } = await startWebforms(t);
  for (const returnUrl of [
    'https://x.example/\r\nSet-Cookie: a=b',
    'https://x.example/%0d%0a ok',
    'javascript:alert(1)',
    '/relative',
    'https://user:pw@x.example/',
  ]) {
    await t.throwsAsync(form({ returnUrl }), { message: /return URL/ }, returnUrl);
  }
  await t.throwsAsync(form({ allowedOrigins: ['https://x.example/path'] }), { message: /origin/ });
  await t.throwsAsync(
    form({ fields: [{ name: 'assigned_user_id', label: 'x', required: false, override: null }] }),
    { message: /no field/ },
  );
  await t.throwsAsync(
    form({ fields: [{ name: 'firstname', label: 'x', required: false, override: null }] }),
    { message: /requires lastname/ },
  );
  const ok = await form({
    returnUrl: 'https://x.example/thanks?a=1#top',
    allowedOrigins: ['https://WWW.Example.com/'],
  });
  t.deepEqual(ok.allowedOrigins, ['https://www.example.com']);
});
