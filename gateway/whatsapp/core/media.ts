// Incoming media (gateway/whatsapp/README.md §3.3): GET /{Media-ID} for a short-lived URL, then the
// file through the outbound door within the size limit, kept as a document on the conversation.
// A media id Meta no longer knows (they expire after 30 days, Cloud API "Media") or a file over
// the limit leaves the message stored with the reason, never blocks the delivery.
import { createHash } from 'node:crypto';
import type { InboundMedia } from '../../../formats/whatsapp/webhook.js';
import type { CloudClient, CloudTarget } from '../../../adapters/whatsapp/cloud-client.js';
import type { WhatsAppMediaRepository } from '../../../store/whatsapp/media-repository.js';

export class MediaFetcher {
  constructor(
    private readonly client: CloudClient,
    private readonly repo: WhatsAppMediaRepository,
    private readonly maxBytes: number,
  ) {}

  /** Returns the document id, or null with the reason noted on the message. */
  async fetch(
    target: CloudTarget,
    media: InboundMedia,
    recordId: number,
    messageId: number,
  ): Promise<number | null> {
    try {
      const info = await this.client.media(target, media.id);
      if (info.size !== null && info.size > this.maxBytes)
        throw new Error(`the file has ${info.size} bytes, over the limit of ${this.maxBytes}`);
      const content = await this.client.download(target, info.url, this.maxBytes);
      const mime = info.mime ?? media.mime ?? 'application/octet-stream';
      return await this.repo.attach(recordId, messageId, {
        fileName: media.fileName ?? `${media.id}.${mime.split('/')[1]?.split(';')[0] ?? 'bin'}`,
        mime,
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
      });
    } catch (err) {
      await this.repo.noteError(
        messageId,
        `media not downloaded: ${err instanceof Error ? err.message : String(err)}`,
      );
      return null;
    }
  }
}
