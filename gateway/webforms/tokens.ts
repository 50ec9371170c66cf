// Signed tokens of the webform spam checks (gateway/webforms/README.md §4.3 "Time trap"): the
// form's page-load time travels as `<issuedAt>.<hmac>` in a hidden field when the gateway
// renders the form itself; the static embed gets it from the ALTCHA challenge instead.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface WebformSecrets {
  readonly altchaSignature: string;
  readonly altchaKey: string;
  readonly fillTime: string;
}

function derive(master: string, purpose: string): string {
  return createHmac('sha256', master).update(`webforms:${purpose}`).digest('base64url');
}

/** Separate keys per purpose, so one token kind can never be passed off as another. */
export function deriveSecrets(master: string): WebformSecrets {
  return {
    altchaSignature: derive(master, 'altcha-signature'),
    altchaKey: derive(master, 'altcha-key'),
    fillTime: derive(master, 'fill-time'),
  };
}

function mac(secret: string, publicId: string, issuedAt: number): string {
  return createHmac('sha256', secret).update(`${publicId}.${issuedAt}`).digest('base64url');
}

export function fillToken(secret: string, publicId: string, issuedAtMs: number): string {
  return `${issuedAtMs}.${mac(secret, publicId, issuedAtMs)}`;
}

/** The signed issue time in ms, or null when the token is malformed or forged. */
export function readFillToken(secret: string, publicId: string, token: string): number | null {
  const m = /^(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return null;
  const issuedAt = Number(m[1]);
  const expected = Buffer.from(mac(secret, publicId, issuedAt));
  const given = Buffer.from(m[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? issuedAt : null;
}
