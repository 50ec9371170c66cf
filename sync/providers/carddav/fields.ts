// The Contact fields the CardDAV bridge synchronises, read from a remote vCard with the CardDAV
// server's own mapping (formats/vcard/contact-fields.ts, gateway/carddav/README.md §3), and
// their hash as last exchanged, so an echo of the bridge's own write is recognised.
import { createHash } from 'node:crypto';
import { parseCard, text, type ParsedCard } from '../../../formats/vcard/card.js';
import { cardFields } from '../../../formats/vcard/contact-fields.js';
import { CONTACT_FIELDS } from '../../../formats/vcard/from-crm.js';
import type { CrmRecord } from '../../../store/types.js';

/** Field name → value ('' = empty), over CONTACT_FIELDS and ORG_FIELD. */
export type ContactValues = Readonly<Record<string, string>>;

/** The account's name, ORG's first component (RFC 6350 §6.6.4); not a Contacts field (accounts.ts). */
export const ORG_FIELD = 'organization';

export interface RemoteCard {
  readonly parsed: ParsedCard;
  readonly uid: string;
  readonly fields: ContactValues;
  /** REV (RFC 6350 §6.7.4): when the remote side last changed the card; null without one. */
  readonly changedMs: number | null;
}

/**
 * The organisation joins the hash only when there is one, so links made before ORG was synced
 * keep their hashes for contacts without an account and are not all re-sent at once.
 */
export function fieldsHash(f: ContactValues): string {
  const values = CONTACT_FIELDS.map((name) => f[name] ?? '');
  const org = f[ORG_FIELD] ?? '';
  return createHash('sha256')
    .update(JSON.stringify(org === '' ? values : [...values, org]))
    .digest('hex');
}

export function recordFields(record: CrmRecord, accountName: string): ContactValues {
  const out: Record<string, string> = {};
  for (const f of CONTACT_FIELDS) out[f] = record.values[f] ?? '';
  out[ORG_FIELD] = accountName;
  return out;
}

/** REV as 2026-01-02T03:04:05Z or the basic 20260102T030405Z; a date alone is midnight UTC. */
export function revMs(value: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2}))?/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Cards that are not people: organisations and groups (RFC 6350 §6.1.4; Apple's 3.0 X- twin). */
export function isPersonCard(card: ParsedCard): boolean {
  const kind = card.props.find((p) => p.name === 'kind' || p.name === 'x-addressbookserver-kind');
  const k = text(kind).toLowerCase();
  return k === '' || k === 'individual';
}

/** Reads a remote card; throws GatewayError (valid-address-data) when it is broken. */
export function readCard(raw: string): RemoteCard {
  const parsed = parseCard(raw);
  const mapped = cardFields(parsed);
  const fields: Record<string, string> = {};
  for (const f of CONTACT_FIELDS) fields[f] = mapped.get(f)?.value ?? '';
  fields[ORG_FIELD] = mapped.get(ORG_FIELD)?.value ?? '';
  // Contacts need a last name: a card with FN only (a company, a nickname) files under its FN.
  if (fields['lastname'] === '' && fields['firstname'] === '')
    fields['lastname'] = text(parsed.props.find((p) => p.name === 'fn')) || parsed.uid;
  const rev = parsed.props.find((p) => p.name === 'rev');
  return { parsed, uid: parsed.uid, fields, changedMs: rev ? revMs(text(rev)) : null };
}
