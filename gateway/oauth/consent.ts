// The user's answer to an authorization request (RFC 6749 §4.1.2). The request was validated
// and stored by authorize-request.ts; the consent form posts back only its id (plus the console
// CSRF token), so client, redirect URI, scope and PKCE challenge cannot be changed in between.
// Approval runs the library's authorize() to mint the code; consent is remembered per user and
// application, so a later request for no more scope skips the page.
import OAuth2Server from '@node-oauth/oauth2-server';
import type { OAuthClient, PendingAuthorization, TokenScope } from '../../store/oauth/types.js';
import type { User } from '../../store/types.js';
import type { OAuthDeps } from './deps.js';
import { renderOAuthError } from './errors.js';
import { createModel } from './model.js';
import { toLibraryUser } from './model-types.js';
import { redirectWith } from './redirects.js';
import { scopeCovers } from './scopes.js';

export interface ConsentView {
  readonly requestId: string;
  readonly client: OAuthClient;
  readonly scope: TokenScope;
  readonly redirectUri: string;
}

export type ConsentOutcome =
  | { readonly kind: 'show'; readonly view: ConsentView }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'gone' };

async function issueCode(
  deps: OAuthDeps,
  pending: PendingAuthorization,
  user: User,
): Promise<string> {
  const server = new OAuth2Server({
    model: createModel({ deps, clientId: null, body: {}, family: null }),
    authorizationCodeLifetime: deps.options.codeTtlSeconds,
    allowEmptyState: false,
  });
  const request = new OAuth2Server.Request({
    method: 'POST',
    headers: {},
    query: {},
    body: {
      response_type: 'code',
      client_id: pending.clientId,
      redirect_uri: pending.redirectUri,
      scope: pending.scope,
      state: pending.state,
      code_challenge: pending.codeChallenge,
      code_challenge_method: pending.codeChallengeMethod,
    },
  });
  const code = await server.authorize(request, new OAuth2Server.Response({}), {
    authenticateHandler: { handle: () => toLibraryUser(user) },
  });
  return code.authorizationCode;
}

function back(
  pending: PendingAuthorization,
  issuer: string,
  params: Readonly<Record<string, string>>,
): ConsentOutcome {
  return {
    kind: 'redirect',
    location: redirectWith(pending.redirectUri, { ...params, state: pending.state, iss: issuer }),
  };
}

/** Records the user's decision and sends the browser back to the client. */
export async function answerConsent(
  deps: OAuthDeps,
  requestId: string,
  user: User,
  allow: boolean,
  issuer: string,
): Promise<ConsentOutcome> {
  const pending = await deps.oauth.codes.takePending(requestId, user.id);
  if (!pending) return { kind: 'gone' };
  if (!allow)
    return back(pending, issuer, {
      error: 'access_denied',
      error_description: 'The user denied the request',
    });
  const client = await deps.access.activeClient(pending.clientId);
  const check = client ? await deps.access.user(client, user.id) : null;
  if (!client || !check || check.refusal !== null)
    return back(pending, issuer, {
      error: 'access_denied',
      error_description: check?.refusal ?? 'the application is switched off',
    });
  try {
    const code = await issueCode(deps, pending, user);
    await deps.oauth.codes.saveConsent(user.id, client.id, pending.scope);
    return back(pending, issuer, { code });
  } catch (err) {
    const rendered = renderOAuthError(err);
    if (rendered.internal) throw err;
    return back(pending, issuer, {
      error: rendered.body.error,
      error_description: rendered.body.error_description,
    });
  }
}

/** What the consent page shows; a refused user goes straight back with access_denied. */
export async function openConsent(
  deps: OAuthDeps,
  requestId: string,
  user: User,
  issuer: string,
): Promise<ConsentOutcome> {
  const pending = await deps.oauth.codes.pendingFor(requestId, user.id);
  const client = pending ? await deps.access.activeClient(pending.clientId) : null;
  if (!pending || !client) return { kind: 'gone' };
  const check = await deps.access.user(client, user.id);
  if (check.refusal !== null) {
    const taken = await deps.oauth.codes.takePending(requestId, user.id);
    return taken
      ? back(taken, issuer, { error: 'access_denied', error_description: check.refusal })
      : { kind: 'gone' };
  }
  const remembered = await deps.oauth.codes.consent(user.id, client.id);
  if (remembered && scopeCovers(remembered.scope, pending.scope))
    return answerConsent(deps, requestId, user, true, issuer);
  return {
    kind: 'show',
    view: { requestId, client, scope: pending.scope, redirectUri: pending.redirectUri },
  };
}
