// Self-hosted ALTCHA proof of work (gateway/webforms/README.md §4.3): PBKDF2/SHA-256 challenges
// signed with our secret, expiring after 10 minutes, carrying the form's public id and the
// issue time (the time trap of the static embed). The widget (altcha 3) and altcha-lib 2 speak
// the same PoW v2. Deterministic mode (a known counter, signed derived key) keeps verification
// to an HMAC; solutions are replayable until expiry, so the replay table remembers used ones.
import {
  createChallenge,
  randomInt,
  verifySolution,
  type Challenge,
  type Solution,
} from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { CaptchaReplay } from '../../store/webforms/captcha-replay.js';
import type { WebformSecrets } from './tokens.js';

export const CAPTCHA_FIELD = 'altcha';
const EXPIRY_MS = 10 * 60_000;

export interface CaptchaOptions {
  readonly cost: number;
  readonly secrets: WebformSecrets;
}

export type CaptchaCheck =
  | { readonly ok: true; readonly issuedAt: number }
  | { readonly ok: false; readonly message: string };

export async function newChallenge(
  options: CaptchaOptions,
  publicId: string,
  now: number = Date.now(),
): Promise<Challenge> {
  return createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: options.cost,
    // The counter the visitor's browser must find: ~20-120 derivations, well under a second.
    counter: randomInt(120, 20),
    deriveKey,
    hmacSignatureSecret: options.secrets.altchaSignature,
    hmacKeySignatureSecret: options.secrets.altchaKey,
    expiresAt: new Date(now + EXPIRY_MS),
    data: { form: publicId, iat: now },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The widget's field: base64 of `{challenge:{parameters,signature}, solution}`. */
function decode(payload: string): { challenge: Challenge; solution: Solution } | null {
  if (payload.length > 8192) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(parsed) || !isRecord(parsed.challenge) || !isRecord(parsed.solution)) return null;
  const { challenge, solution } = parsed;
  if (!isRecord(challenge.parameters) || typeof challenge.signature !== 'string') return null;
  if (typeof solution.counter !== 'number' || typeof solution.derivedKey !== 'string') return null;
  return {
    challenge: challenge as unknown as Challenge,
    solution: solution as unknown as Solution,
  };
}

const FAILED =
  'The spam check did not pass. Please tick "I\'m not a robot" again and resend the form.';

export async function checkCaptcha(
  options: CaptchaOptions,
  replay: CaptchaReplay,
  publicId: string,
  payload: string | undefined,
): Promise<CaptchaCheck> {
  if (!payload)
    return {
      ok: false,
      message:
        'Please complete the spam check ("I\'m not a robot") before sending. It needs JavaScript.',
    };
  const decoded = decode(payload);
  if (!decoded) return { ok: false, message: FAILED };
  let result;
  try {
    result = await verifySolution({
      challenge: decoded.challenge,
      solution: decoded.solution,
      deriveKey,
      hmacSignatureSecret: options.secrets.altchaSignature,
      hmacKeySignatureSecret: options.secrets.altchaKey,
    });
  } catch {
    return { ok: false, message: FAILED };
  }
  if (result.expired)
    return {
      ok: false,
      message: 'The spam check expired. Please tick "I\'m not a robot" again and resend the form.',
    };
  if (!result.verified) return { ok: false, message: FAILED };
  // Signed data: a challenge issued for another form does not open this one.
  const data = decoded.challenge.parameters.data ?? {};
  const issuedAt = Number(data.iat);
  if (data.form !== publicId || !Number.isFinite(issuedAt)) return { ok: false, message: FAILED };
  const expiresAt = new Date(
    (decoded.challenge.parameters.expiresAt ?? 0) * 1000 || Date.now() + EXPIRY_MS,
  );
  if (!(await replay.use(decoded.challenge.signature ?? '', expiresAt)))
    return {
      ok: false,
      message:
        'This spam check was already used. Please tick "I\'m not a robot" again and resend the form.',
    };
  return { ok: true, issuedAt };
}
