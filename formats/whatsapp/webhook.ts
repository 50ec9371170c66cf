// Webhook deliveries of the WhatsApp Cloud API (Meta, "Webhooks reference": messages,
// messages/status and message_template_status_update, developers.facebook.com/docs/whatsapp/
// cloud-api/webhooks/reference) into plain events. A delivery may carry several entries and
// changes; every one is read, and anything unrecognised becomes an `unknown` event instead of an
// error, so one odd change never blocks the rest of the batch.

export interface InboundMedia {
  readonly id: string;
  readonly mime: string | null;
  readonly fileName: string | null;
}

export interface InboundMessage {
  readonly kind: 'message';
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly profileName: string | null;
  readonly wamid: string;
  /** Milliseconds since the epoch (Meta sends Unix seconds). */
  readonly at: number;
  readonly type: string;
  readonly text: string | null;
  readonly media: InboundMedia | null;
  readonly errors: readonly { code: number; title: string }[];
}

export interface StatusEvent {
  readonly kind: 'status';
  readonly phoneNumberId: string;
  readonly wamid: string;
  readonly status: string;
  readonly at: number;
  readonly recipientId: string;
  readonly error: { code: number; title: string } | null;
}

export interface TemplateEvent {
  readonly kind: 'template';
  readonly wabaId: string;
  readonly event: string;
  readonly templateId: string;
  readonly name: string;
  readonly language: string;
  readonly reason: string | null;
}

export interface UnknownEvent {
  readonly kind: 'unknown';
  readonly field: string;
}

export type WebhookEvent = InboundMessage | StatusEvent | TemplateEvent | UnknownEvent;

export class WebhookFormatError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

function seconds(v: unknown): number {
  const n = Number(str(v));
  return Number.isFinite(n) && n > 0 ? n * 1000 : Date.now();
}

function errorsOf(v: unknown): { code: number; title: string }[] {
  return arr(v).map((e) => ({
    code: Number(obj(e)['code'] ?? 0),
    title: str(obj(e)['title']) ?? str(obj(e)['message']) ?? 'error',
  }));
}

/** The readable text of a message of any type, or null (unsupported, bare media). */
function textOf(type: string, m: Obj): string | null {
  const part = obj(m[type]);
  switch (type) {
    case 'text':
      return str(part['body']);
    case 'image':
    case 'video':
    case 'document':
      return str(part['caption']) ?? str(part['filename']);
    case 'location': {
      const where = [str(part['name']), str(part['address'])].filter((s) => s !== null);
      return [`${str(part['latitude'])},${str(part['longitude'])}`, ...where].join(' ');
    }
    case 'contacts':
      return arr(m['contacts'])
        .map((c) => {
          const name = str(obj(obj(c)['name'])['formatted_name']) ?? '';
          const phones = arr(obj(c)['phones']).map((p) => str(obj(p)['phone']) ?? '');
          return [name, ...phones].filter((s) => s !== '').join(' ');
        })
        .join('; ');
    case 'interactive': {
      const reply = obj(part['button_reply'] ?? part['list_reply']);
      return str(reply['title']);
    }
    case 'button':
      return str(part['text']);
    case 'reaction':
      return str(part['emoji']);
    default:
      return null;
  }
}

function messageOf(phoneNumberId: string, contacts: unknown[], m: Obj): InboundMessage {
  const type = str(m['type']) ?? 'unsupported';
  const waId = str(m['from']) ?? '';
  const wamid = str(m['id']);
  if (!wamid || !waId) throw new WebhookFormatError('a message without id or sender');
  const contact = contacts.map(obj).find((c) => str(c['wa_id']) === waId);
  const part = obj(m[type]);
  const media = MEDIA_TYPES.has(type)
    ? {
        id: str(part['id']) ?? '',
        mime: str(part['mime_type']),
        fileName: str(part['filename']),
      }
    : null;
  return {
    kind: 'message',
    phoneNumberId,
    waId,
    profileName: str(obj(contact?.['profile'])['name']),
    wamid,
    at: seconds(m['timestamp']),
    type,
    text: textOf(type, m),
    media: media && media.id !== '' ? media : null,
    errors: errorsOf(m['errors']),
  };
}

function statusOf(phoneNumberId: string, s: Obj): StatusEvent {
  const wamid = str(s['id']);
  const status = str(s['status']);
  if (!wamid || !status) throw new WebhookFormatError('a status without message id or status');
  const [error] = errorsOf(s['errors']);
  return {
    kind: 'status',
    phoneNumberId,
    wamid,
    status,
    at: seconds(s['timestamp']),
    recipientId: str(s['recipient_id']) ?? '',
    error: error ?? null,
  };
}

function templateOf(wabaId: string, v: Obj): TemplateEvent {
  return {
    kind: 'template',
    wabaId,
    event: str(v['event']) ?? '',
    templateId: str(v['message_template_id']) ?? '',
    name: str(v['message_template_name']) ?? '',
    language: str(v['message_template_language']) ?? '',
    reason: str(v['reason']),
  };
}

/** A delivery's JSON text → its events in order. Throws WebhookFormatError on a broken body. */
export function parseWebhook(body: string): WebhookEvent[] {
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    throw new WebhookFormatError('the delivery is not valid JSON');
  }
  if (!isObj(root) || root['object'] !== 'whatsapp_business_account')
    throw new WebhookFormatError('the delivery is not a whatsapp_business_account notification');
  const events: WebhookEvent[] = [];
  for (const entry of arr(root['entry']).map(obj)) {
    const wabaId = str(entry['id']) ?? '';
    for (const change of arr(entry['changes']).map(obj)) {
      const field = str(change['field']) ?? '';
      const value = obj(change['value']);
      if (field === 'messages') {
        const phoneNumberId = str(obj(value['metadata'])['phone_number_id']) ?? '';
        const contacts = arr(value['contacts']);
        for (const m of arr(value['messages']).map(obj))
          events.push(messageOf(phoneNumberId, contacts, m));
        for (const s of arr(value['statuses']).map(obj)) events.push(statusOf(phoneNumberId, s));
      } else if (field === 'message_template_status_update') {
        events.push(templateOf(wabaId, value));
      } else {
        events.push({ kind: 'unknown', field });
      }
    }
  }
  return events;
}
