// Message templates (gateway/whatsapp/README.md §5): synchronised page by page from
// GET /{WABA-ID}/message_templates and kept current by the message_template_status_update
// webhook (Meta's webhooks reference). A template is one WhatsAppTemplates record per
// (account, name, language); its body's {{n}} placeholders give the parameters a send needs.
import type { CloudClient, CloudTarget } from '../../../adapters/whatsapp/cloud-client.js';
import type { TemplateEvent } from '../../../formats/whatsapp/webhook.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { TemplateQueries } from '../../../store/whatsapp/conversation-queries.js';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const STATUSES = new Set(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL']);
/** Pages read per sync at most: 100 templates a page, far above Meta's per-account limit. */
const MAX_PAGES = 100;

export interface TemplateValues {
  readonly templateId: string;
  readonly name: string;
  readonly language: string;
  readonly status: string;
  readonly category: string | null;
  readonly body: string | null;
  readonly reason: string | null;
}

function bodyOf(t: Obj): string | null {
  const components = Array.isArray(t['components']) ? (t['components'] as unknown[]) : [];
  const body = components.map(obj).find((c) => text(c['type'])?.toUpperCase() === 'BODY');
  return body ? text(body['text']) : null;
}

export const paramCount = (body: string | null): number =>
  new Set([...(body ?? '').matchAll(/\{\{\s*([\w]+)\s*\}\}/g)].map((m) => m[1])).size;

export class TemplateBook {
  constructor(
    private readonly store: Store,
    private readonly queries: TemplateQueries,
    private readonly client: CloudClient,
  ) {}

  async upsert(actor: Actor, channel: WhatsAppChannel, t: TemplateValues): Promise<number> {
    const found =
      (t.templateId !== '' ? await this.queries.byTemplateId(t.templateId) : null) ??
      (await this.queries.find(channel.wabaId, t.name, t.language))?.id ??
      null;
    const values = {
      template_name: t.name,
      template_language: t.language,
      template_id: t.templateId,
      waba_id: channel.wabaId,
      template_status: STATUSES.has(t.status) ? t.status : 'PENDING',
      ...(t.category !== null ? { template_category: t.category } : {}),
      ...(t.body !== null
        ? { template_body: t.body, template_params: String(paramCount(t.body)) }
        : {}),
      template_reason: t.reason,
    };
    if (found !== null) {
      await this.store.records.update(actor, 'WhatsAppTemplates', found, { values }, 'revise');
      return found;
    }
    const created = await this.store.records.create(actor, 'WhatsAppTemplates', {
      owner: channel.owner,
      values,
    });
    return created.id;
  }

  /** Reads every page of the account's templates into the module; returns how many. */
  async sync(actor: Actor, channel: WhatsAppChannel, target: CloudTarget): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.client.templates(target, channel.wabaId, after);
      for (const t of result.templates) {
        const name = text(t['name']);
        const language = text(t['language']);
        if (!name || !language) continue;
        await this.upsert(actor, channel, {
          templateId: text(t['id']) ?? '',
          name,
          language,
          status: text(t['status']) ?? 'PENDING',
          category: text(t['category']),
          body: bodyOf(t),
          reason: text(t['rejected_reason']),
        });
        count++;
      }
      after = result.after;
      if (after === null) break;
    }
    return count;
  }

  /** A message_template_status_update webhook change. */
  async applyEvent(actor: Actor, channel: WhatsAppChannel, ev: TemplateEvent): Promise<void> {
    const found =
      (ev.templateId !== '' ? await this.queries.byTemplateId(ev.templateId) : null) ??
      (await this.queries.find(channel.wabaId, ev.name, ev.language))?.id ??
      null;
    const status = ev.event.toUpperCase();
    if (found === null) {
      await this.upsert(actor, channel, {
        templateId: ev.templateId,
        name: ev.name,
        language: ev.language,
        status,
        category: null,
        body: null,
        reason: ev.reason,
      });
      return;
    }
    await this.store.records.update(
      actor,
      'WhatsAppTemplates',
      found,
      {
        values: {
          template_status: STATUSES.has(status) ? status : 'PENDING',
          template_reason: ev.reason && ev.reason !== 'NONE' ? ev.reason : null,
        },
      },
      'revise',
    );
  }
}
