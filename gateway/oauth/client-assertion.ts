// private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9): the
// client signs a short-lived JWT with its registered key. The algorithm is pinned to the key's
// (never `none` or HS*), `iss` and `sub` are the client id, the audience is the issuer (what
// openid-client/oauth4webapi send) or the token endpoint URL (what RFC 7523 suggests), `exp` is
// required, and each `jti` is accepted once. RFC 7523 §3 leaves the longest lifetime to the
// server; client libraries sign assertions that expire one hour after issue by default (Okta:
// "no more than one hour in the future"), so the default limit is 3600 s
// (GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME, gateway/oauth/README.md §1.3). A seen `jti` is kept
// until the assertion's `exp` (plus the skew) and then purged (cleanup.ts), so that table stays
// bounded by the lifetime.
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { ClientKey, OAuthClient } from '../../store/oauth/types.js';
import type { OAuthDeps } from './deps.js';
import { oauthError } from './errors.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Clocks of clients and gateway may disagree by this much (expiry, and `iat` in the future). */
const CLOCK_SKEW_SECONDS = 60;

const failed = (why: string): Error =>
  oauthError('invalid_client', `Client authentication failed: ${why}`);

async function verifyWith(
  key: ClientKey,
  assertion: string,
  client: OAuthClient,
  audience: readonly string[],
): Promise<JWTPayload | null> {
  const publicKey = await importJWK(key.publicJwk as JWK, key.alg);
  try {
    const { payload } = await jwtVerify(assertion, publicKey, {
      algorithms: [key.alg],
      issuer: client.id,
      subject: client.id,
      audience: [...audience],
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp', 'jti'],
    });
    return payload;
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) return null;
    // The signature was good (jose checks it before the claims), so the details help the client only.
    if (err instanceof errors.JWTExpired) throw failed('the client assertion has expired');
    if (err instanceof errors.JWTClaimValidationFailed)
      throw failed(`the client assertion's "${err.claim}" claim is wrong`);
    throw failed('the client assertion is malformed');
  }
}

function headerOf(assertion: string): { alg: string | undefined; kid: string | undefined } {
  try {
    const header = decodeProtectedHeader(assertion);
    return { alg: header.alg, kid: header.kid };
  } catch {
    throw failed('the client assertion is not a JWT');
  }
}

/** RFC 7523 §3: client_id may be left out; the (not yet verified) `sub` then names the client. */
export function assertionSubject(assertion: string | undefined): string {
  try {
    const sub = assertion ? decodeJwt(assertion).sub : undefined;
    return typeof sub === 'string' ? sub : '';
  } catch {
    return '';
  }
}

/** Checks the assertion of `client`; throws invalid_client on any failure. */
export async function verifyClientAssertion(
  deps: OAuthDeps,
  client: OAuthClient,
  body: Readonly<Record<string, string>>,
  audience: readonly string[],
): Promise<void> {
  if (body.client_assertion_type !== JWT_BEARER)
    throw failed(`client_assertion_type must be ${JWT_BEARER}`);
  const assertion = body.client_assertion ?? '';
  if (assertion.length > 8192) throw failed('the client assertion is too large');
  const header = headerOf(assertion);
  const keys = (await deps.oauth.clients.keys(client.id)).filter(
    (k) => (header.kid === undefined || k.kid === header.kid) && k.alg === header.alg,
  );
  let payload: JWTPayload | null = null;
  for (const key of keys) {
    payload = await verifyWith(key, assertion, client, audience);
    if (payload) break;
  }
  if (!payload) throw failed('the client assertion signature does not match a registered key');
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp ?? 0;
  // RFC 7519 §4.1.6: an `iat` in the future is a clock off by more than the skew, or a forgery
  // of freshness; jose checks `iat` only together with a maximum age, so it is checked here.
  if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS)
    throw failed(`the client assertion's "iat" claim is in the future`);
  const maxLifetime = deps.options.assertionMaxLifetimeSeconds;
  // Measured from `iat` when the client sent it (its own clock), else from now allowing the skew.
  const lifetime = payload.iat !== undefined ? exp - payload.iat : exp - now - CLOCK_SKEW_SECONDS;
  if (lifetime > maxLifetime)
    throw failed(`the client assertion may live at most ${maxLifetime} seconds`);
  const jti = payload.jti ?? '';
  if (jti === '' || jti.length > 200)
    throw failed('the client assertion needs a "jti" of at most 200 characters');
  if (
    !(await deps.oauth.guards.firstUseOfJti(
      client.id,
      jti,
      new Date((exp + CLOCK_SKEW_SECONDS) * 1000),
    ))
  ) {
    throw failed('the client assertion was already used (replayed "jti")');
  }
}
