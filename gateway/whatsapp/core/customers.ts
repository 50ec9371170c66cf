// Matching WhatsApp senders to CRM customers (gateway/whatsapp/README.md §3.1): the mobile and
// phone fields of Contacts and Leads are indexed in E.164 from the change log (the index is
// brought up to date before each match, so a number typed a second ago matches), a sender is
// looked up under every national variant of its number (formats/whatsapp/phone.ts), Contacts win
// over Leads, and an unknown number becomes a Lead.
import { numberVariants, toE164, waIdToE164 } from '../../../formats/whatsapp/phone.js';
import { GatewayError } from '../../../store/errors.js';
import type { Store } from '../../../store/store.js';
import type { Actor, Owner } from '../../../store/types.js';
import { getModule } from '../../../store/modules/registry.js';
import {
  MATCHED_MODULES,
  waIdKey,
  type NumberMatch,
  type WhatsAppNumberRepository,
} from '../../../store/whatsapp/number-repository.js';

const CURSOR_KEY = 'whatsapp.numbers.seq';

/** A `wa_id` field as typed in the CRM: digits (a leading "+" and spaces dropped), else null. */
function cleanWaId(value: string | null): string | null {
  const digits = (value ?? '').replace(/[\s+]/g, '');
  return /^\d{6,15}$/.test(digits) ? digits : null;
}

/** Matches made during one processing pass, by WhatsApp id. */
export interface MatchPass {
  readonly matches: Map<string, NumberMatch>;
}

export class CustomerMatcher {
  private refreshing: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly numbers: WhatsAppNumberRepository,
  ) {}

  /** Indexes Contacts and Leads changed since the last pass; returns how many were indexed. */
  refresh(dialPrefix: '+' | '00' = '+'): Promise<number> {
    this.refreshing ??= this.pass(dialPrefix).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async pass(dialPrefix: '+' | '00'): Promise<number> {
    let seq = await this.store.settings.get<number>(CURSOR_KEY, 0);
    let total = 0;
    for (;;) {
      const changes = await this.store.changeLog.since(seq, {
        modules: MATCHED_MODULES,
        limit: 500,
      });
      if (changes.length === 0) break;
      for (const module of MATCHED_MODULES) {
        const ids = [...new Set(changes.filter((c) => c.module === module).map((c) => c.recordId))];
        for (const row of await this.numbers.phones(module, ids)) {
          const e164s = row.deleted
            ? []
            : row.numbers.map((n) => toE164(n, dialPrefix)).filter((n): n is string => n !== null);
          const waId = row.deleted ? null : cleanWaId(row.waId);
          const keys = waId ? [waIdKey(waId), ...e164s] : e164s;
          await this.numbers.replace(row.id, module, keys);
          total++;
        }
      }
      seq = changes[changes.length - 1]?.seq ?? seq;
      await this.store.settings.set(CURSOR_KEY, seq);
    }
    return total;
  }

  /**
   * The customer with this WhatsApp id. `pass` (the processing's batch, processor.ts) keeps the
   * matches made in it: the index was refreshed when the pass began, so each message does not
   * refresh it again, and a second message of the same sender reuses the first's match.
   */
  async match(waId: string, pass?: MatchPass): Promise<NumberMatch | null> {
    const e164 = waIdToE164(waId);
    if (!e164) throw new GatewayError('invalid_input', `"${waId}" is not a WhatsApp id`);
    const known = pass?.matches.get(waId);
    if (known) return known;
    if (!pass) await this.refresh();
    const [best] = await this.numbers.lookup(numberVariants(e164), waId);
    if (best) pass?.matches.set(waId, best);
    return best ?? null;
  }

  /** A pass whose matches are kept; the index is brought up to date as it starts. */
  async startPass(): Promise<MatchPass> {
    await this.refresh();
    return { matches: new Map() };
  }

  /**
   * A record matched by number keeps the sender's WhatsApp id in its `wa_id` field, when that is
   * empty (one that names another id is left alone), so later messages match it first.
   */
  private async keepWaId(actor: Actor, found: NumberMatch, waId: string): Promise<void> {
    const def = getModule(found.module);
    const record = await this.store.records.read(def, found.recordId);
    if (!record || (record.values['wa_id'] ?? '') !== '') return;
    await this.store.records.update(
      actor,
      found.module,
      found.recordId,
      { values: { wa_id: waId } },
      'revise',
    );
  }

  /** The matching customer, or a new Lead named after the WhatsApp profile. */
  async findOrCreate(
    actor: Actor,
    owner: Owner,
    waId: string,
    profileName: string | null,
    pass?: MatchPass,
  ): Promise<NumberMatch & { created: boolean }> {
    const found = await this.match(waId, pass);
    if (found) {
      if (!found.byWaId) {
        await this.keepWaId(actor, found, waId);
        pass?.matches.set(waId, { ...found, byWaId: true });
      }
      return { ...found, created: false };
    }
    const name = (profileName ?? '').trim();
    const lead = await this.store.records.create(actor, 'Leads', {
      owner,
      values: {
        lastname: name !== '' ? name : `WhatsApp +${waId}`,
        mobile: `+${waId}`,
        leadsource: 'WhatsApp',
        wa_id: waId,
        description: 'Created from an incoming WhatsApp message.',
      },
    });
    const match: NumberMatch = { recordId: lead.id, module: 'Leads' };
    // In a pass the lead is remembered and indexed from the change log when the next pass starts.
    if (pass) pass.matches.set(waId, match);
    else await this.refresh();
    return { ...match, created: true };
  }
}
