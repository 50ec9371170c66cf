// Shared set-up of the webform tests: a gateway, forms made through the repository, posts, and
// a second loopback origin standing for the customer's web site.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import type { StartOptions } from '../../../gateway/server.js';
import type { WebformService } from '../../../gateway/webforms/service.js';
import type { Webform, WebformSettings } from '../../../store/webforms/types.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';

export interface WebformGateway {
  readonly gw: TestGateway;
  readonly service: WebformService;
  form(overrides?: Partial<WebformSettings>): Promise<Webform>;
}

export const LEAD_FIELDS: WebformSettings['fields'] = [
  { name: 'firstname', label: 'First name', required: false, override: null },
  { name: 'lastname', label: 'Last name', required: true, override: null },
  { name: 'email', label: 'E-mail', required: true, override: null },
  { name: 'company', label: 'Company', required: false, override: null },
  { name: 'description', label: 'Your message', required: false, override: null },
  { name: 'leadsource', label: 'Lead source', required: false, override: 'Web Site' },
];

export function settings(overrides: Partial<WebformSettings> = {}): WebformSettings {
  return {
    name: 'Contact us',
    module: 'Leads',
    owner: { kind: 'user', id: 1 },
    returnUrl: null,
    allowedOrigins: [],
    captcha: false,
    allowFiles: false,
    dailyCap: 500,
    ipLimit: 0,
    formLimit: 0,
    minFillSeconds: 0,
    dedupe: 'none',
    active: true,
    fields: LEAD_FIELDS,
    ...overrides,
  };
}

export async function startWebforms(
  t: ExecutionContext,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<WebformGateway> {
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false', ...env }, options);
  t.teardown(() => gw.dispose());
  // The server's one service: forms made here are the ones its intake serves.
  const service = gw.webforms;
  return { gw, service, form: (overrides = {}) => service.forms.create(settings(overrides), 1) };
}

export function intakeUrl(gw: TestGateway, form: Webform): string {
  return `${gw.url}/webforms/${form.publicId}`;
}

export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    signal: AbortSignal.timeout(20_000),
  });
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    signal: AbortSignal.timeout(20_000),
  });
}

/** Live (not deleted) records of a module, read as the admin. */
export async function records(
  gw: TestGateway,
  module = 'Leads',
): Promise<
  {
    id: number;
    values: Readonly<Record<string, string | null>>;
    owner: { kind: string; id: number };
  }[]
> {
  const admin = await gw.store.users.actor(1);
  if (!admin) throw new Error('no admin');
  return gw.store.records.list(admin, module);
}

/** A tiny web site on another loopback port: the origin that embeds the form. */
export async function siteOrigin(
  t: ExecutionContext,
  pages: Record<string, string>,
): Promise<string> {
  const server: Server = createServer((req, res) => {
    const body = pages[(req.url ?? '/').split('?')[0] ?? '/'];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  // "localhost" is a different origin (and site) from the gateway's 127.0.0.1.
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** Rate limits count per clock minute: start a burst well inside one, so it cannot straddle two. */
export async function awayFromMinuteEdge(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 100));
}
