// Which of the link owner's Contacts a remote card is the same as, for a first sync that links an
// address book already holding the CRM's contacts (sync/README.md "Directions and matching"):
// the same e-mail address (case-insensitive), else the same phone number (its digits, the last
// nine compared so "+49 30 1234567" and "030 1234567" agree). The index is built once per run.
import { ownedRecordIds } from '../../../store/bridges/owned-records.js';
import { getModule } from '../../../store/modules/registry.js';
import type { Store } from '../../../store/store.js';
import type { Owner } from '../../../store/types.js';
import type { ContactMatcher } from './mapping.js';

const EMAILS = ['email', 'secondaryemail'];
const PHONES = ['phone', 'mobile', 'homephone', 'otherphone'];

export const emailKey = (s: string): string => s.trim().toLowerCase();

export function phoneKey(s: string): string | null {
  const digits = s.replace(/\D/g, '');
  return digits.length < 6 ? null : digits.slice(-9);
}

interface Index {
  readonly byEmail: Map<string, number>;
  readonly byPhone: Map<string, number>;
}

async function build(store: Store, owner: Owner): Promise<Index> {
  const byEmail = new Map<string, number>();
  const byPhone = new Map<string, number>();
  const def = getModule('Contacts');
  for (const id of await ownedRecordIds(store.db.knex, 'Contacts', owner.id, owner.kind)) {
    const record = await store.records.read(def, id);
    if (!record) continue;
    for (const f of EMAILS) {
      const v = record.values[f];
      if (v) byEmail.set(emailKey(v), id);
    }
    for (const f of PHONES) {
      const k = phoneKey(record.values[f] ?? '');
      if (k) byPhone.set(k, id);
    }
  }
  return { byEmail, byPhone };
}

export function contactMatcher(store: Store): ContactMatcher {
  const indexes = new Map<string, Promise<Index>>();
  return async (owner, emails, phones) => {
    const key = `${owner.kind}:${owner.id}`;
    let index = indexes.get(key);
    if (!index) {
      index = build(store, owner);
      indexes.set(key, index);
    }
    const { byEmail, byPhone } = await index;
    for (const e of emails) {
      const id = byEmail.get(emailKey(e));
      if (id !== undefined) return id;
    }
    for (const p of phones) {
      const k = phoneKey(p);
      const id = k === null ? undefined : byPhone.get(k);
      if (id !== undefined) return id;
    }
    return null;
  };
}
