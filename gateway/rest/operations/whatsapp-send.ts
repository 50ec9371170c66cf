// whatsapp_send (gateway/whatsapp/README.md §4): a WhatsApp message to the customer of a ticket or
// WhatsApp conversation the caller may edit (`recordId`), or, for administrators, to any number
// (`to`). `text` inside the 24-hour window, or `documentId` (a file attached to the ticket or the
// conversation, with an optional `caption`) uploaded and sent as media; else `template` and
// `language` with `params`, an encoded JSON list. The window rule and the channel's state are checked before anything is sent.
import type { SendContent } from '../../whatsapp/core/sender.js';
import { GatewayError } from '../../../store/errors.js';
import { getModule } from '../../../store/modules/registry.js';
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { loadRecord } from '../record-access.js';
import { wsError } from '../ws-errors.js';

function paramList(raw: unknown): string[] {
  if (raw === undefined || raw === '') return [];
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw wsError('INTERNAL_SERVER_ERROR', 'params: a JSON list of strings');
    }
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw wsError('INTERNAL_SERVER_ERROR', 'params: a JSON list of strings');
  return value;
}

/** The conversation a ticket or conversation record leads to: its channel and customer. */
async function recipientOf(
  ctx: OpContext,
  recordId: unknown,
): Promise<{ channelId: number; to: string; recordIds: number[] }> {
  const service = ctx.deps.whatsapp;
  if (!service) throw wsError('OPERATION_NOT_SUPPORTED', 'WhatsApp is not available');
  const loaded = await loadRecord(ctx.deps, callerOf(ctx), recordId, 'write');
  let conversationId = loaded.record.id;
  if (loaded.def.name === 'HelpDesk') {
    const found = await ctx.deps.store.db
      .knex('mod_whatsappconversations')
      .where({ ticket_id: loaded.record.id })
      .orderBy('id', 'desc')
      .first<{ id: number } | undefined>('id');
    if (!found) throw wsError('RECORD_NOT_FOUND', 'this ticket has no WhatsApp conversation');
    conversationId = Number(found.id);
  } else if (loaded.def.name !== 'WhatsAppConversations') {
    throw wsError(
      'INTERNAL_SERVER_ERROR',
      'recordId: a HelpDesk ticket or a WhatsApp conversation',
    );
  }
  const conversation = await ctx.deps.store.records.read(
    getModule('WhatsAppConversations'),
    conversationId,
  );
  const channel = await service.channels.byPhoneNumberId(conversation?.values['wa_channel'] ?? '');
  const to = conversation?.values['wa_id'];
  if (!channel || !to) throw wsError('RECORD_NOT_FOUND', 'the conversation has no channel');
  return { channelId: channel.id, to, recordIds: [loaded.record.id, conversationId] };
}

/**
 * A file attached to the ticket or its conversation (the documents table: customers' media, web
 * form uploads), sent as media: only files of the record the caller may write.
 */
async function documentOf(
  ctx: OpContext,
  raw: string,
  recordIds: readonly number[],
): Promise<{ fileName: string; mime: string; content: Buffer }> {
  if (!/^\d{1,12}$/.test(raw)) throw wsError('INTERNAL_SERVER_ERROR', 'documentId: a number');
  const row = await ctx.deps.store.db
    .knex('documents')
    .where({ id: Number(raw) })
    .whereIn('record_id', [...recordIds])
    .first<{ file_name: string; mime: string; content: Buffer } | undefined>(
      'file_name',
      'mime',
      'content',
    );
  if (!row) throw wsError('RECORD_NOT_FOUND', 'no such document on this ticket or conversation');
  return { fileName: row.file_name, mime: row.mime, content: Buffer.from(row.content) };
}

export async function whatsappSend(ctx: OpContext): Promise<unknown> {
  const service = ctx.deps.whatsapp;
  if (!service) throw wsError('OPERATION_NOT_SUPPORTED', 'WhatsApp is not available');
  const caller = callerOf(ctx);
  const recordId = text(ctx.params, 'recordId');
  let target: { channelId: number; to: string; recordIds?: number[] };
  if (recordId !== '') target = await recipientOf(ctx, recordId);
  else {
    if (!caller.actor.isAdmin)
      throw wsError('ACCESS_DENIED', 'only administrators send to a number: give recordId');
    const to = text(ctx.params, 'to');
    const channel = text(ctx.params, 'channel');
    if (to === '') throw wsError('MANDATORY_FIELDS_MISSING', 'to or recordId is required');
    if (channel !== '' && !/^\d{1,9}$/.test(channel))
      throw wsError('INTERNAL_SERVER_ERROR', 'channel: a channel number');
    target = {
      channelId: (await service.channelFor(channel === '' ? undefined : Number(channel))).id,
      to,
    };
  }
  const body = text(ctx.params, 'text');
  const template = text(ctx.params, 'template');
  const documentId = text(ctx.params, 'documentId');
  if ([body, template, documentId].filter((v) => v !== '').length !== 1)
    throw wsError('MANDATORY_FIELDS_MISSING', 'give text, template or documentId, one of them');
  if (documentId !== '' && !target.recordIds)
    throw wsError('MANDATORY_FIELDS_MISSING', 'documentId needs the recordId it is attached to');
  const caption = text(ctx.params, 'caption');
  const language = text(ctx.params, 'language');
  if (template !== '' && language === '')
    throw wsError('MANDATORY_FIELDS_MISSING', 'language is required with template');
  try {
    const content: SendContent =
      documentId !== ''
        ? {
            kind: 'media',
            ...(await documentOf(ctx, documentId, target.recordIds ?? [])),
            caption: caption === '' ? null : caption,
          }
        : template !== ''
          ? { kind: 'template', name: template, language, params: paramList(ctx.params['params']) }
          : { kind: 'text', text: body };
    const message = await service.send({
      channelId: target.channelId,
      to: target.to,
      content,
    });
    return { id: message.id, wamid: message.wamid, status: message.status };
  } catch (err) {
    if (err instanceof GatewayError && err.kind === 'conflict')
      throw wsError('DATABASE_QUERY_ERROR', err.message);
    throw err;
  }
}
