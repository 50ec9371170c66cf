// X-Hub-Signature-256 (Meta, "Webhooks: Event Notifications — Validate Payloads"): "sha256=" and
// the hex HMAC-SHA256 of the raw body with the app secret. Checked on the bytes as received,
// before any parsing, with a constant-time compare (crypto.timingSafeEqual).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** True when one of the channels' app secrets signed `body`. */
export function signatureValid(
  body: Buffer,
  header: string | undefined,
  appSecrets: readonly string[],
): boolean {
  if (header === undefined || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const given = Buffer.from(header.slice(7).toLowerCase(), 'hex');
  let ok = false;
  for (const secret of appSecrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    // No early exit: the time taken does not tell which secret, if any, matched.
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
