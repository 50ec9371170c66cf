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

/** The 1024-character limit of a template body parameter and 4096 of a text body (Cloud API). */
export const MAX_TEXT = 4096;
