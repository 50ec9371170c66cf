// The generated embed code on another web site (a second loopback origin), filled in and sent
// by headless Chromium, with and without the ALTCHA captcha; then the record is in the CRM.
import test, { type ExecutionContext } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/chromium.js';
import { records, siteOrigin, startWebforms } from './fixture.js';

async function browser(t: ExecutionContext): Promise<Browser | null> {
  const b = await launchChromium();
  if (!b) {
    t.log('Chromium not installed: skipped (run scripts/test-peers.sh as root)');
    return null;
  }
  t.teardown(() => b.close());
  return b;
}

/** Waits until the widget has put its solved payload into the form (no eval: the CSP forbids it). */
async function solved(page: Page): Promise<void> {
  const input = page.locator('input[name=altcha]');
  for (let i = 0; i < 300; i++) {
    if ((await input.count()) > 0 && (await input.inputValue()) !== '') return;
    await page.waitForTimeout(100);
  }
  throw new Error('the captcha was not solved');
}

function sitePage(embed: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example Ltd — contact</title></head><body><h1>Contact us</h1>${embed}</body></html>`;
}

test('the embed without captcha works without JavaScript and creates the lead', async (t) => {
  t.timeout(90_000);
  const b = await browser(t);
  if (!b) return t.pass();
  const { gw, service, form } = await startWebforms(t);
  const f = await form({ returnUrl: 'http://localhost:1/thanks' });
  const site = await siteOrigin(t, { '/contact': sitePage(await service.html(f, gw.url)) });
  const context = await b.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site}/contact`);
  await page.getByLabel('First name').fill('Grace');
  await page.getByLabel('Last name').fill('Hopper');
  await page.getByLabel('E-mail').fill('grace@example.org');
  await page.getByLabel('Your message').fill('Please call me <back>');
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().startsWith(`${gw.url}/webforms/`) && r.request().method() === 'POST',
    ),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  t.is(response.status(), 303);
  t.is(response.headers()['location'], 'http://localhost:1/thanks?success=1');
  const [lead] = await records(gw);
  t.like(lead?.values, {
    firstname: 'Grace',
    lastname: 'Hopper',
    email: 'grace@example.org',
    description: 'Please call me <back>',
    leadsource: 'Web Site',
  });
});

test('the embed with the ALTCHA captcha is solved in Chromium and creates the lead', async (t) => {
  t.timeout(90_000);
  const b = await browser(t);
  if (!b) return t.pass();
  const { gw, service, form } = await startWebforms(t);
  const f = await form({ captcha: true, minFillSeconds: 2, ipLimit: 10 });
  const embed = await service.html(f, gw.url);
  const site = await siteOrigin(t, { '/contact': sitePage(embed) });
  const page = await (await b.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
      errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${site}/contact`);
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('E-mail').fill('ada@example.org');
  // auto="onload": the widget fetched its challenge from the gateway and solved it.
  await solved(page);
  await page.waitForTimeout(2100);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('text=Your message was received', { timeout: 20_000 });
  const [lead] = await records(gw);
  t.like(lead?.values, { lastname: 'Lovelace', email: 'ada@example.org' });

  // The hosted copy runs the same widget under the gateway's strict Content-Security-Policy.
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${gw.url}/webforms/${f.publicId}`);
  await page.getByLabel('Last name').fill('Byron');
  await page.getByLabel('E-mail').fill('byron@example.org');
  await solved(page);
  await page.waitForTimeout(2100);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('text=Your message was received', { timeout: 20_000 });
  t.deepEqual(errors, []);
  t.is((await records(gw)).length, 2);
});

test('a mistake found by the server shows the form again with the typed values, then it goes through', async (t) => {
  t.timeout(90_000);
  const b = await browser(t);
  if (!b) return t.pass();
  const { gw, service, form } = await startWebforms(t);
  const f = await form();
  const site = await siteOrigin(t, { '/contact': sitePage(await service.html(f, gw.url)) });
  const page = await (await b.newContext()).newPage();
  await page.goto(`${site}/contact`);
  await page.getByLabel('Last name').fill('Turing');
  // "alan@bletchley" satisfies the browser's type=email check but not the gateway's.
  await page.getByLabel('E-mail').fill('alan@bletchley');
  await page.getByLabel('Your message').fill('Enigma <question>');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('.crm-webform-errors');
  t.is(await page.getByLabel('Last name').inputValue(), 'Turing');
  t.is(await page.getByLabel('Your message').inputValue(), 'Enigma <question>');
  t.is(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
  t.regex(await page.locator('[role=alert]').innerText(), /e-mail address like name@example\.com/);
  await page.getByLabel('E-mail').fill('alan@bletchley.example');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('text=Your message was received');
  const [lead] = await records(gw);
  t.like(lead?.values, {
    lastname: 'Turing',
    email: 'alan@bletchley.example',
    description: 'Enigma <question>',
  });
});
