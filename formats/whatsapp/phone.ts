// Mobile numbers as WhatsApp sees them: E.164 (ITU-T E.164) through libphonenumber-js, and the
// national variants under which one subscriber shows up twice. Brazil added a ninth digit to
// mobile numbers (Anatel resolution 553/2010) and WhatsApp still reports many accounts without it;
// Mexico dropped the "1" after +52 for mobiles in 2019 (IFT plan de numeración), and old accounts
// keep it. The wa_id a webhook sends is kept as sent; matching tries every variant.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A number typed in the CRM → E.164 ("+5511987654321"), or null if it is not one. */
export function toE164(typed: string, dialPrefix: '+' | '00' = '+'): string | null {
  const compact = typed.replace(/[\s().\-/]/g, '');
  let international: string;
  if (compact.startsWith('+')) international = compact;
  else if (compact.startsWith('00')) international = `+${compact.slice(2)}`;
  else if (dialPrefix === '+' && /^[1-9]\d{7,14}$/.test(compact)) international = `+${compact}`;
  else return null;
  const parsed = parsePhoneNumberFromString(international);
  if (parsed?.isPossible()) return parsed.number;
  // WhatsApp ids of Brazilian mobiles without the ninth digit are not "possible" numbers for
  // libphonenumber's current plan, but they are the form many accounts still have.
  return /^\+\d{8,15}$/.test(international) ? international : null;
}

/** A webhook wa_id (digits, no "+") → E.164. */
export function waIdToE164(waId: string): string | null {
  return /^\d{6,15}$/.test(waId) ? `+${waId}` : null;
}

/** Every form under which the subscriber of `e164` may be stored, `e164` first. */
export function numberVariants(e164: string): string[] {
  const out = [e164];
  const br = /^\+55(\d{2})(\d+)$/.exec(e164);
  if (br) {
    const [, area = '', rest = ''] = br;
    if (rest.length === 8 && /^[6-9]/.test(rest)) out.push(`+55${area}9${rest}`);
    if (rest.length === 9 && rest.startsWith('9')) out.push(`+55${area}${rest.slice(1)}`);
  }
  const mx = /^\+52(1?)(\d{10})$/.exec(e164);
  if (mx) out.push(mx[1] === '1' ? `+52${mx[2]}` : `+521${mx[2]}`);
  return out;
}
