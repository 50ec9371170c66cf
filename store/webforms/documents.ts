// Documents attached to records (webform attachments become documents on the record:
// gateway/webforms/README.md §4.2). There is no Documents module in the registry yet, so a document
// is a row of its own tied to a record id, with the content as a blob so that replicas sharing
// PostgreSQL see it too.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { DocumentInfo, InboxFile } from './types.js';

interface DocumentRow {
  id: number;
  record_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  source: string;
  created_at: string;
  content?: Buffer;
}

const META = ['id', 'record_id', 'file_name', 'mime', 'size', 'sha256', 'source', 'created_at'];

function toInfo(r: DocumentRow): DocumentInfo {
  return {
    id: Number(r.id),
    recordId: Number(r.record_id),
    fileName: r.file_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    source: r.source,
    createdAt: r.created_at,
  };
}

export class DocumentRepository {
  constructor(private readonly knex: Knex) {}

  /** Adds documents to a record, inside the caller's transaction. */
  async attach(
    trx: Knex.Transaction,
    recordId: number,
    files: readonly InboxFile[],
    source: string,
  ): Promise<void> {
    for (const f of files) {
      await trx('documents').insert({
        record_id: recordId,
        file_name: f.fileName,
        mime: f.mime,
        size: f.size,
        sha256: f.sha256,
        content: f.content,
        source,
        created_at: nowUtc(),
      });
    }
  }

  async forRecord(recordId: number): Promise<DocumentInfo[]> {
    const rows: DocumentRow[] = await this.knex('documents')
      .where({ record_id: recordId })
      .orderBy('id')
      .select(META);
    return rows.map(toInfo);
  }

  async content(id: number): Promise<{ info: DocumentInfo; content: Buffer } | null> {
    const row = await this.knex<DocumentRow>('documents').where({ id }).first();
    return row && row.content ? { info: toInfo(row), content: Buffer.from(row.content) } : null;
  }
}
