// Answers of the public intake (gateway/webforms/README.md §4.2 "Return"): JSON for scripted
// posts, and for browsers a 303 to the form's configured return URL (never one from the
// request), the form again with the visitor's values and messages, or a small message page.
import type { ParameterizedContext } from 'koa';
import { toGatewayError, type GatewayError, type GatewayErrorKind } from '../../../store/errors.js';
import type { Webform } from '../../../store/webforms/types.js';
import type { FieldMap } from '../body.js';
import { messagePage, page, pageSecurityPolicy, thankYouPage } from '../pages.js';
import type { SubmitResult, WebformService } from '../service.js';
import { trusted } from '../../console/views/html.js';
import type { InternalErrorLog } from '../../middleware/request-context.js';

export type WebformContext = ParameterizedContext;

/** Scripted posts (fetch, server-to-server) ask for JSON; a browser form navigation does not. */
export function wantsJson(ctx: WebformContext): boolean {
  if (/^application\/json/i.test(ctx.get('content-type'))) return true;
  const accept = ctx.get('accept');
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

/** The `error` of a JSON answer: a refused rate has always been answered as "unavailable". */
export function wireKind(kind: GatewayErrorKind): string {
  return kind === 'rate_limited' ? 'unavailable' : kind;
}

function redirectToReturnUrl(ctx: WebformContext, returnUrl: string): void {
  // Built with the URL API from the stored, validated URL: nothing from the request gets in.
  // Refusals are not redirected: a 429 or 403 must reach the visitor as what it is.
  const url = new URL(returnUrl);
  url.searchParams.set('success', '1');
  ctx.status = 303;
  ctx.set('Location', url.href);
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `See ${url.href}`;
}

export function sendHtml(
  ctx: WebformContext,
  status: number,
  body: string,
  returnUrl: string | null = null,
): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', pageSecurityPolicy(returnUrl));
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

export function sendAccepted(
  ctx: WebformContext,
  form: Webform,
  result: SubmitResult,
  json: boolean,
): void {
  // A honeypot catch looks exactly like a success, so the bot learns nothing (§4.3).
  const queued = result.kind === 'accepted' && !result.processed;
  if (json) {
    ctx.status = queued ? 202 : 201;
    ctx.body = { ok: true, ...(queued ? { queued: true } : {}) };
    return;
  }
  if (form.returnUrl) return redirectToReturnUrl(ctx, form.returnUrl);
  sendHtml(ctx, 200, thankYouPage());
}

/** The visible fields as the visitor typed them, to fill the form again. */
function typedValues(form: Webform, fields: FieldMap | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields)
    if (f.override === null && fields?.[f.name]) out[f.name] = fields[f.name]?.join(' |##| ') ?? '';
  return out;
}

function fieldErrors(err: GatewayError): Readonly<Record<string, string>> {
  return err.details.errors ?? { [err.details.field ?? '_form']: err.message };
}

export interface FailureContext {
  readonly form: Webform | null;
  readonly fields: FieldMap | null;
  readonly json: boolean;
  readonly service: WebformService;
  readonly baseUrl: string;
  readonly onInternal: InternalErrorLog;
}

export async function sendFailure(
  ctx: WebformContext,
  thrown: unknown,
  c: FailureContext,
): Promise<void> {
  const err = toGatewayError(thrown);
  if (err.kind === 'internal') c.onInternal(thrown, ctx.state.log);
  const status = err.httpStatus;
  const message =
    err.kind === 'internal'
      ? 'Something went wrong on our side. Please try again later.'
      : err.message;
  const retry = err.details.retryAfterSeconds;
  if (retry !== undefined) ctx.set('Retry-After', String(retry));
  if (c.json) {
    ctx.status = status;
    ctx.body = {
      ok: false,
      error: wireKind(err.kind),
      message,
      ...(status < 500 && status !== 429 && status !== 403 && status !== 404
        ? { errors: fieldErrors(err) }
        : {}),
    };
    return;
  }
  const correctable = c.form !== null && (status === 400 || status === 413 || status === 415);
  if (c.form && correctable) {
    const form = c.form;
    const body = await c.service.html(
      form,
      c.baseUrl,
      { values: typedValues(form, c.fields), errors: fieldErrors(err) },
      true,
    );
    return sendHtml(ctx, status, page(form.name, trusted(body)), form.returnUrl);
  }
  sendHtml(ctx, status, messagePage(status === 404 ? 'Form not found' : 'Not sent', message));
}
