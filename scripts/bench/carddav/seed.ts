// Loads the bench cards into the gateway's store the way a CardDAV PUT stores them (the Contact
// from the one vCard mapping, the card verbatim, the href link), 500 per transaction: 20,000
// single PUTs take many minutes on a shared machine and measure nothing the benchmark reports.
import { parseCard } from '../../../formats/vcard/card.js';
import { cardFields } from '../../../formats/vcard/contact-fields.js';
import { CONTACT_FIELDS } from '../../../formats/vcard/from-crm.js';
import { CardRepository } from '../../../store/carddav/cards.js';
import { RecordRepository } from '../../../store/records/record-repository.js';
import type { Store } from '../../../store/store.js';
import { SyncLinkRepository } from '../../../store/sync-links.js';
import type { Actor } from '../../../store/types.js';
import { SharingRepository } from '../../../store/visibility.js';
import type { BenchCard } from './generate.js';

export async function seedContacts(
  store: Store,
  actor: Actor,
  list: readonly BenchCard[],
): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    await store.db.knex.transaction(async (trx) => {
      const records = new RecordRepository(trx, new SharingRepository(trx, 0), store.picklists);
      const cards = new CardRepository(trx);
      const links = new SyncLinkRepository(trx);
      for (const c of list.slice(i, i + 500)) {
        const card = parseCard(c.vcf);
        const fields = cardFields(card);
        const values: Record<string, string> = {};
        for (const f of CONTACT_FIELDS) values[f] = fields.get(f)?.value ?? '';
        const record = await records.create(actor, 'Contacts', { values });
        await cards.put({
          recordId: record.id,
          module: 'Contacts',
          book: 'contacts',
          uid: card.uid,
          name: c.name,
          vcard: c.vcf,
          recordModified: record.modifiedTime,
        });
        await links.upsert(
          {
            system: 'carddav',
            connection: `u${actor.userId}/contacts`,
            remoteId: c.name,
            recordId: record.id,
            module: 'Contacts',
            remoteEtag: null,
            contentHash: null,
          },
          trx,
        );
      }
    });
  }
}
