// Media of WhatsApp messages kept as documents on the Conversation record (the documents table
// that webform attachments use too: store/webforms/documents.ts), linked from the message.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export interface MediaFile {
  readonly fileName: string;
  readonly mime: string;
  readonly content: Buffer;
  readonly sha256: string;
}

export class WhatsAppMediaRepository {
  constructor(private readonly knex: Knex) {}

  /** Stores the file on the record and links it from the message, in one transaction. */
  async attach(recordId: number, messageId: number, file: MediaFile): Promise<number> {
    return this.knex.transaction(async (trx) => {
      const [inserted] = await trx('documents')
        .insert({
          record_id: recordId,
          file_name: file.fileName,
          mime: file.mime,
          size: file.content.length,
          sha256: file.sha256,
          content: file.content,
          source: 'whatsapp',
          created_at: nowUtc(),
        })
        .returning('id');
      const id =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx('whatsapp_messages').where({ id: messageId }).update({ document_id: id });
      return id;
    });
  }

  async noteError(messageId: number, title: string): Promise<void> {
    await this.knex('whatsapp_messages')
      .where({ id: messageId })
      .update({ error_title: title.slice(0, 1000) });
  }
}
