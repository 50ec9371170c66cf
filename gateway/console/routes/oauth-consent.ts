// The consent screen of /oauth2/authorize (RFC 6749 §4.1.1–§4.1.2), inside the console so that
// it uses the console session (login via /console/login?next=… when needed) and its CSRF token.
// The page may not be framed (frame-ancestors 'none', RFC 9700 §4.7); its form may post here and
// be redirected to the client (form-action lists the redirect URI's origin, which browsers check
// on the redirect after a form post); the answer is a 303 (RFC 9700 §4.12).
import type Router from '@koa/router';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { answerConsent, openConsent, type ConsentOutcome } from '../../oauth/consent.js';
import { endpointsFor } from '../../oauth/deps.js';
import { readOAuthSettings } from '../../oauth/settings.js';
import type { ConsoleDeps } from '../deps.js';
import { consentPage, consentReloadPage } from '../pages/oauth-consent.js';
import { html } from '../views/html.js';
import { page, requireUser } from './respond.js';

const PATH = '/console/oauth2/consent';

function consentCsp(redirectUri: string): string {
  const url = new URL(redirectUri);
  const target = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; form-action 'self' ${target}; base-uri 'none'`;
}

async function respond(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  outcome: ConsentOutcome,
): Promise<void> {
  if (outcome.kind === 'redirect') {
    ctx.status = 303;
    ctx.redirect(outcome.location);
    return;
  }
  if (outcome.kind === 'gone') {
    page(
      ctx,
      'Authorization',
      html`<p class="flash error">This authorization request has expired or was already answered. Start again from the application.</p>`,
      410,
    );
    return;
  }
  const { user, csrfToken } = ctx.state.console;
  if (!user) return;
  ctx.set('Content-Security-Policy', consentCsp(outcome.view.redirectUri));
  const notice = (await readOAuthSettings(deps.store.settings)).consentNotice;
  page(
    ctx,
    `Authorize ${outcome.view.client.name}`,
    consentPage(outcome.view, user, notice, csrfToken),
  );
}

export function oauthConsentRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const issuerOf = (ctx: ConsoleContext): string =>
    endpointsFor(deps.oauth.options, `${ctx.protocol}://${ctx.host}`).issuer;
  router.get(PATH, async (ctx) => {
    const id = typeof ctx.query.id === 'string' ? ctx.query.id : '';
    if (!ctx.state.console.user && ctx.query.r !== '1') {
      // Arriving from the client's site, the SameSite=Strict session cookie stays home; one
      // same-site reload brings it along before we conclude the user must log in.
      const again = `${PATH}?id=${encodeURIComponent(id)}&r=1`;
      return page(ctx, 'Authorization', consentReloadPage(again));
    }
    const { user } = requireUser(ctx);
    await respond(ctx, deps, await openConsent(deps.oauth, id, user, issuerOf(ctx)));
  });
  router.post(PATH, async (ctx) => {
    const { user } = requireUser(ctx);
    const form = ctx.state.form;
    await respond(
      ctx,
      deps,
      await answerConsent(
        deps.oauth,
        form?.get('id') ?? '',
        user,
        form?.get('allow') === 'yes',
        issuerOf(ctx),
      ),
    );
  });
}
