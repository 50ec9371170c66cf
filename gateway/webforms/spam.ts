// The spam rules of a submission, in order (gateway/webforms/README.md §4.3): the honeypot
// (a filled one is accepted silently and dropped, so the bot learns nothing), the ALTCHA proof
// of work when the form has the captcha on, then the minimum fill time. The page-load time
// comes from the signed ALTCHA challenge (the static embed fetches it on load) or from the
// signed hidden token of a page the gateway rendered; the pasted embed without captcha carries
// no trustworthy time, so there only the honeypot and the rate limits apply.
import type { CaptchaReplay } from '../../store/webforms/captcha-replay.js';
import type { Webform } from '../../store/webforms/types.js';
import type { FieldMap } from './body.js';
import { CAPTCHA_FIELD, checkCaptcha, type CaptchaOptions } from './captcha.js';
import { FILL_TOKEN_FIELD, HONEYPOT_FIELD } from './embed-html.js';
import { readFillToken } from './tokens.js';

export type SpamVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop'; readonly rule: 'honeypot' }
  | {
      readonly kind: 'reject';
      readonly rule: 'captcha' | 'fill-time' | 'token';
      readonly field: string;
      readonly message: string;
    };

export interface SpamInput {
  readonly form: Webform;
  readonly fields: FieldMap;
  readonly captcha: CaptchaOptions;
  readonly replay: CaptchaReplay;
  readonly now: number;
}

const first = (fields: FieldMap, name: string): string | undefined => fields[name]?.[0];

export async function checkSpam(input: SpamInput): Promise<SpamVerdict> {
  const { form, fields } = input;
  if ((first(fields, HONEYPOT_FIELD) ?? '') !== '') return { kind: 'drop', rule: 'honeypot' };
  let issuedAt: number | null = null;
  if (form.captcha) {
    const check = await checkCaptcha(
      input.captcha,
      input.replay,
      form.publicId,
      first(fields, CAPTCHA_FIELD),
    );
    if (!check.ok)
      return { kind: 'reject', rule: 'captcha', field: CAPTCHA_FIELD, message: check.message };
    issuedAt = check.issuedAt;
  }
  const token = first(fields, FILL_TOKEN_FIELD);
  if (token !== undefined && token !== '') {
    const stamped = readFillToken(input.captcha.secrets.fillTime, form.publicId, token);
    if (stamped === null)
      return {
        kind: 'reject',
        rule: 'token',
        field: '_form',
        message:
          'This copy of the form is not valid any more. Please fill it in again and send it.',
      };
    issuedAt = Math.max(issuedAt ?? 0, stamped);
  }
  if (issuedAt !== null && input.now - issuedAt < form.minFillSeconds * 1000) {
    return {
      kind: 'reject',
      rule: 'fill-time',
      field: '_form',
      message: 'That was very quick. Please check your entries and send the form again.',
    };
  }
  return { kind: 'pass' };
}
