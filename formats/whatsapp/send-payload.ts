// Request bodies of POST /{Version}/{Phone-Number-ID}/messages (Meta's OpenAPI description,
// test/fixtures/whatsapp/business-messaging-api_v23.0.yaml, schema Message and its examples
// "Send Text Message" and "Send Template Message"). `recipient_type` is always sent: the spec
// requires it where the live API defaults it (test/fixtures/whatsapp/SOURCES.md), and
// `language.policy` likewise.

export type SendPayload = Record<string, unknown>;

const base = (to: string): SendPayload => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
});

export function textPayload(to: string, body: string): SendPayload {
  return { ...base(to), type: 'text', text: { preview_url: false, body } };
}

export function templatePayload(
  to: string,
  name: string,
  language: string,
  params: readonly string[],
): SendPayload {
  return {
    ...base(to),
    type: 'template',
    template: {
      name,
      language: { code: language, policy: 'deterministic' },
      ...(params.length > 0
        ? {
            components: [
              { type: 'body', parameters: params.map((text) => ({ type: 'text', text })) },
            ],
          }
        : {}),
    },
  };
}

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

export function mediaPayload(
  to: string,
  kind: MediaKind,
  link: string,
  caption: string | null,
): SendPayload {
  return {
    ...base(to),
    type: kind,
    [kind]: { link, ...(caption && kind !== 'audio' ? { caption } : {}) },
  };
}

/**
 * A media message by the id `POST /{Phone-Number-ID}/media` answered (spec examples "Send Image
 * Message by ID", "Send Document Message by ID"): a caption where the type takes one, a document's
 * file name so the customer sees it.
 */
export function mediaIdPayload(
  to: string,
  kind: MediaKind,
  id: string,
  caption: string | null,
  fileName: string | null,
): SendPayload {
  return {
    ...base(to),
    type: kind,
    [kind]: {
      id,
      ...(caption && kind !== 'audio' ? { caption } : {}),
      ...(fileName && kind === 'document' ? { filename: fileName } : {}),
    },
  };
}

/**
 * The message type a file is sent as, by its MIME type: the image, video and audio types the
 * Cloud API lists under "Supported media types", anything else as a document.
 */
export function mediaKindOf(mime: string): MediaKind {
  const m = mime.toLowerCase().split(';')[0]?.trim() ?? '';
  if (m === 'image/jpeg' || m === 'image/png') return 'image';
  if (m === 'video/mp4' || m === 'video/3gpp') return 'video';
  if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(m))
    return 'audio';
  return 'document';
}

/** The Cloud API's size limits per type ("Supported media types"). */
export const MEDIA_LIMITS: Readonly<Record<MediaKind, number>> = {
  image: 5 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
};

/** The 1024-character limit of a template body parameter and 4096 of a text body (Cloud API). */
export const MAX_TEXT = 4096;
