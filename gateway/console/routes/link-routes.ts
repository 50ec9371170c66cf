// The routes calendar links and contact links share, for administrators: add a link from the form,
// authorise an OAuth link (RFC 6749 §4.1: out to the provider, back to the callback with a code
// and our state, which is bound to this console session and to this kind of link:
// gateway/dav-links/oauth-authorize.ts), test it, sync it now, delete it.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { RunOutcome } from '../../../sync/engine.js';
import { authorizationState, linkOfState, type LinkNoun } from '../../dav-links/oauth-authorize.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import type { SafeHtml } from '../views/html.js';
import { idOf, type Form } from '../form.js';
import { page, redirect, requireAdmin } from './respond.js';

export interface ConsoleLinkBridge<I, L, R> {
  create(input: I): Promise<L>;
  test(id: number): Promise<R>;
  syncNow(id: number): Promise<RunOutcome>;
  authorizationUrl(id: number, redirectUri: string, state: string): Promise<string>;
  completeAuthorization(id: number, code: string, redirectUri: string): Promise<void>;
  remove(id: number): Promise<void>;
}

export interface LinkRoutesSpec<I, L, R> {
  /** The page's path ("/console/caldav-links"). */
  readonly back: string;
  readonly title: string;
  readonly noun: LinkNoun;
  readonly bridge: () => ConsoleLinkBridge<I, L, R>;
  /** The bridge's input from the form's fields; throws GatewayError on bad input. */
  readonly input: (form: Form | null) => I;
  /** The flash after a link was added. */
  readonly added: (link: L, input: I) => string;
  /** The page with the connection test's report of a link (null: none). */
  readonly render: (csrf: string, report: { id: number; result: R } | null) => Promise<SafeHtml>;
  /** The error of an unknown verb ("Unknown calendar link action"). */
  readonly unknownVerb: string;
}

/** The fields of the form that are filled in, trimmed. */
export function filledFields(form: Form | null, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of names) {
    const v = form?.get(f)?.trim();
    if (v) out[f] = v;
  }
  return out;
}

/** The secret the OAuth state is bound to: this console session. */
const sessionSecret = (ctx: ConsoleContext): string =>
  ctx.state.console.sessionToken ?? ctx.state.console.csrfToken;

export function linkRoutes<I, L, R>(
  router: Router<ConsoleCtxState>,
  spec: LinkRoutesSpec<I, L, R>,
): void {
  const { back } = spec;
  const callback = `${back}/oauth/callback`;
  /** This gateway's address as the browser sees it. */
  const callbackUrl = (ctx: ConsoleContext): string => `${selfOrigin(ctx)}${callback}`;

  router.get(back, async (ctx) => {
    requireAdmin(ctx);
    page(ctx, spec.title, await spec.render(ctx.state.console.csrfToken, null));
  });

  router.post(back, async (ctx) => {
    requireAdmin(ctx);
    try {
      const input = spec.input(ctx.state.form);
      const link = await spec.bridge().create(input);
      redirect(ctx, back, { kind: 'ok', text: spec.added(link, input) });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, back, { kind: 'error', text: `The link was not added: ${err.message}` });
    }
  });

  // RFC 6749 §4.1.2: the provider sends the admin back here with a code (or an error) and our state.
  router.get(callback, async (ctx) => {
    requireAdmin(ctx);
    const query = ctx.query as Record<string, string | undefined>;
    const id = linkOfState(query.state ?? '', sessionSecret(ctx), spec.noun);
    if (id === null)
      return redirect(ctx, back, {
        kind: 'error',
        text: 'The authorisation answer does not belong to this session; start it again from this page.',
      });
    if (query.error || !query.code)
      return redirect(ctx, back, {
        kind: 'error',
        text: `Link ${id} was not authorised: ${query.error ?? 'no code'}`,
      });
    try {
      await spec.bridge().completeAuthorization(id, query.code, callbackUrl(ctx));
      redirect(ctx, back, {
        kind: 'ok',
        text: `Link ${id} is authorised; it syncs on its own now.`,
      });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, back, { kind: 'error', text: `Link ${id} was not authorised: ${err.message}` });
    }
  });

  router.post(`${back}/:id/:verb`, async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(ctx.params.id ?? '', 'Link');
    const bridge = spec.bridge();
    switch (ctx.params.verb) {
      case 'test': {
        const result = await bridge.test(id);
        return page(
          ctx,
          spec.title,
          await spec.render(ctx.state.console.csrfToken, { id, result }),
        );
      }
      case 'sync': {
        const outcome = await bridge.syncNow(id);
        const c = outcome.counts;
        const text = outcome.ok
          ? `Link ${id} synced: ${c.pulledCreated + c.pulledUpdated + c.pulledDeleted} change(s) in, ${c.pushedCreated + c.pushedUpdated + c.pushedDeleted} out, ${c.conflicts} conflict(s).`
          : `Link ${id} failed: ${outcome.error ?? 'unknown error'}`;
        return redirect(ctx, back, { kind: outcome.ok ? 'ok' : 'error', text });
      }
      case 'authorize':
        return redirect(
          ctx,
          await bridge.authorizationUrl(
            id,
            callbackUrl(ctx),
            authorizationState(id, sessionSecret(ctx), spec.noun),
          ),
        );
      case 'delete':
        await bridge.remove(id);
        return redirect(ctx, back, { kind: 'ok', text: `Link ${id} deleted.` });
      default:
        throw new GatewayError('not_found', spec.unknownVerb);
    }
  });
}
