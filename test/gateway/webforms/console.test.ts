// The webform pages of the console: builder (module first, then fields), the form's page with
// its embed code, submissions shown escaped, attachments as downloads, the daily-cap flag, and
// admin-only access.
import test from 'ava';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD } from '../../helpers/gateway.js';
import { intakeUrl, postForm, postJson, records, startWebforms } from './fixture.js';

async function adminClient(url: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(url);
  await client.login('admin', ADMIN_PASSWORD);
  return client;
}

test('an administrator builds a form in the console and gets its embed code', async (t) => {
  t.timeout(60_000);
  const { gw, service } = await startWebforms(t);
  const admin = await adminClient(gw.url);
  const list = await (await admin.get('/console/webforms')).text();
  t.regex(list, /<a href="\/console\/webforms" aria-current="page">Webforms<\/a>/);
  t.regex(list, /No webforms yet/);
  t.regex(await (await admin.get('/console/webforms/new')).text(), /<select name="module">/);
  const builder = await (await admin.get('/console/webforms/new?module=HelpDesk')).text();
  t.regex(
    builder,
    /<tr data-field="ticket_title"><td><input type="checkbox" name="use" value="ticket_title" aria-label="Use Title" checked>/,
  );
  const csrf = ConsoleClient.csrfOf(builder);
  const created = await admin.post('/console/webforms', {
    _csrf: csrf,
    module: 'HelpDesk',
    name: 'Support <request>',
    owner: 'user:1',
    return_url: 'https://www.example.com/thanks',
    allowed_origins: 'https://www.example.com\nhttps://shop.example.com',
    captcha: '1',
    active: '1',
    daily_cap: '50',
    ip_limit: '5',
    form_limit: '100',
    min_fill_seconds: '3',
    dedupe: 'none',
    use: ['ticket_title', 'description', 'ticketcategories'],
    'label.ticket_title': 'Subject',
    'label.description': 'What happened?',
    required: ['ticket_title', 'description'],
    'label.ticketcategories': 'Category',
    'override.ticketcategories': 'Other Problem',
  });
  t.is(created.status, 303);
  const location = created.headers.get('location') ?? '';
  t.regex(location, /^\/console\/webforms\/\d+$/);
  const [form] = await service.forms.list();
  t.like(form, {
    name: 'Support <request>',
    module: 'HelpDesk',
    captcha: true,
    dailyCap: 50,
    ipLimit: 5,
    allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
  });
  t.deepEqual(
    form?.fields.map((f) => [f.name, f.label, f.required, f.override]),
    [
      ['ticket_title', 'Subject', true, null],
      ['description', 'What happened?', true, null],
      ['ticketcategories', 'Category', false, 'Other Problem'],
    ],
  );
  const detail = await (await admin.get(location)).text();
  t.regex(detail, /<h1>Webform Support &lt;request&gt;<\/h1>/);
  t.regex(detail, /<summary class="button">Show form<\/summary>/);
  t.regex(
    detail,
    new RegExp(
      `&lt;form action=&quot;${gw.url}/webforms/${form?.publicId ?? ''}&quot; method=&quot;post&quot;`,
    ),
  );
  t.regex(detail, /&lt;altcha-widget/);
  t.regex(
    detail,
    new RegExp(`<code data-field="intake-url">${gw.url}/webforms/${form?.publicId ?? ''}</code>`),
  );
});

test('the builder refuses a return URL with a line break and keeps the old settings', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ returnUrl: 'https://www.example.com/ok' });
  const admin = await adminClient(gw.url);
  const edit = await (await admin.get(`/console/webforms/${f.id}/edit`)).text();
  const res = await admin.post(
    `/console/webforms/${f.id}`,
    {
      _csrf: ConsoleClient.csrfOf(edit),
      module: 'Leads',
      name: f.name,
      owner: 'user:1',
      return_url: 'https://www.example.com/\r\nSet-Cookie: x=1',
      allowed_origins: '',
      active: '1',
      daily_cap: '500',
      ip_limit: '0',
      form_limit: '0',
      min_fill_seconds: '0',
      dedupe: 'none',
      use: ['lastname'],
      required: ['lastname'],
      'label.lastname': 'Name',
    },
    { referer: `${gw.url}/console/webforms/${f.id}/edit` },
  );
  t.is(res.status, 303);
  const back = await (await admin.get(res.headers.get('location') ?? '')).text();
  t.regex(back, /class="flash error"[^>]*>The return URL must be one absolute http\(s\) URL/);
  t.is((await service.forms.get(f.id))?.returnUrl, 'https://www.example.com/ok');
});

test('submissions are listed escaped, attachments download, the cap is flagged', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form({ allowFiles: true, dailyCap: 2 });
  const data = new FormData();
  data.set('lastname', '<script>alert(1)</script>');
  data.set('email', 'x@example.org');
  data.append('attachment', new Blob(['<html><script>alert(2)</script>']), 'page.txt');
  t.is(
    (
      await fetch(intakeUrl(gw, f), {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json' },
      })
    ).status,
    201,
  );
  t.is(
    (await postForm(intakeUrl(gw, f), { lastname: 'Second', email: 'y@example.org' })).status,
    200,
  );
  t.is(
    (await postJson(intakeUrl(gw, f), { lastname: 'Third', email: 'z@example.org' })).status,
    429,
  );
  t.is((await records(gw)).length, 2);
  const admin = await adminClient(gw.url);
  const page = await (await admin.get(`/console/webforms/${f.id}`)).text();
  t.regex(page, /lastname: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  t.notRegex(page, /<script>alert/);
  const link = /<a href="(\/console\/webforms\/documents\/\d+)">page\.txt<\/a>/.exec(page)?.[1];
  t.truthy(link);
  const download = await admin.get(link ?? '');
  t.is(download.status, 200);
  t.is(download.headers.get('content-type'), 'application/octet-stream');
  t.regex(download.headers.get('content-disposition') ?? '', /^attachment; filename="page\.txt"/);
  t.is(download.headers.get('x-content-type-options'), 'nosniff');
  t.is(await download.text(), '<html><script>alert(2)</script>');
  const list = await (await admin.get('/console/webforms')).text();
  t.regex(list, /<span class="bad" data-flag="cap">daily cap of 2 reached today<\/span>/);
  t.regex(list, /<td>2 \/ 2<\/td>/);
});

test('webform pages are for administrators only', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t);
  const f = await form();
  await gw.store.users.create({
    userName: 'clerk',
    password: 'clerk-password-1',
    isAdmin: false,
    firstName: null,
    lastName: 'Clerk',
    email: null,
  });
  const clerk = new ConsoleClient(gw.url);
  await clerk.login('clerk', 'clerk-password-1');
  t.is((await clerk.get('/console/webforms')).status, 403);
  t.is((await clerk.get(`/console/webforms/${f.id}`)).status, 403);
  t.is(
    (await new ConsoleClient(gw.url).get('/console/webforms')).status,
    303,
    'anonymous visitors are sent to the login page',
  );
});
