// Sending a file from the CRM (gateway/whatsapp/README.md §4): checked (the window open, a MIME
// type, within the type's size limit), uploaded to the channel's number with POST
// /{Phone-Number-ID}/media through the outbound door (adapters/http.ts), and sent by the id Meta
// gave it. A failed upload stores nothing; a revoked token pauses the channel as a failed send does.
import { CloudApiError } from '../../../adapters/whatsapp/cloud-client.js';
import {
  MEDIA_LIMITS,
  mediaIdPayload,
  mediaKindOf,
  type SendPayload,
} from '../../../formats/whatsapp/send-payload.js';
import { GatewayError } from '../../../store/errors.js';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';
import type { SendContent, SenderDeps } from './sender.js';

export function mediaIdOf(payload: SendPayload): string | null {
  const part = payload[String(payload['type'])];
  const id =
    typeof part === 'object' && part !== null ? (part as Record<string, unknown>)['id'] : null;
  return typeof id === 'string' ? id : null;
}

/** The payload of a file, uploaded first. */
export async function uploadedPayload(
  deps: Pick<SenderDeps, 'client' | 'channels' | 'target'>,
  channel: WhatsAppChannel,
  waId: string,
  content: Extract<SendContent, { kind: 'media' }>,
  windowOpen: boolean,
): Promise<SendPayload> {
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(content.mime))
    throw new GatewayError('invalid_input', `"${content.mime.slice(0, 80)}" is not a MIME type`);
  if (content.content.length === 0) throw new GatewayError('invalid_input', 'the file is empty');
  const kind = mediaKindOf(content.mime);
  if (content.content.length > MEDIA_LIMITS[kind])
    throw new GatewayError(
      'invalid_input',
      `a ${kind} is at most ${MEDIA_LIMITS[kind] / 1024 / 1024} MiB on WhatsApp`,
    );
  if ((content.caption ?? '').length > 1024)
    throw new GatewayError('invalid_input', 'a caption has at most 1024 characters');
  if (!windowOpen)
    throw new GatewayError(
      'conflict',
      `outside the 24-hour customer-service window of +${waId}: only an approved template can be sent until the customer writes again`,
    );
  let id: string;
  try {
    id = await deps.client.uploadMedia(await deps.target(channel), channel.phoneNumberId, {
      fileName: content.fileName,
      mime: content.mime,
      content: content.content,
    });
  } catch (err) {
    if (err instanceof CloudApiError && err.tokenRevoked) {
      await deps.channels.setFault(channel.id, err.message);
      throw new GatewayError('conflict', `${err.message}: sending is paused for this channel`);
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new GatewayError('conflict', `the upload to WhatsApp failed: ${reason}`);
  }
  return mediaIdPayload(waId, kind, id, content.caption, content.fileName);
}
