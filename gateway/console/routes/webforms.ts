// Webforms in the console: list, builder (new/edit), a form's page with its embed code
// and recent submissions, retry of a failed submission, and attachment downloads (always as a
// download, never shown inline from the CRM origin: gateway/webforms/README.md §4.2 "Files").
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import { getModule } from '../../../store/modules/registry.js';
import { DocumentRepository } from '../../../store/webforms/documents.js';
import {
  isWebformModule,
  type DedupeMode,
  type Webform,
  type WebformSettings,
} from '../../../store/webforms/types.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { utcDay } from '../../webforms/limits.js';
import type { WebformService } from '../../webforms/service.js';
import { webformsBaseUrl } from '../../webforms/setup.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf, type Form } from '../form.js';
import { builderPage, modulePicker } from '../pages/webforms-builder.js';
import { webformPage, webformsListPage, type FormSummary } from '../pages/webforms.js';
import { page, redirect, requireAdmin } from './respond.js';

function whole(f: Form, name: string): number {
  const value = f.get(name).trim();
  if (!/^\d{1,9}$/.test(value))
    throw new GatewayError('invalid_input', `${name.replace(/_/g, ' ')} must be a whole number`);
  return Number(value);
}

function settingsFrom(f: Form): WebformSettings {
  const module = f.get('module');
  if (!isWebformModule(module))
    throw new GatewayError('invalid_input', `Webforms cannot create ${module} records`);
  const owner = /^(user|group):(\d{1,10})$/.exec(f.get('owner'));
  if (!owner?.[1] || !owner[2])
    throw new GatewayError('invalid_input', 'Choose who the records are assigned to');
  const required = new Set(f.all('required'));
  const dedupe = f.get('dedupe') as DedupeMode;
  return {
    name: f.get('name'),
    module,
    owner: { kind: owner[1] === 'group' ? 'group' : 'user', id: Number(owner[2]) },
    returnUrl: f.get('return_url') || null,
    allowedOrigins: f.get('allowed_origins').split(/[\s,]+/),
    captcha: f.get('captcha') === '1',
    allowFiles: f.get('allow_files') === '1',
    dailyCap: whole(f, 'daily_cap'),
    ipLimit: whole(f, 'ip_limit'),
    formLimit: whole(f, 'form_limit'),
    minFillSeconds: whole(f, 'min_fill_seconds'),
    dedupe,
    active: f.get('active') === '1',
    fields: f.all('use').map((name) => ({
      name,
      label: f.get(`label.${name}`),
      required: required.has(name),
      override: f.get(`override.${name}`) || null,
    })),
  };
}

function baseUrl(ctx: ConsoleContext, deps: ConsoleDeps): string {
  return webformsBaseUrl(deps.config, `${ctx.protocol}://${ctx.host}`);
}

async function summary(service: WebformService, form: Webform): Promise<FormSummary> {
  return {
    form,
    acceptedToday: Math.min(await service.limits.acceptedToday(form.id), form.dailyCap || Infinity),
    errors: (await service.inbox.counts(form.id)).error,
    capReachedToday: form.capReachedOn === utcDay(Date.now()),
  };
}

async function target(ctx: ConsoleContext, service: WebformService): Promise<Webform> {
  const form = await service.forms.get(idOf(String(ctx.params.id ?? ''), 'Webform'));
  if (!form) throw new GatewayError('not_found', 'There is no such webform');
  return form;
}

async function showBuilder(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  service: WebformService,
  form: Webform | null,
  module: string,
): Promise<void> {
  const input = {
    action: form ? `/console/webforms/${form.id}` : '/console/webforms',
    def: getModule(module),
    settings: form,
    defaults: service.options.defaults,
    users: await deps.store.users.list(),
    groups: await deps.store.groups.list(),
    csrf: ctx.state.console.csrfToken,
  };
  page(ctx, form ? `Edit webform ${form.name}` : 'New webform', builderPage(input));
}

async function showForm(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  service: WebformService,
  form: Webform,
): Promise<void> {
  const inbox = await service.inbox.recent(form.id, 50);
  const docs = new DocumentRepository(deps.store.db.knex);
  const documents = new Map<number, Awaited<ReturnType<DocumentRepository['forRecord']>>>();
  for (const id of new Set(inbox.flatMap((e) => (e.recordId ? [e.recordId] : []))))
    documents.set(id, await docs.forRecord(id));
  const base = baseUrl(ctx, deps);
  page(
    ctx,
    `Webform ${form.name}`,
    webformPage({
      summary: await summary(service, form),
      intakeUrl: `${base}/webforms/${form.publicId}`,
      embed: await service.html(form, base),
      inbox,
      documents,
      csrf: ctx.state.console.csrfToken,
    }),
  );
}

export function webformRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  webformPageRoutes(router, deps, deps.webforms);
  webformActionRoutes(router, deps.webforms);
}

function webformPageRoutes(
  router: Router<ConsoleCtxState>,
  deps: ConsoleDeps,
  s: WebformService,
): void {
  router.get('/console/webforms', async (ctx) => {
    requireAdmin(ctx);
    page(
      ctx,
      'Webforms',
      webformsListPage(await Promise.all((await s.forms.list()).map((f) => summary(s, f)))),
    );
  });
  router.get('/console/webforms/new', async (ctx) => {
    requireAdmin(ctx);
    const module = String(ctx.query.module ?? '');
    if (!isWebformModule(module)) return page(ctx, 'New webform', modulePicker(null));
    await showBuilder(ctx, deps, s, null, module);
  });
  router.get('/console/webforms/documents/:docId', async (ctx) => {
    requireAdmin(ctx);
    const doc = await new DocumentRepository(deps.store.db.knex).content(
      idOf(String(ctx.params.docId ?? ''), 'Document'),
    );
    if (!doc) throw new GatewayError('not_found', 'There is no such document');
    ctx.type = 'application/octet-stream';
    ctx.attachment(doc.info.fileName);
    ctx.body = doc.content;
  });
  router.get('/console/webforms/:id', async (ctx) => {
    requireAdmin(ctx);
    await showForm(ctx, deps, s, await target(ctx, s));
  });
  router.get('/console/webforms/:id/edit', async (ctx) => {
    requireAdmin(ctx);
    const form = await target(ctx, s);
    await showBuilder(ctx, deps, s, form, form.module);
  });
}

function webformActionRoutes(router: Router<ConsoleCtxState>, s: WebformService): void {
  router.post('/console/webforms', async (ctx) => {
    const { user } = requireAdmin(ctx);
    const form = await s.forms.create(settingsFrom(ctx.state.form as Form), user.id);
    redirect(ctx, `/console/webforms/${form.id}`, {
      kind: 'ok',
      text: `Webform ${form.name} was created.`,
    });
  });
  router.post('/console/webforms/:id', async (ctx) => {
    requireAdmin(ctx);
    const form = await s.forms.update(
      (await target(ctx, s)).id,
      settingsFrom(ctx.state.form as Form),
    );
    s.forget(form.publicId);
    redirect(ctx, `/console/webforms/${form.id}`, {
      kind: 'ok',
      text: `Webform ${form.name} was saved.`,
    });
  });
  router.post('/console/webforms/:id/inbox/:inboxId/retry', async (ctx) => {
    requireAdmin(ctx);
    const form = await target(ctx, s);
    const entry = await s.inbox.get(idOf(String(ctx.params.inboxId ?? ''), 'Submission'));
    if (!entry || entry.webformId !== form.id)
      throw new GatewayError('not_found', 'There is no such submission');
    await s.inbox.resetAttempts(entry.id);
    const result = await s.processor.process(entry.id);
    redirect(
      ctx,
      `/console/webforms/${form.id}`,
      result.ok
        ? { kind: 'ok', text: `Submission ${entry.id} was processed.` }
        : { kind: 'error', text: `Submission ${entry.id} failed again: ${result.error}` },
    );
  });
}
